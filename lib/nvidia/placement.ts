/**
 * Which DaemonSets land on which node group, computed the way the scheduler would: from the
 * rendered values of every release merged over the pinned charts' defaults (nodeSelector, required
 * node affinity, tolerations), against each node's labels and taints. A node's labels are the
 * node group's plus what the node software writes once it runs: the kubelet and nodeadm, NFD, GPU
 * Feature Discovery, the GPU Operator and its MIG manager. Synth refuses a configuration unless
 * every GPU group gets exactly one GPU plugin of its allocation's kind, every EFA group the EFA
 * plugin, every MIG group a GPU plugin the MIG manager can pause, and the system nodes no GPU daemon.
 * Ownership follows from placement, not from a preset label that the operator may sweep away.
 */
import { show } from "../errors";
import { helmMerge } from "../helm/merge";
import {
  nodeMatches,
  requiredNodeAffinity,
  toleratesAll,
  type NodeAffinity,
  type Taint,
  type Toleration,
} from "../kubernetes";
import {
  EFA_DEVICE_PLUGIN_NAMESPACE,
  EFA_TEMPLATE_TOLERATIONS,
  INSTANCE_TYPE_LABEL,
} from "../efa/charts";
import { efaDevicePluginValues, type EfaDevicePluginValues } from "../efa/device-plugin-values";
import { usesEfa } from "../nodes/gpu-catalog";
import { GPU_TAINT, LABELS, MIG_CONFIG_APPLIED, NODE_ROLES, gpuNodeLabels } from "../nodes/labels";
import { MIG_DISABLED_LAYOUT } from "../nodes/mig-layouts";
import type { GpuAllocation, ResolvedGpuNodeGroup } from "../nodes/settings";
import {
  CHART_SCHEDULING_DEFAULTS,
  DEVICE_PLUGIN_NAMESPACE,
  DRA_DRIVER_NAMESPACE,
  GPU_OPERATOR_NAMESPACE,
  type SchedulingDefaults,
} from "./charts";
import { devicePluginValues, type DevicePluginValues } from "./device-plugin-values";
import { draDriverReleases, type DraCapability, type DraDriverRelease } from "./dra-driver-values";
import { gpuOperatorValues, type GpuOperatorValues } from "./gpu-operator-values";
import {
  MIG_CAPABLE_LABEL,
  MIG_MANAGER_DEPLOY_LABEL,
  OPERATOR_STATE_LABELS,
  operatorWritesClientLabel,
} from "./operator-labels";
import type { NvidiaPlatformInput } from "./settings";

/** What placement is computed from: the NVIDIA platform and the system nodes beside it. */
export interface PlacementInput extends NvidiaPlatformInput {
  readonly systemNodeGroup: { readonly instanceTypes: readonly string[] };
}

/** The values of every release the platform stack installs. */
export interface RenderedPlatform {
  readonly gpuOperator: GpuOperatorValues;
  readonly draDriver: readonly DraDriverRelease[];
  readonly devicePlugin?: DevicePluginValues;
  readonly efaDevicePlugin?: EfaDevicePluginValues;
}

export function renderPlatform(platform: NvidiaPlatformInput): RenderedPlatform {
  const devicePlugin = devicePluginValues(platform);
  const efaDevicePlugin = efaDevicePluginValues(platform.gpuNodeGroups);
  return {
    gpuOperator: gpuOperatorValues(platform),
    draDriver: draDriverReleases(platform),
    ...(devicePlugin ? { devicePlugin } : {}),
    ...(efaDevicePlugin ? { efaDevicePlugin } : {}),
  };
}

export interface DaemonSetModel {
  /** `release/DaemonSet`. */
  readonly name: string;
  /** The namespace the release installs the DaemonSet in. */
  readonly namespace: string;
  /** Set on GPU plugins: which allocation mode's GPUs it hands out. */
  readonly gpuOwner?: GpuAllocation;
  readonly efaOwner?: true;
  /** Set on the DRA driver's kubelet plugins: which capability's devices it publishes. */
  readonly draCapability?: DraCapability;
  /** Needs a GPU node: landing on a system node is a fault. */
  readonly gpuOnly: boolean;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly affinity?: NodeAffinity;
  readonly tolerations: readonly Toleration[];
}

export interface NodeModel {
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
}

type Scheduling = Pick<DaemonSetModel, "nodeSelector" | "affinity" | "tolerations">;

function merged(defaults: SchedulingDefaults, values: object): Scheduling {
  const m = helmMerge<Partial<Scheduling>>(defaults as unknown as Record<string, unknown>, values);
  return {
    nodeSelector: m.nodeSelector ?? {},
    ...(m.affinity ? { affinity: m.affinity } : {}),
    tolerations: m.tolerations ?? [],
  };
}

const NFD_WORKER = "gpu-operator/node-feature-discovery-worker";
const GFD = "gpu-operator/gpu-feature-discovery";
const MIG_MANAGER = "gpu-operator/nvidia-mig-manager";

