/**
 * PromQL shared by the GPU dashboard and the alert rules. DCGM metric names are those GPU Operator
 * v26.7.0's dcgm-exporter collects by default (NVIDIA/dcgm-exporter etc/dcp-metrics-included.csv;
 * test/gpu-metrics.test.ts checks every query against it).
 */
import { LABELS } from "../nodes/labels";

export const DCGM = {
  /**
   * Fraction (0-1) of time the graphics engine is busy. Unlike DCGM_FI_DEV_GPU_UTIL, which reads 0
   * on MIG devices (NVIDIA/dcgm-exporter#216), it is reported per MIG device too.
   */
  engineActive: "DCGM_FI_PROF_GR_ENGINE_ACTIVE",
  /** MiB. */
  memoryUsed: "DCGM_FI_DEV_FB_USED",
  power: "DCGM_FI_DEV_POWER_USAGE",
  temperature: "DCGM_FI_DEV_GPU_TEMP",
  /**
   * The code of the last XID the driver reported, kept until the exporter restarts
   * (NVIDIA/dcgm-exporter#500): a code, not a count, and a repeat of the same code is invisible.
   */
  xid: "DCGM_FI_DEV_XID_ERRORS",
} as const;

/**
 * XIDs that mean the hardware needs attention (a GPU reset, a node drain or a replacement), from
 * NVIDIA's "Xid Errors" documentation and its Xid catalog (docs.nvidia.com/deploy/xid-errors):
 * 48 double-bit ECC error; 63 and 64 ECC page retirement or row remapping recorded / failed;
 * 74 NVLink error; 79 GPU has fallen off the bus; 92 high single-bit ECC error rate; 94 contained
 * and 95 uncontained ECC error. Other XIDs (13, 31, 43, 45 and the like) are mostly application
 * faults that the application's own logs explain.
 */
export const HARDWARE_XIDS = [48, 63, 64, 74, 79, 92, 94, 95] as const;

/**
 * GPUs whose last XID changed within `window` to a hardware code, with the code as the value.
 * The exporter's XID gauge never resets, so a threshold on it fires forever after one XID.
 */
export function hardwareXidChanges(window: string): string {
  const codes = HARDWARE_XIDS.map((code) => `${DCGM.xid} == ${code}`).join(" or ");
  return `((${codes}) and changes(${DCGM.xid}[${window}]) > 0)`;
}

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
