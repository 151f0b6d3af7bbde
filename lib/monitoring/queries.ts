/**
 * PromQL shared by the GPU dashboard and the alert rules. DCGM metric names are those of
 * dcgm-exporter's default counters (NVIDIA/dcgm-exporter etc/default-counters.csv).
 */
import { LABELS } from "../nodes/labels";

export const DCGM = {
  utilization: "DCGM_FI_DEV_GPU_UTIL",
  memoryUsed: "DCGM_FI_DEV_FB_USED",
  power: "DCGM_FI_DEV_POWER_USAGE",
  temperature: "DCGM_FI_DEV_GPU_TEMP",
  xid: "DCGM_FI_DEV_XID_ERRORS",
} as const;

/** How kube-state-metrics writes a node label: `label_` and the key with non-alphanumerics as `_`. */
export function kubeStateMetricsLabel(key: string): string {
  return `label_${key.replace(/[^a-zA-Z0-9]/g, "_")}`;
}

/** The node label kube-state-metrics must export so GPU metrics can be grouped by node group. */
export const NODE_GROUP_LABEL = kubeStateMetricsLabel(LABELS.nodeGroup);

/** A DCGM series with the blueprint's node group as `node_group` (from kube_node_labels). */
export function withNodeGroup(selector: string): string {
  return (
    `${selector} * on (node) group_left (node_group) ` +
    `label_replace(kube_node_labels, "node_group", "$1", "${NODE_GROUP_LABEL}", "(.+)")`
  );
}

/**
 * ResourceClaims a node's kubelet has prepared for running pods, by DRA driver (kubelet metric
 * `dra_resource_claims_in_use`, Kubernetes 1.34+, kubernetes/kubernetes#131641; `<any>` counts each
 * claim once across drivers). No metric in the pinned stack counts claims per DeviceClass:
 * kube-state-metrics has no ResourceClaim collector, and its custom-resource-state mode discovers
 * only CRD-backed kinds, so a built-in kind such as ResourceClaim yields nothing
 * (kubernetes/kube-state-metrics#2681, fix proposed in #2953).
 */
export const DRA_CLAIMS_IN_USE_BY_DRIVER =
  'sum by (driver_name) (dra_resource_claims_in_use{driver_name!="<any>"})';

/**
 * Average GPU utilization of one workload's pods, from the series dcgm-exporter attributes to pods.
 * The exporter writes `pod`, `namespace` and `container`; Prometheus keeps them as `exported_*`
 * beside its own target labels (the ServiceMonitor's `honorLabels: false`). Under DRA (Kubernetes
 * 1.34+) it also writes `dra_driver_name`, which keeps the query to GPUs handed out by the DRA driver.
 * Source: NVIDIA/dcgm-exporter internal/pkg/transformation (const.go, kubernetes.go), tag 4.5.3-4.8.2.
 */
export function podGpuUtilization(selector: {
  readonly namespace: string;
  readonly podPattern: string;
  readonly draDriver: string;
}): string {
  return (
    `avg(${DCGM.utilization}{exported_namespace="${selector.namespace}", ` +
    `exported_pod=~"${selector.podPattern}", dra_driver_name="${selector.draDriver}"})`
  );
}
