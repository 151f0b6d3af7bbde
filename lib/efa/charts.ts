/**
 * The AWS EFA device plugin chart, pinned, and the scheduling its template adds to the values.
 *
 * Source: aws/eks-charts stable/aws-efa-k8s-device-plugin (chart v0.5.30, plugin v0.5.20):
 * values.yaml and templates/daemonset.yaml.
 */
import type { ChartPin } from "../helm/chart-pin";
import type { Toleration } from "../kubernetes";

export const EFA_DEVICE_PLUGIN_CHART: ChartPin = {
  repository: "https://aws.github.io/eks-charts",
  chart: "aws-efa-k8s-device-plugin",
  version: "v0.5.30",
  testedVersions: ["v0.5.30"],
};

/** Where the EKS user guide installs it. */
export const EFA_DEVICE_PLUGIN_NAMESPACE = "kube-system";

/**
 * The template writes this toleration before the values' own, and builds the required node
 * affinity from `supportedInstanceLabels`: one term per key, the instance types as its values.
 */
export const EFA_TEMPLATE_TOLERATIONS: readonly Toleration[] = [
  { key: "CriticalAddonsOnly", operator: "Exists" },
];

/** The instance-type label the chart's affinity reads (kubelet sets it on every node). */
export const INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";
