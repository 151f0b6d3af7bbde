/**
 * GPUs shared by capacity: where the DRA driver's consumable shares may be turned on, what the
 * driver chart gets, what the devices publish, and that the memory-shares example places two pods
 * on one L4 while the third waits.
 */
import { capacityReferenceEnvironment } from "../config/reference-environment";
import { proveEnvironment } from "../lib/allocation/environment";
import { nodeDevices } from "../lib/allocation/devices";
import type { EnvironmentConfig } from "../lib/environment";
import { draDriverReleases } from "../lib/nvidia/dra-driver-values";
import { resolveEnvironments } from "../lib/resolve-environments";
import { G6, problemsOrNone, testEnvironment } from "./helpers";

const shared = (overrides: Partial<EnvironmentConfig> = {}): Partial<EnvironmentConfig> => ({
  kubernetesVersion: "1.36",
  gpuNodeGroups: [G6],
  nvidia: { consumableShares: "memory" },
  ...overrides,
});

describe("consumable shares: where they may be turned on", () => {
  it("is accepted on Kubernetes 1.36 outside production, and turns on the driver gate", () => {
    const [env] = resolveEnvironments([testEnvironment(shared())]);
    expect(env.nvidia.consumableShares).toBe("memory");
    expect(env.nvidia.featureGates.ConsumableShares).toBe(true);
  });

  it("is refused below Kubernetes 1.36", () => {
    expect(problemsOrNone(shared({ kubernetesVersion: "1.35" }))).toContain(
      "environments.test.nvidia.consumableShares needs Kubernetes 1.36 or later, where the scheduler's consumable " +
        "capacity (DRAConsumableCapacity) is on by default; the environment runs 1.35, whose scheduler would give " +
        "each shared GPU to one claim only. Upgrade kubernetesVersion or remove consumableShares",
    );
  });

  it("is refused in production while the gate is alpha", () => {
    expect(problemsOrNone(shared({ production: true }))).toContain(
      "environments.test.nvidia.consumableShares turns on the DRA driver gate ConsumableShares, which is alpha in " +
        "driver 0.5.0; a production environment runs no alpha sharing gate, so try it in a non-production " +
        "environment (lab) until it is beta",
    );
  });

  it("is refused with the gate turned off", () => {
    const nvidia = {
      consumableShares: "memory" as const,
      draDriver: { featureGates: { ConsumableShares: false } },
    };
    expect(problemsOrNone(shared({ nvidia }))).toContain(
      "environments.test.nvidia.draDriver.featureGates.ConsumableShares is false, but consumableShares needs it: " +
        "the kubelet plugin refuses --consumable-shares without the gate; remove the override or consumableShares",
    );
  });

  it("is refused beside MPS", () => {
    const nvidia = { consumableShares: "memory" as const, gpuSharing: ["MPS" as const] };
    expect(problemsOrNone(shared({ nvidia }))).toContain(
      "environments.test.nvidia.consumableShares cannot run beside MPS: the DRA driver refuses every MPS claim " +
        'while consumable shares is on ("MPS sharing is not supported when consumable shares is enabled"); drop ' +
        '"MPS" from gpuSharing (and MPSSupport from featureGates) or remove consumableShares',
    );
  });

  it("refuses a mode the driver does not know", () => {
    expect(problemsOrNone(shared({ nvidia: { consumableShares: 0 } }))).toContain(
      "environments.test.nvidia.consumableShares 0 is not a consumable-shares mode of the DRA driver, whose kubelet " +
        'plugin would not start; use "memory", "unlimited" or a whole number of shares of 1 or more',
    );
  });

  it("refuses the memory-shares example where consumable shares are off", () => {
    expect(
      problemsOrNone({
        kubernetesVersion: "1.36",
        gpuNodeGroups: [G6],
        examples: { include: ["memory-shares"] },
      }),
    ).toContain(
      'environments.test.examples.include asks for "memory-shares", whose claims request GPU memory, which needs ' +
        "environments.test.nvidia.consumableShares (Kubernetes 1.36+, not in production); set it or remove the example",
    );
  });
});

describe("consumable shares: what is deployed and published", () => {
  const [env] = resolveEnvironments([testEnvironment(shared({ nvidia: { consumableShares: 4 } }))]);

  it("sets consumableShares on the GPU release of the DRA driver chart", () => {
    const gpus = draDriverReleases(env).find((r) => r.capability === "gpus")!;
    expect(gpus.values.consumableShares).toBe("4");
  });

  it("publishes each GPU as multi-allocatable, with a memory policy and N shares (driver 0.5.0)", () => {
    const [device] = nodeDevices(env.gpuNodeGroups[0], true, 4);
    const GiB = 1n << 30n;
    expect(device.allowMultipleAllocations).toBe(true);
    expect(device.capacity.memory).toEqual({
      value: 24n * GiB,
      requestPolicy: { default: 0n, min: 0n, max: 24n * GiB, step: 1n << 20n },
    });
    expect(device.capacity.shares).toEqual({
      value: 4n,
      requestPolicy: { default: 1n, min: 1n, max: 4n, step: 1n },
    });
  });
});

describe("the memory-shares example in lab", () => {
  const proof = proveEnvironment(capacityReferenceEnvironment()).find(
    (p) => p.example === "memory-shares",
  )!;

  it("gives share-a and share-b the same L4, each its requested memory", () => {
    expect(proof.outcomes.slice(0, 2).map((o) => [o.pod, o.node, o.devices])).toEqual([
      ["share-a", 0, ["gpu-0 (NVIDIA L4), 8Gi of its 24Gi memory"]],
      ["share-b", 0, ["gpu-0 (NVIDIA L4), 12Gi of its 24Gi memory"]],
    ]);
  });

  it("leaves share-c Pending: 8Gi more does not fit on the GPU it must share", () => {
    expect(proof.outcomes[2].pendingReason).toBe(
      'ResourceClaimTemplate "gpu-8gi" (claim 1 of pod share-c): every matching device is shared by earlier ' +
        "claims without room for this one (gpu-0 has 4Gi of memory left, the claim needs 8Gi) (it must share a " +
        "node with pod share-a)",
    );
    expect(proof.problems).toEqual([]);
  });

  it("still gives a claim that requests no memory a whole GPU in memory mode", () => {
    const basic = proveEnvironment(capacityReferenceEnvironment()).find(
      (p) => p.example === "basic",
    )!;
    expect(basic.outcomes[0].devices).toEqual(["gpu-0 (NVIDIA L4), 24Gi of its 24Gi memory"]);
  });
});

describe("the allocation proof stops synth", () => {
  it("when one share per GPU leaves the memory-shares example's second pod without a GPU", () => {
    expect(problemsOrNone(shared({ nvidia: { consumableShares: 1 } }))).toEqual([
      'environments.test.examples: example "memory-shares" pod share-b cannot be allocated on node group "g6": ' +
        'ResourceClaimTemplate "gpu-12gi" (claim 1 of pod share-b): every matching device is shared by earlier ' +
        "claims without room for this one (gpu-0 has 0 of shares left, the claim needs 1) (it must share a node " +
        "with pod share-a)",
    ]);
  });
});
