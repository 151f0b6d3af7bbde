/**
 * The runtime shape check of the whole configuration: values that bypass the TypeScript types
 * (environment variables, casts, JSON) are refused before any resolver runs.
 */
import { z } from "zod";
import { capacityBlockFromEnv, loadEnvironments } from "../config/environments";
import type { EnvironmentConfig } from "../lib/environment";
import { ConfigError } from "../lib/errors";
import { SettingSources } from "../lib/provenance";
import { resolveEnvironments } from "../lib/resolve-environments";
import { closest, schemaFor } from "../lib/schema";
import { REFERENCE_VARIABLES } from "../config/reference-environment";
import { G6, testEnvironment } from "./helpers";

function problemsOf(configs: readonly unknown[], sources?: SettingSources): readonly string[] {
  try {
    resolveEnvironments(configs as EnvironmentConfig[], sources);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const withOverrides = (overrides: Record<string, unknown>) =>
  testEnvironment(overrides as Partial<EnvironmentConfig>);

describe("configuration shape", () => {
  test("an unknown key deep in the configuration is refused with the setting it resembles", () => {
    expect(problemsOf([withOverrides({ systemNodeGroup: { diskSizeGb: 80 } })])).toEqual([
      'environments.test.systemNodeGroup.diskSizeGb is not a setting, so it would be ignored without a word; did you mean "diskSizeGiB"? Rename it',
    ]);
  });

  test("an unknown key that resembles nothing lists the settings of its object", () => {
    expect(problemsOf([withOverrides({ access: { adminPrincipalArns: [], sso: true } })])).toEqual([
      "environments.test.access.sso is not a setting, so it would be ignored without a word; remove it (the settings here are adminPrincipalArns, grantDeployerAdmin)",
    ]);
  });

  test("unknown keys are found in each member of the network union", () => {
    expect(
      problemsOf([
        withOverrides({
          network: {
            kind: "existing",
            vpcId: "vpc-0123456789abcdef0",
            privateSubnets: [],
            vpcCidr: "10.0.0.0/16",
          },
        }),
      ]),
    ).toEqual([
      "environments.test.network.vpcCidr is not a setting, so it would be ignored without a word; remove it (the settings here are kind, vpcId, privateSubnets)",
    ]);
  });

  test("enums are compared exactly and a value in the wrong case is named", () => {
    expect(
      problemsOf([
        withOverrides({ gpuNodeGroups: [{ ...G6, allocation: "DRA" }], supportType: "extended" }),
      ]),
    ).toEqual([
      'environments.test.supportType "extended" is not one of "STANDARD", "EXTENDED" (compared exactly, case included); use "EXTENDED"',
      'environments.test.gpuNodeGroups.g6.allocation "DRA" is not one of "dra", "device-plugin" (compared exactly, case included); use "dra"',
    ]);
  });

  test("a number written as a string is refused", () => {
    expect(problemsOf([withOverrides({ gpuNodeGroups: [{ ...G6, maxSize: "4" }] })])).toEqual([
      'environments.test.gpuNodeGroups.g6.maxSize "4" is a string, but it must be a number; write 4 without quotes',
    ]);
  });

  test("a missing required setting is named", () => {
    const config: Record<string, unknown> = { ...testEnvironment() };
    delete config.clusterName;
    expect(problemsOf([config])).toEqual([
      "environments.test.clusterName is missing; it is required and takes a string",
    ]);
  });

  test("an environment without a usable name is named by its position", () => {
    expect(problemsOf([withOverrides({ name: 7 })])).toEqual([
      'environments[0].name 7 is a number, but it must be a string; write it in quotes: "7"',
    ]);
  });

  test("closest suggests the same word in another case before a small edit", () => {
    expect(closest("natgateways", ["natGateways", "vpcCidr"])).toBe("natGateways");
    expect(closest("rootVolumeGb", ["rootVolumeGiB", "minSize"])).toBe("rootVolumeGiB");
    expect(closest("zzz", ["rootVolumeGiB", "minSize"])).toBeUndefined();
  });

  test("a schema that disagrees with its settings type does not compile", () => {
    interface Settings {
      readonly size?: number;
    }
    const agrees = schemaFor<Settings>()(z.strictObject({ size: z.number().optional() }));
    // @ts-expect-error the schema lacks the optional setting `size`
    schemaFor<Settings>()(z.strictObject({}));
    // @ts-expect-error the schema makes `size` required
    schemaFor<Settings>()(z.strictObject({ size: z.number() }));
    // @ts-expect-error the schema takes a string where the type has a number
    schemaFor<Settings>()(z.strictObject({ size: z.string().optional() }));
    expect(agrees.safeParse({ size: 1 }).success).toBe(true);
  });
});

describe("values from environment variables", () => {
  function loadProblems(variables: Record<string, string>): readonly string[] {
    const sources = new SettingSources();
    return problemsOf(loadEnvironments({ ...REFERENCE_VARIABLES, ...variables }, sources), sources);
  }

  test("an upper-case reservation ID names the variable, its value and the accepted form", () => {
    expect(loadProblems({ PROD_P4D_CAPACITY_RESERVATION_ID: "CR-0123456789ABCDEF0" })).toEqual([
      'environments.prod.gpuNodeGroups.p4d.capacityReservationId "CR-0123456789ABCDEF0" is not a capacity reservation ID; copy the "cr-" followed by 17 hex digits from the EC2 console\'s Capacity Reservations page (the value comes from PROD_P4D_CAPACITY_RESERVATION_ID, which is "CR-0123456789ABCDEF0"; it takes the reservation ID as EC2 shows it: "cr-" and 17 lowercase hex digits)',
    ]);
  });

  test("an empty zone variable is named as set but empty", () => {
    expect(loadProblems({ PROD_P6E_CAPACITY_RESERVATION_AZ: "" })).toEqual([
      'environments.prod.gpuNodeGroups.p6e.capacityReservationAz is missing: a Capacity Block lives in one zone and the group must launch there; set it to the reservation\'s zone (the value comes from PROD_P6E_CAPACITY_RESERVATION_AZ, which is set but empty; it takes the reservation\'s zone name, such as "us-east-1a" or "us-east-1-dfw-2a")',
    ]);
  });

  test("an entry of a list variable names the variable and its whole text", () => {
    expect(loadProblems({ DEV_PUBLIC_ACCESS_CIDRS: "203.0.113.0/24, 198.51.100.7" })).toEqual([
      'environments.dev.endpoint.publicAccessCidrs entry "198.51.100.7" is not a valid IPv4 CIDR (four decimal octets, no leading zeros, host bits zero); write it as "203.0.113.0/24" (the value comes from DEV_PUBLIC_ACCESS_CIDRS, which is "203.0.113.0/24, 198.51.100.7"; it takes a comma-separated list of IPv4 CIDRs such as "203.0.113.0/24")',
    ]);
  });

  test("a shape problem of a value recorded from a variable names the variable", () => {
    const sources = new SettingSources();
    sources.record("environments.test.gpuNodeGroups.g6.allocation", {
      variable: "TEST_G6_ALLOCATION",
      value: "DRA",
      form: '"dra" or "device-plugin"',
    });
    expect(
      problemsOf([withOverrides({ gpuNodeGroups: [{ ...G6, allocation: "DRA" }] })], sources),
    ).toEqual([
      'environments.test.gpuNodeGroups.g6.allocation "DRA" is not one of "dra", "device-plugin" (compared exactly, case included); use "dra" (the value comes from TEST_G6_ALLOCATION, which is "DRA"; it takes "dra" or "device-plugin")',
    ]);
  });

  test("an unset variable records nothing, so messages about the setting name only the setting", () => {
    const sources = new SettingSources();
    capacityBlockFromEnv({}, "prod", "p4d", sources);
    expect(sources.sourceOf("environments.prod.gpuNodeGroups.p4d.capacityReservationId x")).toBe(
      undefined,
    );
  });
});
