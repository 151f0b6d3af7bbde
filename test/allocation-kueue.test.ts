/**
 * Kueue's DRA quotas proven with the allocation proof: every DeviceClass a queued example claims
 * is mapped, and what Kueue charges equals the devices the proof allocates.
 */
import { loadEnvironments } from "../config/environments";
import {
  capacityReferenceEnvironment,
  queuedReferenceEnvironment,
  REFERENCE_VARIABLES,
} from "../config/reference-environment";
import { allocationProblems } from "../lib/allocation/environment";
import { kueueChargeProblems } from "../lib/allocation/kueue";
import { groupModels, proveExample } from "../lib/allocation/prove";
import { renderQueuedExamples } from "../lib/examples/queued";
import { deviceClassMappings, QUOTA_RESOURCES } from "../lib/queueing/resources";
import { resolveEnvironments } from "../lib/resolve-environments";
import { renderExamples } from "../lib/examples/render";
import { queuedWorkloadProblems } from "../lib/queueing/admissible";
import { QUEUE_NAME_LABEL } from "../lib/queueing/chart";

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

describe("quotas that count capacity", () => {
  it("refuses to queue a claim that requests a share of a GPU's memory, and says why", () => {
    const lab = capacityReferenceEnvironment();
    const shares = renderExamples(lab).find((e) => e.name === "memory-shares")!;
    const queued = shares.objects.map((o) =>
      o.kind === "Job" && o.metadata.name === "share-a"
        ? {
            ...o,
            metadata: {
              ...o.metadata,
              labels: { ...o.metadata.labels, [QUEUE_NAME_LABEL]: "gpu" },
            },
          }
        : o,
    );
    const mapped = deviceClassMappings(lab.gpuNodeGroups).flatMap((m) => m.deviceClassNames);
    expect(queuedWorkloadProblems(queued, mapped)).toEqual([
      "Job share-a request gpu (template gpu-8gi) requests device capacity (a share of a GPU's memory), which the " +
        "team quotas cannot count: they count whole devices, so the share would be charged as a whole GPU. Kueue " +
        "0.19.2 counts capacity only through a deviceClassMapping capacity source behind its alpha gate " +
        "KueueDRAIntegrationConsumableCapacity, which the blueprint does not turn on; run the job without a queue, " +
        "or queue it without capacity.requests",
    ]);
  });
});
