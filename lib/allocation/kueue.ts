/**
 * Kueue's device quotas checked against the allocation proof: every DeviceClass a queued example
 * claims is mapped to a quota resource, and what Kueue charges the team for each pod equals the
 * devices the proof allocates to it, resource by resource. Kueue 0.19 charges each ExactCount
 * request's `count` to the resource its DeviceClass maps to (a MIG device counts one, whatever its
 * profile); a claim it cannot count is refused earlier (lib/queueing/admissible.ts).
 *
 * Source: kubernetes-sigs/kueue v0.19.2 pkg/dra/claims.go (countDevicesPerClass).
 */
import type { DeviceClassMapping } from "../queueing/resources";
import type { ExampleProof } from "./prove";

type Charges = Record<string, number>;

const add = (charges: Charges, resource: string, n: number) => {
  charges[resource] = (charges[resource] ?? 0) + n;
};

const show = (charges: Charges) =>
  Object.keys(charges).length === 0
    ? "nothing"
    : Object.entries(charges)
        .sort()
        .map(([r, n]) => `${n} ${r}`)
        .join(", ");

/** Problems with the quota a queued example's pods are charged; empty when it matches the proof. */
export function kueueChargeProblems(
  proof: ExampleProof,
  mappings: readonly DeviceClassMapping[],
  at: string,
): string[] {
  const resourceOf = (deviceClass: string) =>
    mappings.find((m) => m.deviceClassNames.includes(deviceClass))?.name;
  const problems: string[] = [];
  for (const outcome of proof.outcomes) {
    const charged: Charges = {};
    const allocated: Charges = {};
    for (const { claim, results } of outcome.allocations) {
      for (const request of claim.spec.requests) {
        const resource = resourceOf(request.deviceClassName);
        if (!resource) {
          problems.push(
            `${at} pod ${outcome.pod} claims DeviceClass "${request.deviceClassName}" (${claim.label}), which no ` +
              "Kueue deviceClassMapping names, so Kueue would never admit it; map the class in lib/queueing/resources.ts",
          );
          continue;
        }
        add(charged, resource, request.count);
        add(allocated, resource, results.filter((r) => r.request === request.name).length);
      }
    }
    if (show(charged) !== show(allocated)) {
      problems.push(
        `${at} pod ${outcome.pod}: Kueue charges ${show(charged)} to the team's quota, but the allocation proof ` +
          `gives it ${show(allocated)}; quotas would not match the GPUs in use`,
      );
    }
  }
  return problems;
}
