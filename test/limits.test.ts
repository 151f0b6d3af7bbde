/**
 * The accepted side of the AWS and Kubernetes limits: values at the limit, and the forms the rules
 * must not refuse. The refused side is in test/rejected-configs.test.ts.
 */
import { labelKeyProblem, labelValueProblem } from "../lib/nodes/label-rules";
import { checkSystemInstanceType } from "../lib/nodes/system-instance-types";
import { G6, P4D, problemsOrNone } from "./helpers";

describe("limits a valid configuration stays within", () => {
  test("production may open the endpoint to exactly one /8 of public addresses, in any split", () => {
    expect(
      problemsOrNone({
        production: true,
        endpoint: { publicAccessCidrs: ["17.0.0.0/9", "17.128.0.0/9", "10.0.0.0/8"] },
      }),
    ).toEqual([]);
  });

  test("outside production a wide public range is allowed", () => {
    expect(problemsOrNone({ endpoint: { publicAccessCidrs: ["0.0.0.0/0"] } })).toEqual([]);
  });

  test("a state bucket with single dots and a nested key prefix are accepted", () => {
    expect(
      problemsOrNone({ stateBackend: { bucket: "team.terraform-state", keyPrefix: "gpu/prod" } }),
    ).toEqual([]);
  });

  test("gp3 at its maximum size and a group at the node quota are accepted", () => {
    expect(
      problemsOrNone({
        systemNodeGroup: { diskSizeGiB: 16384 },
        gpuNodeGroups: [{ ...G6, rootVolumeGiB: 16384, maxSize: 450 }],
      }),
    ).toEqual([]);
  });

  test("a Capacity Block in a listed Local Zone of the region is accepted", () => {
    expect(
      problemsOrNone({ gpuNodeGroups: [{ ...P4D, capacityReservationAz: "us-east-1-bos-1a" }] }),
    ).toEqual([]);
  });

  test("tag values of 256 characters, with the punctuation AWS allows, are accepted", () => {
    expect(problemsOrNone({ tags: { "cost-center": "a".repeat(249) + " +-=._:" } })).toEqual([]);
  });
});

describe("label syntax", () => {
  test("prefixed keys, the node self-labelling namespaces and empty values are valid", () => {
    expect(
      ["team", "example.com/team", "node.kubernetes.io/pool", "kubelet.kubernetes.io/x"].map(
        labelKeyProblem,
      ),
    ).toEqual([undefined, undefined, undefined, undefined]);
    expect(["", "a", "v1.2_x-y"].map(labelValueProblem)).toEqual([undefined, undefined, undefined]);
  });

  test("reserved namespaces, bad prefixes and long names are refused", () => {
    expect(
      [
        "k8s.io/x",
        "topology.kubernetes.io/zone",
        "Example.com/x",
        `x/${"a".repeat(64)}`,
        "-team",
      ].map((key) => labelKeyProblem(key) !== undefined),
    ).toEqual([true, true, true, true, true]);
    expect(labelValueProblem("a".repeat(64))).toBeDefined();
  });
});

describe("system node group instance types", () => {
  test("x86_64 and arm64 families are told apart, and a typo gets a suggestion", () => {
    expect(
      ["m7i.2xlarge", "c7g.large", "m7i.xlarg", "zz9.huge"].map(checkSystemInstanceType),
    ).toEqual([
      { kind: "x86_64" },
      { kind: "arm64" },
      { kind: "unknown", suggestion: "m7i.xlarge" },
      { kind: "unknown" },
    ]);
  });
});