/**
 * The DaemonSets the releases create. The operator's operands select their own
 * `nvidia.com/gpu.deploy.<operand>=true` label (gpu-operator v26.7.0 assets/state-*) and take
 * `daemonsets.tolerations`; its NFD worker runs everywhere it tolerates.
 */
export function daemonSets(rendered: RenderedPlatform): DaemonSetModel[] {
  const op = rendered.gpuOperator;
  const defaults = CHART_SCHEDULING_DEFAULTS.gpuOperator;
  const operandTolerations = op.daemonsets.tolerations ?? defaults.daemonsetsTolerations;
  const operand = (name: string, operandLabel: string, extra: Partial<DaemonSetModel> = {}) => ({
    name: `gpu-operator/${name}`,
    namespace: GPU_OPERATOR_NAMESPACE,
    gpuOnly: true,
    nodeSelector: { [`nvidia.com/gpu.deploy.${operandLabel}`]: "true" },
    tolerations: operandTolerations,
    ...extra,
  });
  const out: DaemonSetModel[] = [
    operand("nvidia-operator-validator", "operator-validator"),
    ...(op.gfd.enabled ? [operand("gpu-feature-discovery", "gpu-feature-discovery")] : []),
    ...(op.dcgmExporter.enabled ? [operand("nvidia-dcgm-exporter", "dcgm-exporter")] : []),
    ...(op.migManager.enabled ? [operand("nvidia-mig-manager", "mig-manager")] : []),
    ...((op.devicePlugin as { enabled: boolean }).enabled
      ? [
          operand("nvidia-device-plugin-daemonset", "device-plugin", {
            gpuOwner: "device-plugin" as const,
          }),
        ]
      : []),
    ...(op.nfd.enabled
      ? [
          {
            name: NFD_WORKER,
            namespace: GPU_OPERATOR_NAMESPACE,
            gpuOnly: false,
            nodeSelector: {},
            tolerations:
              op["node-feature-discovery"].worker.tolerations ?? defaults.nfdWorkerTolerations,
          },
        ]
      : []),
  ];
  for (const release of rendered.draDriver) {
    out.push({
      name: `${release.name}/${release.name}-kubelet-plugin`,
      namespace: DRA_DRIVER_NAMESPACE,
      draCapability: release.capability,
      gpuOnly: true,
      ...(release.values.resources.gpus.enabled ? { gpuOwner: "dra" as const } : {}),
      ...merged(CHART_SCHEDULING_DEFAULTS.draKubeletPlugin, release.values.kubeletPlugin),
    });
  }
  if (rendered.devicePlugin) {
    out.push({
      name: "nvidia-device-plugin/nvidia-device-plugin",
      namespace: DEVICE_PLUGIN_NAMESPACE,
      gpuOnly: true,
      gpuOwner: "device-plugin",
      ...merged(CHART_SCHEDULING_DEFAULTS.devicePlugin, rendered.devicePlugin),
    });
  }
  const efa = rendered.efaDevicePlugin;
  if (efa) {
    out.push({
      name: "aws-efa-k8s-device-plugin/aws-efa-k8s-device-plugin",
      namespace: EFA_DEVICE_PLUGIN_NAMESPACE,
      gpuOnly: true,
      efaOwner: true,
      nodeSelector: efa.nodeSelector,
      affinity: requiredNodeAffinity(
        ...efa.supportedInstanceLabels.keys.map((key) => ({
          matchExpressions: [
            { key, operator: "In" as const, values: efa.supportedInstanceLabels.values },
          ],
        })),
      ),
      tolerations: [...EFA_TEMPLATE_TOLERATIONS, ...efa.tolerations],
    });
  }
  return out;
}

export function lands(ds: DaemonSetModel, node: NodeModel): boolean {
  return (
    nodeMatches(node.labels, ds.nodeSelector, ds.affinity) &&
    toleratesAll(ds.tolerations, node.taints)
  );
}

const ARCH = { x86_64: "amd64", arm64: "arm64" } as const;

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
  let labels: Record<string, string> = {
    ...gpuNodeLabels(group),
    [INSTANCE_TYPE_LABEL]: group.instanceType,
    "kubernetes.io/arch": ARCH[group.instance.cpuArchitecture],
    // nodeadm on the EKS NVIDIA AMI.
    "nvidia.com/gpu.present": "true",
  };
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
      next[LABELS.migConfigState] = MIG_CONFIG_APPLIED;
    const stable = JSON.stringify(next) === JSON.stringify(labels);
    labels = next;
    if (stable) break;
  }
  return { labels, taints: [GPU_TAINT] };
}

/** A system node: the blueprint's role label, the kubelet's labels, no taint and no GPU. */
export function systemNode(input: PlacementInput): NodeModel {
  return {
    labels: {
      [LABELS.role]: NODE_ROLES.system,
      [INSTANCE_TYPE_LABEL]: input.systemNodeGroup.instanceTypes[0] ?? "",
      "kubernetes.io/arch": "amd64",
    },
    taints: [],
  };
}

export interface GroupPlacement {
  readonly nodeGroup: string;
  readonly group: ResolvedGpuNodeGroup;
  readonly node: NodeModel;
  /** Every DaemonSet that lands on the group's nodes. */
  readonly daemonSets: readonly DaemonSetModel[];
  readonly gpuOwners: readonly DaemonSetModel[];
  readonly efaOwners: readonly DaemonSetModel[];
}

