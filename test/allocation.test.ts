/**
 * The allocation proof: every shipped and rendered claim is allocated on the node group it
 * targets, and each way a claim can break stops the proof with the claim and the reason.
 */
import { loadEnvironments } from "../config/environments";
import {
  queuedReferenceEnvironment,
  REFERENCE_VARIABLES,
  referenceEnvironment,
} from "../config/reference-environment";
import { proveEnvironment } from "../lib/allocation/environment";
import { groupModels, proveExample } from "../lib/allocation/prove";
import type { ResolvedEnvironment } from "../lib/environment";
import { renderExamples, type Example, type KubeObject } from "../lib/examples/render";
import { resolveEnvironments } from "../lib/resolve-environments";
import { G6, P4D, P6E, testEnvironment } from "./helpers";

const everyEnvironment = (): ResolvedEnvironment[] => [
  ...resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES)),
  referenceEnvironment(),
  queuedReferenceEnvironment(),
];

/** A test environment with an L4 group, an A100 MIG group and a device-plugin GB200 group. */
function mixed(): ResolvedEnvironment {
  const [env] = resolveEnvironments([
    testEnvironment({
      kubernetesVersion: "1.35",
      gpuNodeGroups: [G6, P4D, P6E],
      nvidia: { gpuSharing: ["TimeSlicing"] },
    }),
  ]);
  return env;
}

function example(env: ResolvedEnvironment, name: string): Example {
  const found = renderExamples(env).find((e) => e.name === name);
  if (!found) throw new Error(`no example ${name}`);
  return found;
}

// Rendered claims are plain JSON; the tests edit them the way a user would edit the YAML.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Devices = any;

/** The example with the `spec.devices` of its first claim (or template) changed. */
function withDevices(ex: Example, change: (devices: Devices) => Devices): Example {
  let done = false;
  const objects = ex.objects.map((o): KubeObject => {
    if (done || (o.kind !== "ResourceClaimTemplate" && o.kind !== "ResourceClaim")) return o;
    done = true;
    const spec = o.spec as Devices;
    return o.kind === "ResourceClaim"
      ? { ...o, spec: { devices: change(structuredClone(spec.devices)) } }
      : { ...o, spec: { spec: { devices: change(structuredClone(spec.spec.devices)) } } };
  });
  return { ...ex, objects };
}

function problems(env: ResolvedEnvironment, ex: Example): readonly string[] {
  return proveExample(ex, groupModels(env), env.name).problems;
}

describe("allocation proof over the shipped environments", () => {
  it("allocates every claim of every rendered example on its node group", () => {
    for (const env of everyEnvironment()) {
      for (const proof of proveEnvironment(env))
        expect([env.name, proof.problems]).toEqual([env.name, []]);
    }
  });

  it("gives the MIG example a large and a small device of one physical GPU", () => {
    const env = referenceEnvironment();
    const mig = proveEnvironment(env).find((p) => p.example === "mig")!;
    expect(mig.outcomes[0].devices).toEqual([
      "3g.20gb MIG device of gpu-0",
      "1g.5gb MIG device of gpu-0",
    ]);
  });

  it("lets both sharing pods use the one GPU of their shared claim", () => {
    const proof = proveEnvironment(referenceEnvironment()).find(
      (p) => p.example === "time-slicing",
    )!;
    expect(proof.outcomes.map((o) => [o.node, o.devices])).toEqual([
      [0, ["gpu-0 (NVIDIA L4)"]],
      [0, ["gpu-0 (NVIDIA L4)"]],
    ]);
  });
});

