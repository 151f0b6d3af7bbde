/**
 * The DaemonSets the platform's releases create, with the scheduling each gets from its rendered
 * values merged over the pinned chart's defaults (nodeSelector, required node affinity,
 * tolerations), and whether one lands on a node. The placement proof (placement.ts) runs these
 * against the nodes of every group (settled-node.ts).
 */
import { helmMerge } from "../helm/merge";
import {
  nodeMatches,
  requiredNodeAffinity,
  toleratesAll,
  type NodeAffinity,
  type Taint,
  type Toleration,
} from "../kubernetes";
import { EFA_DEVICE_PLUGIN_NAMESPACE, EFA_TEMPLATE_TOLERATIONS } from "../efa/charts";
import { efaDevicePluginValues, type EfaDevicePluginValues } from "../efa/device-plugin-values";
import type { GpuAllocation } from "../nodes/settings";
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
import type { NvidiaPlatformInput } from "./settings";

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

export const NFD_WORKER = "gpu-operator/node-feature-discovery-worker";
export const GFD = "gpu-operator/gpu-feature-discovery";
export const MIG_MANAGER = "gpu-operator/nvidia-mig-manager";

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
