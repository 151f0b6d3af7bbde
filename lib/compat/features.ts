/**
 * The GPU features whose support depends on the Kubernetes version, with the version upstream
 * documents them from. Synth (rules.ts), the warnings, the placement proof and the generated table
 * read these; nothing else states a feature's version.
 */
import { compareVersions, type KubernetesMinor } from "./kubernetes";

export interface Feature {
  readonly title: string;
  /** First version with the feature, `minor` or `minor.patch`. */
  readonly since: string;
  /** Where a feature is beta from `since` and GA later, the GA minor. */
  readonly gaFrom?: string;
  readonly source: string;
  /** What goes wrong below `since`, for messages. */
  readonly below: string;
}

export const FEATURES = {
  draGpuAllocation: {
    title: "DRA GPU allocation",
    since: "1.34.2",
    source:
      "dra-driver-nvidia-gpu docs/prerequisites.md (0.4.1 and 0.5.0); EKS user guide, DRA page",
    below:
      "GPU allocation is outside the DRA driver's documented range, and DRA pods can stick in ContainerCreating " +
      "or Terminating (kubernetes/kubernetes#133920, why AWS recommends DRA on 1.34+)",
  },
  computeDomains: {
    title: "ComputeDomains (NVLink/IMEX)",
    since: "1.32",
    source: "dra-driver-nvidia-gpu docs/prerequisites.md",
    below: "the DRA driver does not support ComputeDomains",
  },
  autoscaledDraGroups: {
    title: "autoscaled DRA groups (Cluster Autoscaler)",
    since: "1.35",
    source: "kubernetes/autoscaler cluster-autoscaler/docs/dra_support.md",
    below:
      'the Cluster Autoscaler\'s DRA support is "not recommended in production" before 1.35.0: it can misjudge ' +
      "which group fits a pending claim and scale the wrong group or none",
  },
  kueueDraQuotas: {
    title: "Kueue DRA quotas",
    since: "1.34",
    source: "kubernetes-sigs/kueue v0.19.2: reads ResourceClaims only as resource.k8s.io/v1",
    below:
      "Kueue cannot count DRA devices (it reads only resource.k8s.io/v1), so GPU quotas do not hold",
  },
  draPodMetrics: {
    title: "per-pod GPU metrics of DRA pods (DCGM exporter)",
    since: "1.34",
    source:
      "NVIDIA/dcgm-exporter pkg/cmd/app.go (KUBERNETES_ENABLE_DRA); kubelet gate KubeletPodResourcesDynamicResources, on from 1.34",
    below: "the DCGM exporter cannot attribute DRA GPUs to pods",
  },
  nodeadmGpuLabel: {
    title: "nodeadm writes nvidia.com/gpu.present=true",
    since: "1.35",
    source: "awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go",
    below: "nvidia.com/gpu.present comes from NFD and the GPU Operator only, once they run",
  },
  extendedResourceMapping: {
    title: "DRA extended-resource mapping (nvidia.com/gpu served by DRA)",
    since: "1.36",
    gaFrom: "1.37",
    source:
      "Kubernetes DRAExtendedResource (KEP 5004): beta, on by default in 1.36, GA in 1.37; the DRA driver's " +
      "gpu.nvidia.com DeviceClass sets extendedResourceName: nvidia.com/gpu on resource.k8s.io/v1",
    below: "a pod asking for nvidia.com/gpu is served only by the device plugin",
  },
  partitionableDevices: {
    title: "partitionable devices (DynamicMIG)",
    since: "1.36",
    source:
      "Kubernetes DRAPartitionableDevices, on by default from 1.36; dra-driver-nvidia-gpu docs/feature-gates.md (DynamicMIG)",
    below:
      "DRAPartitionableDevices is off on the EKS control plane, so DynamicMIG cannot allocate partitions",
  },
  consumableCapacity: {
    title: "consumable capacity (consumable shares)",
    since: "1.36",
    source: "Kubernetes DRAConsumableCapacity, beta and on by default from 1.36",
    below:
      "DRAConsumableCapacity is off on the EKS control plane, so devices cannot be shared by capacity",
  },
} as const satisfies Record<string, Feature>;

export type FeatureName = keyof typeof FEATURES;

/** How a minor supports a feature: not at all, from one of its patches, or fully (beta or GA). */
export type FeatureSupport = "no" | "from-patch" | "beta" | "yes";

export function featureSupport(name: FeatureName, minor: KubernetesMinor): FeatureSupport {
  const feature: Feature = FEATURES[name];
  const sinceMinor = feature.since.split(".").slice(0, 2).join(".");
  const cmp = compareVersions(minor, sinceMinor);
  if (cmp < 0) return "no";
  if (cmp === 0 && feature.since !== sinceMinor) return "from-patch";
  if (feature.gaFrom !== undefined && compareVersions(minor, feature.gaFrom) < 0) return "beta";
  return "yes";
}

/**
 * Whether a cluster of the minor has the feature. A feature from a patch counts: EKS moves every
 * cluster of a minor to its newest patch through platform versions (1.34 clusters run 1.34.2 or later;
 * check with `kubectl version` before relying on it).
 */
export function supports(name: FeatureName, minor: KubernetesMinor): boolean {
  return featureSupport(name, minor) !== "no";
}

/** The first minor of `minors` that has the feature. */
export function firstMinorWith(
  name: FeatureName,
  minors: readonly KubernetesMinor[],
): KubernetesMinor | undefined {
  return minors.find((m) => supports(name, m));
}
