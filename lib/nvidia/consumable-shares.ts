/**
 * GPUs shared by capacity: the DRA driver's consumable shares (gate ConsumableShares, alpha in
 * driver 0.5.0, chart value `consumableShares`). With it on, every GPU and MIG device the GPU
 * kubelet plugin publishes allows multiple allocations and carries a `memory` capacity with a
 * request policy, so several claims take shares of one GPU by the memory they request:
 * - `memory`: a claim without a memory request takes the whole GPU's memory (exclusive, as
 *   before); one that requests `capacity.requests.memory` takes that much (whole MiB).
 * - `unlimited`: a claim without a memory request takes none, so any number share a GPU.
 * - N: as unlimited, plus a `shares` capacity of N; each claim takes one share by default.
 *
 * Guarantees and limits, from the driver: the scheduler never allocates more memory than a device
 * has, but nothing on the GPU enforces a claim's memory (it is bookkeeping, not isolation: one
 * process can still use all of it, and a fault affects every sharer). MPS claims are refused while
 * it is on. Claims sharing a device must carry the same opaque config (a time-slicing interval,
 * say), or the driver refuses to prepare the later one. MIG devices are shared the same way,
 * inside their own partition. The Kubernetes side (DRAConsumableCapacity) is beta and on from 1.36.
 * The chart sets it for the whole GPU kubelet plugin DaemonSet, so it applies to every DRA GPU node
 * group of the environment.
 *
 * Source: kubernetes-sigs/dra-driver-nvidia-gpu at the main-branch commit of 2026-08-07 (0.5.0-dev):
 * cmd/gpu-kubelet-plugin/consumable_shares.go, main.go (flag validation), device_state.go (MPS
 * refused, conflicting configs refused), pkg/featuregates/featuregates.go, the chart's
 * kubeletplugin.yaml (CONSUMABLE_SHARES) and docs/consumable-shares/.
 */
import { show, type Problems } from "../errors";
import type { ConsumableShares } from "../allocation/devices";
import type { KubernetesVersion } from "../cluster/versions";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import type { SharingStrategy } from "./feature-gates";
import { FEATURES, supports } from "../compat/features";

export const CONSUMABLE_SHARES_GATE = "ConsumableShares";

export interface ConsumableSharesContext {
  readonly production: boolean;
  readonly kubernetesVersion: KubernetesVersion;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  readonly gpuSharing: readonly SharingStrategy[];
  readonly userGates: Readonly<Record<string, boolean>>;
}

/** Checks the setting; returns it when the environment may use it, undefined otherwise. */
export function resolveConsumableShares(
  value: unknown,
  context: ConsumableSharesContext,
  at: string,
  problems: Problems,
): ConsumableShares | undefined {
  if (value === undefined) return undefined;
  const where = `${at}.nvidia.consumableShares`;
  const before = problems.all.length;
  if (
    value !== "memory" &&
    value !== "unlimited" &&
    !(Number.isInteger(value) && (value as number) > 0)
  ) {
    problems.add(
      `${where} ${show(value)} is not a consumable-shares mode of the DRA driver, whose kubelet plugin would not ` +
        'start; use "memory", "unlimited" or a whole number of shares of 1 or more',
    );
  }
  if (!supports("consumableCapacity", context.kubernetesVersion)) {
    problems.add(
      `${where} needs Kubernetes ${FEATURES.consumableCapacity.since} or later, where the scheduler's consumable ` +
        `capacity (DRAConsumableCapacity) is on by default; the environment runs ${context.kubernetesVersion}, whose scheduler ` +
        "would give each shared GPU to one claim only. Upgrade kubernetesVersion or remove consumableShares",
    );
  }
  if (context.production) {
    problems.add(
      `${where} turns on the DRA driver gate ${CONSUMABLE_SHARES_GATE}, which is alpha in driver 0.5.0; a production ` +
        "environment runs no alpha sharing gate, so try it in a non-production environment (lab) until it is beta",
    );
  }
  if (context.userGates[CONSUMABLE_SHARES_GATE] === false) {
    problems.add(
      `${at}.nvidia.draDriver.featureGates.${CONSUMABLE_SHARES_GATE} is false, but consumableShares needs it: the ` +
        "kubelet plugin refuses --consumable-shares without the gate; remove the override or consumableShares",
    );
  }
  if (context.gpuSharing.includes("MPS") || context.userGates.MPSSupport === true) {
    problems.add(
      `${where} cannot run beside MPS: the DRA driver refuses every MPS claim while consumable shares is on ` +
        '("MPS sharing is not supported when consumable shares is enabled"); drop "MPS" from gpuSharing ' +
        "(and MPSSupport from featureGates) or remove consumableShares",
    );
  }
  if (!context.gpuNodeGroups.some((g) => g.allocation === "dra")) {
    problems.add(
      `${where} is set, but no GPU node group has allocation "dra", so no GPU would be shared; add one or remove it`,
    );
  }
  return problems.all.length === before ? (value as ConsumableShares) : undefined;
}
