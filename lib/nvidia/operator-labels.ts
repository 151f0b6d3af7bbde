/**
 * Which node labels the GPU Operator writes, as far as placement depends on them.
 *
 * Source: NVIDIA/gpu-operator controllers/state_manager.go (gpuStateLabels, addGPUStateLabels) and
 * controllers/nodelabeling_controller.go (updateGPUStateLabels), v26.7.0.
 */
import { LABELS } from "../nodes/labels";
import type { NvidiaPlatformInput } from "./settings";

/** The first operator release that writes `nvidia.com/gpu.deploy.client=true` (in gpuStateLabels). */
const CLIENT_LABEL_SINCE = [26, 7, 0] as const;

/**
 * Whether an operator chart version writes `nvidia.com/gpu.deploy.client`. v26.7.0 writes it on
 * every node with `nvidia.com/gpu.present=true` (container workloads), unless the node has
 * `nvidia.com/gpu.deploy.operands=false` (the blueprint refuses `nvidia.com/gpu.deploy.*` labels)
 * or a GPUCluster is active (not used: it cannot coexist with ClusterPolicy). Earlier releases never
 * write it, so a plugin selecting it would never start. A version that does not parse counts as earlier.
 */
export function operatorWritesClientLabel(version: string): boolean {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const parts = match.slice(1, 4).map(Number);
  for (let i = 0; i < 3; i++) {
    if (parts[i] !== CLIENT_LABEL_SINCE[i]) return parts[i] > CLIENT_LABEL_SINCE[i];
  }
  return true;
}

/** `nvidia.com/gpu.deploy.*` labels the operator writes on a GPU node (container workloads). */
export const OPERATOR_STATE_LABELS = [
  "driver",
  "gpu-feature-discovery",
  "container-toolkit",
  "device-plugin",
  "dcgm",
  "dcgm-exporter",
  "node-status-exporter",
  "operator-validator",
].map((operand) => `nvidia.com/gpu.deploy.${operand}`);

/** Written on MIG-capable nodes (GFD's `nvidia.com/mig.capable=true`). */
export const MIG_MANAGER_DEPLOY_LABEL = "nvidia.com/gpu.deploy.mig-manager";
export const MIG_CAPABLE_LABEL = "nvidia.com/mig.capable";

/**
 * The nodeSelector entry that lets the MIG manager pause a GPU plugin: `nvidia.com/gpu.deploy.client`
 * when the pinned operator writes it; none otherwise, so the plugin still starts (and the placement
 * proof refuses MIG groups, whose plugin could then not be paused).
 */
export function pausableSelector(platform: NvidiaPlatformInput): Record<string, string> {
  return operatorWritesClientLabel(platform.nvidia.gpuOperator.version)
    ? { [LABELS.deployClient]: "true" }
    : {};
}
