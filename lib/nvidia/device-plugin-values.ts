/**
 * Values for the standalone NVIDIA device plugin chart, which hands out `nvidia.com/gpu` on
 * device-plugin node groups (AWS's P6e pattern). The GPU Operator's own device plugin stays off
 * (gpu-operator-values.ts), and the operator already runs feature discovery, so this release runs
 * the plugin alone.
 */
import { LABELS, gpuDaemonTolerations } from "../nodes/labels";
import type { Toleration } from "../kubernetes";
import { migStrategy, type MigStrategy } from "./gpu-operator-values";
import { pausableSelector } from "./operator-labels";
import type { NvidiaPlatformInput } from "./settings";

export interface DevicePluginValues {
  /**
   * Selects the blueprint's device-plugin groups; the chart's default affinity (any NVIDIA GPU
   * node) still applies on top. With `nvidia.com/gpu.deploy.client` the MIG manager pauses it: it
   * waits for the operator's own device plugin only by that plugin's `app` label, which this
   * chart's pods do not carry (NVIDIA/mig-parted pkg/mig/reconfigure/reconfigure.go, v0.15.0).
   */
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  /** The operator's strategy, so the plugin and GPU Feature Discovery name MIG devices alike. */
  readonly migStrategy: MigStrategy;
  /** The operator runs GPU Feature Discovery and NFD; a second copy would fight over labels. */
  readonly gfd: { readonly enabled: false };
  readonly nfd: { readonly enabled: false };
}

/** The values, or undefined when no group uses the device plugin (no release then). */
export function devicePluginValues(platform: NvidiaPlatformInput): DevicePluginValues | undefined {
  const groups = platform.gpuNodeGroups;
  if (!groups.some((g) => g.allocation === "device-plugin")) return undefined;
  return {
    nodeSelector: { [LABELS.gpuAllocation]: "device-plugin", ...pausableSelector(platform) },
    tolerations: gpuDaemonTolerations(groups),
    migStrategy: migStrategy(groups),
    gfd: { enabled: false },
    nfd: { enabled: false },
  };
}
