/**
 * Alert rules for GPU nodes, delivered through kube-prometheus-stack's
 * `additionalPrometheusRulesMap` (the chart renders them as a PrometheusRule with its CRD, so no
 * CR is planned before its CRD exists).
 *
 * DaemonSet names: the GPU Operator's device plugin `nvidia-device-plugin-daemonset`, a standalone
 * device plugin release `<release>-nvidia-device-plugin`; the DRA driver's kubelet plugin
 * `<nameOverride>-kubelet-plugin` (kubernetes-sigs/dra-driver-nvidia-gpu
 * deployments/helm/dra-driver-nvidia-gpu/templates/kubeletplugin.yaml).
 */
import { DRA_DRIVER_NAMESPACE } from "../nvidia/charts";
import { DCGM, HARDWARE_XIDS, hardwareXidChanges, withNodeGroup } from "./queries";

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: "warning" | "critical" };
  readonly annotations: { readonly summary: string; readonly description: string };
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

/** Average graphics-engine activity (a fraction of 1) below which a GPU held by a pod counts as idle. */
export const IDLE_ENGINE_ACTIVE = 0.05;

/** How far back a change of a GPU's last XID keeps the alert firing. */
export const XID_WINDOW = "10m";

export function gpuAlertRules(): readonly RuleGroup[] {
  return [
    {
      name: "gpu-nodes",
      rules: [
        {
          alert: "GpuHardwareXid",
          expr: `max by (node_group, node, gpu) (${withNodeGroup(hardwareXidChanges(XID_WINDOW))})`,
          for: "0m",
          labels: { severity: "critical" },
          annotations: {
            summary:
              "GPU {{ $labels.gpu }} on {{ $labels.node }} reported hardware XID {{ $value }}",
            description:
              `The driver's last XID on this GPU changed to ${HARDWARE_XIDS.join(", ")}, which NVIDIA's Xid ` +
              "catalog resolves with a GPU reset or node service: drain the node and check `dmesg` on it. The " +
              "exporter keeps only the last code, so a repeat of the same code does not fire again.",
          },
        },
        {
          alert: "GpuDevicePluginNotReady",
          expr: 'kube_daemonset_status_number_unavailable{daemonset=~"nvidia-device-plugin.*|.+-nvidia-device-plugin"} > 0',
          for: "15m",
          labels: { severity: "critical" },
          annotations: {
            summary:
              "{{ $value }} GPU node(s) have no ready NVIDIA device plugin ({{ $labels.daemonset }})",
            description:
              "Pods asking for nvidia.com/gpu cannot start on those nodes, and the Cluster Autoscaler may add nodes " +
              "that fail the same way.",
          },
        },
        {
          alert: "DraKubeletPluginDown",
          expr: `kube_daemonset_status_number_unavailable{namespace="${DRA_DRIVER_NAMESPACE}", daemonset=~".+-kubelet-plugin"} > 0`,
          for: "10m",
          labels: { severity: "critical" },
          annotations: {
            summary:
              "{{ $value }} node(s) have no ready DRA kubelet plugin ({{ $labels.daemonset }})",
            description:
              "Pods with ResourceClaims for those nodes stay in ContainerCreating: the kubelet cannot prepare " +
              "their devices. Check the plugin's logs in the " +
              `${DRA_DRIVER_NAMESPACE} namespace.`,
          },
        },
        {
          alert: "GpuAllocatedButIdle",
          expr:
            `avg by (exported_namespace, exported_pod) ` +
            `(avg_over_time(${DCGM.engineActive}{exported_pod!=""}[1h])) < ${IDLE_ENGINE_ACTIVE}`,
          for: "2h",
          labels: { severity: "warning" },
          annotations: {
            summary:
              "Pod {{ $labels.exported_namespace }}/{{ $labels.exported_pod }} has held GPUs below " +
              `${IDLE_ENGINE_ACTIVE * 100}% engine activity for 3 hours`,
            description:
              "The GPUs are allocated, so nothing else can use them and the node cannot scale down. Only pods " +
              "dcgm-exporter attributes are seen (device-plugin GPUs; DRA GPUs on Kubernetes 1.34+).",
          },
        },
      ],
    },
  ];
}