export interface Placement {
  readonly groups: readonly GroupPlacement[];
  /** DaemonSets that land on the system nodes. */
  readonly system: readonly DaemonSetModel[];
}

export function placement(
  input: PlacementInput,
  rendered: RenderedPlatform = renderPlatform(input),
): Placement {
  const all = daemonSets(rendered);
  const groups = input.gpuNodeGroups.map((group) => {
    const node = settledGpuNode(group, input, rendered);
    const on = all.filter((ds) => lands(ds, node));
    return {
      nodeGroup: group.name,
      group,
      node,
      daemonSets: on,
      gpuOwners: on.filter((ds) => ds.gpuOwner),
      efaOwners: on.filter((ds) => ds.efaOwner),
    };
  });
  const system = systemNode(input);
  return { groups, system: all.filter((ds) => lands(ds, system)) };
}

/** Whether the MIG manager pauses this plugin on this node before it repartitions the GPUs. */
export function pausable(ds: DaemonSetModel, node: NodeModel): boolean {
  return LABELS.deployClient in ds.nodeSelector && node.labels[LABELS.deployClient] === "true";
}

const OWNER_NAME: Readonly<Record<GpuAllocation, string>> = {
  dra: "the DRA driver's GPU kubelet plugin",
  "device-plugin": "the NVIDIA device plugin",
};

/** Problems for every rule of the module comment that the placement breaks. */
export function placementProblems(
  input: PlacementInput,
  at: string,
  rendered: RenderedPlatform = renderPlatform(input),
): string[] {
  const result = placement(input, rendered);
  const problems: string[] = [];
  const operatorVersion = input.nvidia.gpuOperator.version;
  for (const p of result.groups) {
    const where = `${at}.gpuNodeGroups.${p.nodeGroup}`;
    const allocation = p.group.allocation;
    const names = (list: readonly DaemonSetModel[]) => list.map((ds) => ds.name).join(", ");
    if (p.gpuOwners.length === 0) {
      problems.push(
        `${where}: no GPU plugin would run on its nodes, so pods could not use its GPUs: allocation ` +
          `${show(allocation)} needs ${OWNER_NAME[allocation]}, whose selectors do not match the node's labels; ` +
          `check ${at}.nvidia.gpuOperator.version ${show(operatorVersion)} (the tested one writes the labels the plugins select)`,
      );
    } else if (p.gpuOwners.length > 1) {
      problems.push(
        `${where}: ${p.gpuOwners.length} GPU plugins would run on its nodes (${names(p.gpuOwners)}) and offer the ` +
          "same GPUs twice, so the scheduler would oversubscribe them; keep one plugin per node (the GPU Operator's " +
          "devicePlugin must stay off)",
      );
    } else if (p.gpuOwners[0].gpuOwner !== allocation) {
      problems.push(
        `${where}: allocation is ${show(allocation)}, but the GPU plugin on its nodes is ${p.gpuOwners[0].name}, ` +
          `which hands out GPUs for ${show(p.gpuOwners[0].gpuOwner)}; its nodes need ${OWNER_NAME[allocation]}`,
      );
    }
    const efa = usesEfa(p.group.instance);
    if (efa && p.efaOwners.length !== 1) {
      problems.push(
        p.efaOwners.length === 0
          ? `${where}: ${p.group.instanceType} gets EFA interfaces, but no EFA device plugin would run on its nodes, ` +
              "so no pod could request vpc.amazonaws.com/efa and NCCL would fall back to TCP"
          : `${where}: ${p.efaOwners.length} EFA plugins would run on its nodes (${names(p.efaOwners)}); an EFA ` +
              "device plugin and an EFA DRA driver must never share a node",
      );
    }
    if (!efa && p.efaOwners.length > 0) {
      problems.push(
        `${where}: ${names(p.efaOwners)} would run on its nodes, which have no EFA interfaces; it must select ` +
          "only the EFA node groups",
      );
    }
    const owner = p.gpuOwners.length === 1 ? p.gpuOwners[0] : undefined;
    if (p.group.mig && owner && !pausable(owner, p.node)) {
      problems.push(
        `${where}.migLayout ${show(p.group.mig.layoutName)}: the MIG manager could not pause ${owner.name} before ` +
          "it repartitions the GPUs, so the plugin would keep offering devices that no longer exist" +
          (operatorWritesClientLabel(operatorVersion)
            ? `; its nodeSelector must name ${LABELS.deployClient}`
            : `; ${at}.nvidia.gpuOperator.version ${show(operatorVersion)} does not write ${LABELS.deployClient} ` +
              "(v26.7.0 and later do): use gpu-operator v26.7.0 or later, or remove migLayout"),
      );
    }
  }
  for (const ds of result.system.filter((d) => d.gpuOnly)) {
    problems.push(
      `${at}.systemNodeGroup: ${ds.name} would run on the system nodes, which have no GPUs; its selectors must ` +
        "name the GPU node groups",
    );
  }
  return problems;
}
