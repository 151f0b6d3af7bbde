/**
 * Values for the AWS EFA device plugin, which offers `vpc.amazonaws.com/efa` to pods on nodes
 * with EFA interfaces. The EKS AMIs ship the EFA host software but not this plugin; without it no
 * pod can ask for EFA and NCCL falls back to TCP sockets.
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { usesEfa } from "../nodes/gpu-catalog";
import { LABELS, gpuDaemonTolerations } from "../nodes/labels";
import type { Toleration } from "../kubernetes";
import { INSTANCE_TYPE_LABEL } from "./charts";

export interface EfaDevicePluginValues {
  /** Narrowed to the blueprint's EFA node groups. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** The chart tolerates nothing but CriticalAddonsOnly; GPU nodes carry the GPU taint. */
  readonly tolerations: readonly Toleration[];
  /** The chart's own affinity, limited to the instance types of those groups. */
  readonly supportedInstanceLabels: {
    readonly keys: readonly string[];
    readonly values: readonly string[];
  };
}

/** The values, or undefined when no node group has EFA interfaces (no release then). */
export function efaDevicePluginValues(
  groups: readonly ResolvedGpuNodeGroup[],
): EfaDevicePluginValues | undefined {
  const efaGroups = groups.filter((g) => usesEfa(g.instance));
  if (efaGroups.length === 0) return undefined;
  return {
    nodeSelector: { [LABELS.efa]: "true" },
    tolerations: gpuDaemonTolerations(groups),
    supportedInstanceLabels: {
      keys: [INSTANCE_TYPE_LABEL],
      values: [...new Set(efaGroups.flatMap((g) => g.instanceTypes))].sort(),
    },
  };
}
