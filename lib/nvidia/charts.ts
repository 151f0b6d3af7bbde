/**
 * The NVIDIA Helm charts the blueprint installs, pinned to the versions its values were checked
 * against (lib/helm/chart-pin.ts).
 *
 * Sources: NVIDIA/gpu-operator deployments/gpu-operator/values.yaml (v26.7.0);
 * kubernetes-sigs/dra-driver-nvidia-gpu deployments/helm/dra-driver-nvidia-gpu (0.4.1);
 * NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin (v0.20.0).
 */

import type { ChartPin } from "../helm/chart-pin";
import { requiredNodeAffinity, type NodeAffinity, type Toleration } from "../kubernetes";

export const GPU_OPERATOR_CHART: ChartPin = {
  repository: "https://helm.ngc.nvidia.com/nvidia",
  chart: "gpu-operator",
  version: "v26.7.0",
  testedVersions: ["v26.7.0"],
};

export const DRA_DRIVER_CHART: ChartPin = {
  repository: "oci://registry.k8s.io/dra-driver-nvidia/charts",
  chart: "dra-driver-nvidia-gpu",
  version: "0.4.1",
  testedVersions: ["0.4.1"],
};

/** The standalone device plugin, for device-plugin node groups (the operator's own stays off). */
export const DEVICE_PLUGIN_CHART: ChartPin = {
  repository: "https://nvidia.github.io/k8s-device-plugin",
  chart: "nvidia-device-plugin",
  version: "0.20.0",
  testedVersions: ["0.20.0"],
};

export const GPU_OPERATOR_NAMESPACE = "gpu-operator";
export const DRA_DRIVER_NAMESPACE = "nvidia-dra-driver-gpu";
export const DEVICE_PLUGIN_NAMESPACE = "nvidia-device-plugin";

/**
 * Scheduling defaults of the pinned charts that a release's values merge over (lib/helm/merge.ts).
 * test/platform.test.ts holds them against the charts' values.yaml
 * (test/fixtures/charts/*.defaults.json, written by scripts/chart-defaults.ts).
 */
const NFD_NVIDIA_PCI = "feature.node.kubernetes.io/pci-10de.present";
const inTrue = (key: string) => ({
  matchExpressions: [{ key, operator: "In" as const, values: ["true"] }],
});
const cpuVendorNvidia = {
  matchExpressions: [
    {
      key: "feature.node.kubernetes.io/cpu-model.vendor_id",
      operator: "In" as const,
      values: ["NVIDIA"],
    },
  ],
};
const GPU_TAINT_TOLERATION = {
  key: "nvidia.com/gpu",
  operator: "Exists",
  effect: "NoSchedule",
} as const;

export const CHART_SCHEDULING_DEFAULTS = {
  devicePlugin: {
    nodeSelector: {},
    affinity: requiredNodeAffinity(
      inTrue(NFD_NVIDIA_PCI),
      cpuVendorNvidia,
      inTrue("nvidia.com/gpu.present"),
    ),
    tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }, GPU_TAINT_TOLERATION],
  },
  draKubeletPlugin: {
    nodeSelector: {},
    affinity: requiredNodeAffinity(
      inTrue(NFD_NVIDIA_PCI),
      inTrue("feature.node.kubernetes.io/pci-0302_10de.present"),
      inTrue("feature.node.kubernetes.io/pci-0300_10de.present"),
      cpuVendorNvidia,
      inTrue("nvidia.com/gpu.present"),
    ),
    tolerations: [GPU_TAINT_TOLERATION],
  },
  gpuOperator: {
    daemonsetsTolerations: [GPU_TAINT_TOLERATION],
    nfdWorkerTolerations: [
      {
        key: "node-role.kubernetes.io/control-plane",
        operator: "Equal",
        value: "",
        effect: "NoSchedule",
      },
      GPU_TAINT_TOLERATION,
    ],
    migStrategy: "single",
  },
} as const satisfies Record<string, Record<string, unknown>>;

export type SchedulingDefaults = {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly affinity: NodeAffinity;
  readonly tolerations: readonly Toleration[];
};
