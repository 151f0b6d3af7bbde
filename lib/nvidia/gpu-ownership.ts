/**
 * Which GPU stack runs on each GPU node group, computed from the node labels the node groups emit
 * and the selectors in the rendered Helm values. A node on which both the device plugin and the
 * DRA GPU plugin run has every GPU offered twice, and the scheduler would oversubscribe them.
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { draDriverReleases } from "./dra-driver-values";
import { gpuOperatorValues } from "./gpu-operator-values";
import { nodeMatches } from "../kubernetes";
import { LABELS, MIG_CONFIG_APPLIED, gpuNodeLabels } from "../nodes/labels";
import type { NvidiaPlatformInput } from "./settings";

export interface GpuOwnership {
  readonly nodeGroup: string;
  readonly devicePlugin: boolean;
  readonly draGpuPlugin: boolean;
  readonly draComputeDomainPlugin: boolean;
}

/**
 * The GPU Operator labels each GPU node `nvidia.com/gpu.deploy.device-plugin=true` unless the label
 * is already set to a non-empty value, and its device plugin DaemonSet selects that label.
 * Source: NVIDIA/gpu-operator controllers/state_manager.go (addGPUStateLabels).
 */
function devicePluginRuns(enabled: boolean, labels: Readonly<Record<string, string>>): boolean {
  return enabled && (labels[LABELS.deployDevicePlugin] ?? "true") === "true";
}

/**
 * A running node's labels: the node group's, plus the state the MIG manager writes once it has
 * applied the node's layout.
 */
export function runningNodeLabels(group: ResolvedGpuNodeGroup): Record<string, string> {
  return {
    ...gpuNodeLabels(group),
    ...(group.mig ? { [LABELS.migConfigState]: MIG_CONFIG_APPLIED } : {}),
  };
}

export function gpuOwnership(
  platform: NvidiaPlatformInput,
  labelsOf: (group: ResolvedGpuNodeGroup) => Readonly<Record<string, string>> = runningNodeLabels,
): GpuOwnership[] {
  const operator = gpuOperatorValues(platform);
  const releases = draDriverReleases(platform);
  const runs = (labels: Readonly<Record<string, string>>, capability: "gpus" | "computeDomains") =>
    releases.some(
      (r) =>
        r.values.resources[capability].enabled &&
        nodeMatches(labels, {}, r.values.kubeletPlugin.affinity),
    );
  return platform.gpuNodeGroups.map((group) => {
    const labels = labelsOf(group);
    return {
      nodeGroup: group.name,
      devicePlugin: devicePluginRuns(operator.devicePlugin.enabled, labels),
      draGpuPlugin: runs(labels, "gpus"),
      draComputeDomainPlugin: runs(labels, "computeDomains"),
    };
  });
}

/** Problems for node groups whose GPUs two plugins would hand out, or none would. */
export function gpuOwnershipProblems(platform: NvidiaPlatformInput, at: string): string[] {
  return gpuOwnership(platform).flatMap((o) => {
    const group = `${at}.gpuNodeGroups.${o.nodeGroup}`;
    if (o.devicePlugin && o.draGpuPlugin) {
      return [
        `${group}: both the GPU Operator's device plugin and the DRA driver's GPU plugin would run on its nodes and ` +
          "offer the same GPUs twice; give the group one allocation mode",
      ];
    }
    if (!o.devicePlugin && !o.draGpuPlugin) {
      return [`${group}: no plugin would offer its GPUs to pods; check its allocation setting`];
    }
    return [];
  });
}
