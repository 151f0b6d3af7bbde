/**
 * Kueue's DRA quotas proven with the allocation proof: every DeviceClass a queued example claims
 * is mapped, and what Kueue charges equals the devices the proof allocates.
 */
import { loadEnvironments } from "../config/environments";
import { queuedReferenceEnvironment, REFERENCE_VARIABLES } from "../config/reference-environment";
import { allocationProblems } from "../lib/allocation/environment";
import { kueueChargeProblems } from "../lib/allocation/kueue";
import { groupModels, proveExample } from "../lib/allocation/prove";
import { renderQueuedExamples } from "../lib/examples/queued";
import { deviceClassMappings, QUOTA_RESOURCES } from "../lib/queueing/resources";
import { resolveEnvironments } from "../lib/resolve-environments";

const env = queuedReferenceEnvironment();
const proofOf = (name: string) => {
  const example = renderQueuedExamples(env).find((e) => e.name === name)!;
  return proveExample(example, groupModels(env), env.name);
};

describe("Kueue quotas match what the allocation proof allocates", () => {
  it("charges every queued example of every queueing environment what it is allocated", () => {
    const queueing = [
      env,
      ...resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES)).filter((e) => e.queueing),
    ];
    for (const e of queueing) expect([e.name, allocationProblems(e)]).toEqual([e.name, []]);
  });

  it("charges the queued MIG job one MIG device, the device the proof gives it", () => {
    const proof = proofOf("queued-mig");
    expect(proof.outcomes[0].devices).toEqual(["1g.5gb MIG device of gpu-0"]);
    expect(kueueChargeProblems(proof, deviceClassMappings(env.gpuNodeGroups), "at")).toEqual([]);
  });

  it("refuses a queued example whose DeviceClass no mapping names", () => {
    const onlyGpus = deviceClassMappings(env.gpuNodeGroups).filter(
      (m) => m.name !== QUOTA_RESOURCES.mig,
    );
    expect(kueueChargeProblems(proofOf("queued-mig"), onlyGpus, "at")).toEqual([
      'at pod queued-mig claims DeviceClass "mig.nvidia.com" (ResourceClaimTemplate "one-mig" (claim 1 of pod ' +
        "queued-mig)), which no Kueue deviceClassMapping names, so Kueue would never admit it; map the class in " +
        "lib/queueing/resources.ts",
    ]);
  });

  it("refuses a charge that differs from the devices the proof allocates", () => {
    const proof = proofOf("queued-gpu");
    const partial = {
      ...proof,
      outcomes: proof.outcomes.map((o) => ({
        ...o,
        allocations: o.allocations.map((a) => ({ ...a, results: [] })),
      })),
    };
    expect(kueueChargeProblems(partial, deviceClassMappings(env.gpuNodeGroups), "at")).toEqual([
      `at pod queued-gpu: Kueue charges 1 ${QUOTA_RESOURCES.gpu} to the team's quota, but the allocation proof ` +
        `gives it 0 ${QUOTA_RESOURCES.gpu}; quotas would not match the GPUs in use`,
    ]);
  });
});
