import { Testing } from "cdktf";
import { loadEnvironments } from "../config/environments";
import type { EnvironmentConfig } from "../lib/environment";
import type { GpuNodeGroupConfig } from "../lib/nodes/settings";
import { ConfigError } from "../lib/errors";
import { resolveEnvironments } from "../lib/resolve-environments";
import { addBlueprint } from "../stacks/blueprint";

/** A synthesized stack: Terraform JSON with snake_case keys. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SynthJson = Record<string, any>;

export const RESERVATION = "cr-0123456789abcdef0";
/** A second Capacity Block: one reservation feeds one node group. */
export const SECOND_RESERVATION = "cr-0123456789abcdef1";

/** A GPU group of each kind, valid in {@link testEnvironment}. */
export const G6: GpuNodeGroupConfig = {
  name: "g6",
  instanceType: "g6.xlarge",
  capacityType: "ON_DEMAND",
  allocation: "dra",
};
export const P4D: GpuNodeGroupConfig = {
  name: "p4d",
  instanceType: "p4d.24xlarge",
  capacityType: "CAPACITY_BLOCK",
  capacityReservationId: RESERVATION,
  capacityReservationAz: "us-east-1b",
  allocation: "dra",
  migLayout: "all-1g.5gb",
};
export const P6E: GpuNodeGroupConfig = {
  name: "p6e",
  instanceType: "p6e-gb200.36xlarge",
  capacityType: "CAPACITY_BLOCK",
  capacityReservationId: SECOND_RESERVATION,
  capacityReservationAz: "us-east-1-dfw-2a",
  allocation: "device-plugin",
  computeDomains: true,
};

/** An existing VPC with two private subnets in the test environment's region. */
export const EXISTING_VPC = {
  kind: "existing",
  vpcId: "vpc-0123456789abcdef0",
  privateSubnets: [
    { id: "subnet-0123456789abcdef0", availabilityZone: "us-east-1a" },
    { id: "subnet-0123456789abcdef1", availabilityZone: "us-east-1b" },
  ],
} as const satisfies EnvironmentConfig["network"];

/** A small valid environment that tests change one setting of. */
export function testEnvironment(overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return {
    name: "test",
    production: false,
    region: "us-east-1",
    clusterName: "gpu-test",
    network: {
      kind: "new",
      vpcCidr: "10.0.0.0/16",
      availabilityZones: ["us-east-1a", "us-east-1b"],
    },
    ...overrides,
  };
}

/** The repository's environments with no environment variables set, as CI sees them. */
export function shippedEnvironments(): readonly EnvironmentConfig[] {
  return loadEnvironments({});
}

/** Synthesized stacks by the configurations they came from, so tests of one file share a synth. */
const synthesized = new Map<string, Record<string, SynthJson>>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * Synthesizes every stack of the given environments, keyed by stack name. The result is frozen
 * and shared by every test that synthesizes the same configurations.
 */
export function synthAll(configs: readonly EnvironmentConfig[]): Record<string, SynthJson> {
  const key = JSON.stringify(configs);
  const known = synthesized.get(key);
  if (known) return known;
  const out = deepFreeze(synthesize(configs));
  synthesized.set(key, out);
  return out;
}

function synthesize(configs: readonly EnvironmentConfig[]): Record<string, SynthJson> {
  const app = Testing.app();
  const stacks = addBlueprint(app, resolveEnvironments(configs));
  const out: Record<string, SynthJson> = {};
  for (const set of stacks.values()) {
    for (const stack of Object.values(set)) {
      out[stack.node.id] = JSON.parse(Testing.synth(stack, true));
    }
  }
  return out;
}

/** The cluster stack of a single test environment. */
export function synthCluster(overrides: Partial<EnvironmentConfig> = {}): SynthJson {
  const config = testEnvironment(overrides);
  return synthAll([config])[`${config.name}-cluster`];
}

/** Resources of one Terraform type, by their logical IDs. */
export function resources(json: SynthJson, type: string): Record<string, SynthJson> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type whose logical ID contains `idPart`. */
export function resource(json: SynthJson, type: string, idPart = ""): SynthJson {
  const matches = Object.entries(resources(json, type)).filter(([id]) => id.includes(idPart));
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${type} matching "${idPart}", found ${matches.map(([id]) => id).join(", ") || "none"}`,
    );
  }
  return matches[0][1];
}

/** The problems a configuration is rejected with; fails the test when it is accepted. */
export function problemsOf(configs: readonly EnvironmentConfig[]): readonly string[] {
  try {
    resolveEnvironments(configs);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("the configuration was accepted");
}

/** The problems a test environment with these overrides is rejected with; none when accepted. */
export function problemsOrNone(overrides: Partial<EnvironmentConfig>): readonly string[] {
  try {
    resolveEnvironments([testEnvironment(overrides)]);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** The Terraform address (`type.logical_id`) of the only resource of a type matching `idPart`. */
export function address(json: SynthJson, type: string, idPart = ""): string {
  const section = type.startsWith("data.") ? json.data?.[type.slice(5)] : json.resource?.[type];
  const ids = Object.keys(section ?? {}).filter((id) => id.includes(idPart));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} matching "${idPart}", found ${ids.join(", ") || "none"}`);
  return `${type}.${ids[0]}`;
}

/** A Terraform reference to an attribute of the resource {@link address} finds. */
export function ref(json: SynthJson, type: string, idPart: string, attribute: string): string {
  return `\${${address(json, type, idPart)}.${attribute}}`;
}

/**
 * A name for an environment a test adds, unused by the configured ones: a user who adds an
 * environment named as the test's (the docs' `staging`) must still get a passing suite.
 */
export function unusedEnvironmentName(preferred: string, taken: readonly string[]): string {
  if (!taken.includes(preferred)) return preferred;
  let n = 2;
  while (taken.includes(`${preferred}${n}`)) n++;
  return `${preferred}${n}`;
}

/** `config` under a name (and cluster name) no environment in `others` uses. */
export function apartFrom(
  config: EnvironmentConfig,
  others: readonly EnvironmentConfig[],
): EnvironmentConfig {
  const name = unusedEnvironmentName(
    config.name,
    others.map((e) => e.name),
  );
  const clusterName = unusedEnvironmentName(
    config.clusterName.replace(config.name, name),
    others.map((e) => e.clusterName),
  );
  return { ...config, name, clusterName };
}
