/**
 * Node labels and taints the blueprint sets and selects on. Node groups write them; Helm values
 * and example workloads read them from here, so a selector can never drift from its label.
 */
import type { Taint, Toleration } from "../kubernetes";
import { usesEfa } from "./gpu-catalog";
import type { ResolvedGpuNodeGroup } from "./settings";

const PREFIX = "eks-gpu-dra.blueprint";

/** The prefix of the label keys and resource names the blueprint owns. */
export const BLUEPRINT_PREFIX = PREFIX;

export const LABELS = {
  /** `system` or `gpu`: which kind of node group a node belongs to. */
  role: `${PREFIX}/role`,
  /** The blueprint's name of the node group. */
  nodeGroup: `${PREFIX}/node-group`,
  /** `dra` or `device-plugin`: who hands the node's GPUs to pods. */
  gpuAllocation: `${PREFIX}/gpu-allocation`,
  /** `true` on nodes whose multi-node NVLink domains DRA ComputeDomains manage. */
  computeDomains: `${PREFIX}/compute-domains`,
  /** `true` on Spot nodes; they also carry {@link SPOT_TAINT}. */
  spot: `${PREFIX}/spot`,
  /** `true` on nodes with EFA interfaces: the EFA device plugin runs there. */
  efa: `${PREFIX}/efa`,
  /**
   * Written `true` by the GPU Operator (v26.7.0+) on GPU nodes. The MIG manager sets it to
   * `paused-for-mig-change` before it repartitions and waits for every DaemonSet pod whose
   * nodeSelector names it to leave, so GPU plugins that select it are restarted on the new layout.
   */
  deployClient: "nvidia.com/gpu.deploy.client",
  /** Read by the GPU Operator's MIG manager: the MIG layout to apply. */
  migConfig: "nvidia.com/mig.config",
  /** Written by the MIG manager: `pending`, `rebooting`, `success` or `failed`. */
  migConfigState: "nvidia.com/mig.config.state",
} as const;

/** The MIG manager's state once a node's layout is in place. */
export const MIG_CONFIG_APPLIED = "success";

/** True for label keys the blueprint sets itself; users may not set them on a node group. */
export function isManagedLabel(key: string): boolean {
  return (
    key.startsWith(`${PREFIX}/`) ||
    key.startsWith("nvidia.com/gpu.deploy.") ||
    key === LABELS.migConfig
  );
}

export const NODE_ROLES = { system: "system", gpu: "gpu" } as const;

/** Every GPU node carries it, so only pods that tolerate it (GPU workloads, GPU daemons) land there. */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" } as const;

/** Lets GPU daemons and GPU workloads onto GPU nodes. */
export const GPU_TOLERATION: Toleration = {
  key: GPU_TAINT.key,
  operator: "Exists",
  effect: GPU_TAINT.effect,
};

/**
 * Every Spot GPU node carries it, so only workloads that can lose their node on a two-minute notice
 * land there (they tolerate it explicitly); GPU daemons tolerate it too.
 */
export const SPOT_TAINT = { key: `${PREFIX}/spot`, value: "true", effect: "NoSchedule" } as const;

/** Lets interruption-tolerant workloads and the GPU daemons onto Spot nodes. */
export const SPOT_TOLERATION: Toleration = {
  key: SPOT_TAINT.key,
  operator: "Equal",
  value: SPOT_TAINT.value,
  effect: SPOT_TAINT.effect,
};

/** The taints a GPU node group puts on its nodes. */
export function gpuNodeTaints(group: ResolvedGpuNodeGroup): Taint[] {
  return [GPU_TAINT, ...(group.capacity.kind === "spot" ? [SPOT_TAINT] : [])];
}

/**
 * What the GPU daemons (operator operands, DRA and device plugins, EFA plugin) tolerate: the GPU
 * taint, and the Spot taint where a Spot group exists, so Spot nodes get the same daemons as
 * on-demand ones (lib/nvidia/placement.ts proves it).
 */
export function gpuDaemonTolerations(groups: readonly ResolvedGpuNodeGroup[]): Toleration[] {
  return [
    GPU_TOLERATION,
    ...(groups.some((g) => g.capacity.kind === "spot") ? [SPOT_TOLERATION] : []),
  ];
}

/** Puts controllers on the system node group. */
export const SYSTEM_NODE_SELECTOR = { [LABELS.role]: NODE_ROLES.system } as const;

/** The labels a GPU node group puts on its nodes. */
export function gpuNodeLabels(group: ResolvedGpuNodeGroup): Record<string, string> {
  return {
    ...group.labels,
    [LABELS.role]: NODE_ROLES.gpu,
    [LABELS.nodeGroup]: group.name,
    [LABELS.gpuAllocation]: group.allocation,
    ...(group.computeDomains ? { [LABELS.computeDomains]: "true" } : {}),
    ...(group.capacity.kind === "spot" ? { [LABELS.spot]: "true" } : {}),
    ...(usesEfa(group.instance) ? { [LABELS.efa]: "true" } : {}),
    ...(group.mig ? { [LABELS.migConfig]: group.mig.layoutName } : {}),
  };
}
