/**
 * The NVIDIA Helm charts the blueprint installs, pinned to the versions its values were checked
 * against (lib/helm/chart-pin.ts).
 *
 * Versions come from the compatibility matrix (lib/compat/components.ts), which says what each
 * was checked against. Sources: NVIDIA/gpu-operator deployments/gpu-operator/values.yaml (v26.7.0);
 * kubernetes-sigs/dra-driver-nvidia-gpu deployments/helm/dra-driver-nvidia-gpu at main 95932046
 * (2026-08-07, chart 0.5.0-dev, released as 0.5.0 on 2026-08-19);
 * NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin (v0.20.0).
 */
import { COMPONENTS } from "../compat/components";

import type { ChartPin } from "../helm/chart-pin";
import { requiredNodeAffinity, type NodeAffinity, type Toleration } from "../kubernetes";

export const GPU_OPERATOR_CHART: ChartPin = {
  repository: "https://helm.ngc.nvidia.com/nvidia",
  chart: "gpu-operator",
  version: COMPONENTS.gpuOperator.version,
  testedVersions: [COMPONENTS.gpuOperator.version],
};

/**
 * 0.5.0, checked against the main-branch commit of 2026-08-07 that became it (values keys, CRDs,
 * gates, DeviceClass templates; the released chart could not be read). Published as
 * `oci://registry.k8s.io/dra-driver-nvidia/charts/dra-driver-nvidia-gpu` (docs/install.md,
 * docs/upgrade.md) and in the NGC repo as `nvidia/dra-driver-nvidia-gpu`.
 */
export const DRA_DRIVER_CHART: ChartPin = {
  repository: "oci://registry.k8s.io/dra-driver-nvidia/charts",
  chart: "dra-driver-nvidia-gpu",
  version: COMPONENTS.draDriver.version,
  testedVersions: [COMPONENTS.draDriver.version],
};

/** The standalone device plugin, for device-plugin node groups (the operator's own stays off). */
export const DEVICE_PLUGIN_CHART: ChartPin = {
  repository: "https://nvidia.github.io/k8s-device-plugin",
  chart: "nvidia-device-plugin",
  version: COMPONENTS.devicePlugin.version,
  testedVersions: [COMPONENTS.devicePlugin.version],
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