describe("allocation proof refuses broken claims", () => {
  const env = mixed();

  it("refuses a selector that is not CEL, naming the claim and the parser's reason", () => {
    const broken = withDevices(example(env, "basic"), (d) => {
      d.requests[0].exactly.selectors = [{ cel: { expression: "device.attributes[" } }];
      return d;
    });
    expect(problems(env, broken)).toEqual([
      expect.stringMatching(
        /^environments\.test\.examples: example "basic" pod gpu-job cannot be allocated on node group "g6": ResourceClaimTemplate "single-gpu" \(claim 1 of pod gpu-job\): request "gpu" selector `device\.attributes\[` is not valid CEL: /,
      ),
    ]);
  });

  it("refuses a selector with a misspelt attribute, which fails at run time on every device", () => {
    const broken = withDevices(example(env, "basic"), (d) => {
      d.requests[0].exactly.selectors = [
        { cel: { expression: "device.attributes['gpu.nvidia.com'].productNam == 'NVIDIA L4'" } },
      ];
      return d;
    });
    expect(problems(env, broken)[0]).toContain(
      "fails on device gpu-0 with a CEL runtime error (field not found: productNam), which fails the claim",
    );
  });

  it("refuses a selector no device of the group matches", () => {
    const broken = withDevices(example(env, "basic"), (d) => {
      d.requests[0].exactly.selectors = [
        {
          cel: {
            expression: "device.capacity['gpu.nvidia.com'].memory.isGreaterThan(quantity('40Gi'))",
          },
        },
      ];
      return d;
    });
    expect(problems(env, broken)[0]).toContain(
      'request "gpu" asks for 1 device(s) of DeviceClass "gpu.nvidia.com" matching its selectors; a node of this group has 0',
    );
  });

  it("accepts quantity and semver comparisons the group's GPUs satisfy", () => {
    const tuned = withDevices(example(env, "basic"), (d) => {
      d.requests[0].exactly.selectors = [
        {
          cel: {
            expression: "device.capacity['gpu.nvidia.com'].memory.compareTo(quantity('24Gi')) == 0",
          },
        },
        {
          cel: {
            expression:
              "device.attributes['gpu.nvidia.com'].cudaComputeCapability.isGreaterThan(semver('8.6.0'))",
          },
        },
      ];
      return d;
    });
    expect(problems(env, tuned)).toEqual([]);
  });

  it("refuses a count larger than a node's GPUs", () => {
    const broken = withDevices(example(env, "basic"), (d) => {
      d.requests[0].exactly.count = 2;
      return d;
    });
    expect(problems(env, broken)[0]).toContain(
      'request "gpu" asks for 2 device(s) of DeviceClass "gpu.nvidia.com" matching its selectors; a node of this group has 1',
    );
  });

  it("refuses a MIG profile the group's layout does not create", () => {
    const broken = withDevices(example(env, "mig"), (d) => {
      d.requests[0].exactly.selectors = [
        { cel: { expression: "device.attributes['gpu.nvidia.com'].profile == '7g.40gb'" } },
      ];
      return d;
    });
    expect(problems(env, broken)[0]).toMatch(
      /example "mig" pod mig-job cannot be allocated on node group "p4d": ResourceClaimTemplate "mig-pair" .*request "large" asks for 1 device\(s\) of DeviceClass "mig.nvidia.com"/,
    );
  });

  it("refuses a matchAttribute no set of devices can meet: eight 1g.5gb devices of one GPU", () => {
    const broken = withDevices(example(env, "mig"), (d) => {
      for (const request of d.requests) {
        request.exactly.selectors = [
          { cel: { expression: "device.attributes['gpu.nvidia.com'].profile == '1g.5gb'" } },
        ];
        request.exactly.count = 4;
      }
      return d;
    });
    expect(problems(env, broken)[0]).toContain(
      "no set of free matching devices shares the attribute gpu.nvidia.com/parentUUID, as the constraint demands",
    );
  });

  it("refuses a constraint on an attribute the devices do not have", () => {
    const broken = withDevices(example(env, "mig"), (d) => {
      d.constraints = [{ matchAttribute: "gpu.nvidia.com/numaNode" }];
      return d;
    });
    expect(problems(env, broken)[0]).toContain(
      "no set of free matching devices shares the attribute gpu.nvidia.com/numaNode, as the constraint demands",
    );
  });

  it("refuses a DeviceClass the driver does not create", () => {
    const broken = withDevices(example(env, "basic"), (d) => {
      d.requests[0].exactly.deviceClassName = "vfio.gpu.nvidia.com";
      return d;
    });
    expect(problems(env, broken)[0]).toContain(
      'request "gpu" names DeviceClass "vfio.gpu.nvidia.com", which the DRA driver does not create',
    );
  });

  it("refuses an example aimed at a device-plugin group, where no DRA GPU is published", () => {
    const moved = { ...example(env, "basic"), nodeGroup: "p6e" };
    expect(problems(env, moved)[0]).toContain(
      'pod gpu-job cannot be allocated on node group "p6e"',
    );
  });

  /** The env's group models with one group publishing another group's devices, as a misplaced plugin would. */
  const publishing = (group: string, devicesOf: string) => {
    const models = groupModels(env);
    const devices = models.find((m) => m.group.name === devicesOf)!.devices;
    return models.map((m) => (m.group.name === group ? { ...m, devices } : m));
  };

  it("refuses a DRA claim that could be allocated on a device-plugin group", () => {
    expect(proveExample(example(env, "basic"), publishing("p6e", "g6"), env.name).problems).toEqual(
      [
        'environments.test.examples: example "basic" pod gpu-job\'s claims could be allocated on node group "p6e", ' +
          "a device-plugin group, whose GPUs the NVIDIA device plugin already hands out, where they must never go " +
          "(gpu-0 (NVIDIA GB200))",
      ],
    );
  });

  it("refuses a MIG claim that could be allocated on a group without MIG", () => {
    expect(proveExample(example(env, "mig"), publishing("g6", "p4d"), env.name).problems).toEqual([
      expect.stringContaining(
        'pod mig-job\'s claims could be allocated on node group "g6", a group whose GPUs are not split with MIG',
      ),
    ]);
  });
});
