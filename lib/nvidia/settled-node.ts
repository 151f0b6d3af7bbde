/**
 * The labels and taints a node carries once its software has run: the node group's labels, what
 * the kubelet and nodeadm write at boot, then NFD, GPU Feature Discovery, the GPU Operator and its
 * MIG manager, each where its DaemonSet lands.
 */
import { INSTANCE_TYPE_LABEL } from "../efa/charts";
import { supports } from "../compat/features";
import type { KubernetesVersion } from "../cluster/versions";
import { GPU_TAINT, LABELS, NODE_ROLES, gpuNodeLabels } from "../nodes/labels";
import { MIG_DISABLED_LAYOUT } from "../nodes/mig-layouts";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import {
  GFD,
  MIG_MANAGER,
  NFD_WORKER,
  daemonSets,
  lands,
  type NodeModel,
  type RenderedPlatform,
} from "./daemonsets";
import { settledMigState } from "./mig-state";
import {
  MIG_CAPABLE_LABEL,
  MIG_MANAGER_DEPLOY_LABEL,
  OPERATOR_STATE_LABELS,
  operatorWritesClientLabel,
} from "./operator-labels";
import type { NvidiaPlatformInput } from "./settings";

const ARCH = { x86_64: "amd64", arm64: "arm64" } as const;

/**
 * The labels a GPU node has when its kubelet registers: the node group's, the kubelet's, and
 * nodeadm's `nvidia.com/gpu.present=true`, which the EKS NVIDIA AMI writes only for kubelet 1.35+
 * (before that NFD and the GPU Operator set it once they run).
 */
export function bootLabels(
  group: ResolvedGpuNodeGroup,
  kubelet: KubernetesVersion,
): Record<string, string> {
  return {
    ...gpuNodeLabels(group),
    [INSTANCE_TYPE_LABEL]: group.instanceType,
    "kubernetes.io/arch": ARCH[group.instance.cpuArchitecture],
    ...(supports("nodeadmGpuLabel", kubelet) ? { "nvidia.com/gpu.present": "true" } : {}),
  };
}

/**
 * A GPU node of the group once its software has settled: labels are written round by round until
 * nothing changes, since each writer runs only where its DaemonSet lands and reads what the others
 * wrote (the operator labels a node for GFD, GFD reports MIG capability, the operator then
 * schedules the MIG manager, which reports the applied layout).
 */
export function settledGpuNode(
  group: ResolvedGpuNodeGroup,
  platform: NvidiaPlatformInput,
  rendered: RenderedPlatform,
): NodeModel {
  const all = daemonSets(rendered);
  const runs = (name: string, labels: Record<string, string>) =>
    all.some((ds) => ds.name === name && lands(ds, { labels, taints: [GPU_TAINT] }));
  const op = rendered.gpuOperator;
  const migManagerEnv = op.migManager.enabled ? op.migManager.env : [];
  let labels: Record<string, string> = bootLabels(
    group,
    platform.nodeGroupsKubernetesVersion ?? platform.kubernetesVersion,
  );
  for (let round = 0; round < 8; round++) {
    const next = { ...labels };
    if (runs(NFD_WORKER, labels)) next["feature.node.kubernetes.io/pci-10de.present"] = "true";
    // The operator keeps gpu.present in step with NFD's PCI label and, without it, removes every
    // state label (controllers/nodelabeling_controller.go, reconcileCommonGPULabel).
    const gpu = next["feature.node.kubernetes.io/pci-10de.present"] === "true";
    next["nvidia.com/gpu.present"] = gpu ? "true" : "false";
    if (gpu) {
      for (const key of OPERATOR_STATE_LABELS) next[key] ??= "true";
      if (operatorWritesClientLabel(platform.nvidia.gpuOperator.version))
        next[LABELS.deployClient] ??= "true";
      if (next[MIG_CAPABLE_LABEL] === "true") {
        next[MIG_MANAGER_DEPLOY_LABEL] ??= "true";
        if (op.migManager.enabled && op.migManager.config.default === MIG_DISABLED_LAYOUT)
          next[LABELS.migConfig] ??= MIG_DISABLED_LAYOUT;
      }
    }
    if (runs(GFD, labels))
      next[MIG_CAPABLE_LABEL] = group.gpu.migProfiles.length > 0 ? "true" : "false";
    if (runs(MIG_MANAGER, labels) && labels[LABELS.migConfig])
      next[LABELS.migConfigState] = settledMigState(labels[LABELS.migConfig], migManagerEnv);
    const stable = JSON.stringify(next) === JSON.stringify(labels);
    labels = next;
    if (stable) break;
  }
  return { labels, taints: [GPU_TAINT] };
}

/** A system node: the blueprint's role label, the kubelet's labels, no taint and no GPU. */
export function systemNode(input: {
  readonly systemNodeGroup: { readonly instanceTypes: readonly string[] };
}): NodeModel {
  return {
    labels: {
      [LABELS.role]: NODE_ROLES.system,
      [INSTANCE_TYPE_LABEL]: input.systemNodeGroup.instanceTypes[0] ?? "",
      "kubernetes.io/arch": "amd64",
    },
    taints: [],
  };
}
