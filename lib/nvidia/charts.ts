/**
 * The NVIDIA Helm charts the blueprint installs, pinned to the versions its values were checked
 * against (lib/helm/chart-pin.ts).
 *
 * Sources: NVIDIA/gpu-operator deployments/gpu-operator/values.yaml (v26.7.0);
 * kubernetes-sigs/dra-driver-nvidia-gpu deployments/helm/dra-driver-nvidia-gpu (0.4.1).
 */

import type { ChartPin } from "../helm/chart-pin";

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
