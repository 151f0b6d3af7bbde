/**
 * The NVIDIA Helm charts the blueprint installs, pinned to the versions its values were checked
 * against. Another version needs `allowUntestedVersion`, because chart keys move between releases
 * and a misspelt key is silently ignored by Helm.
 *
 * Sources: NVIDIA/gpu-operator deployments/gpu-operator/values.yaml (v26.7.0);
 * kubernetes-sigs/dra-driver-nvidia-gpu deployments/helm/dra-driver-nvidia-gpu (0.4.1).
 */

export interface ChartPin {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  /** Versions whose values keys the tests check (test/fixtures/charts). */
  readonly testedVersions: readonly string[];
}

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

export const GPU_OPERATOR_NAMESPACE = "gpu-operator";
export const DRA_DRIVER_NAMESPACE = "nvidia-dra-driver-gpu";
