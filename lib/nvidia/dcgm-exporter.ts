/**
 * The GPU Operator's DCGM exporter as Prometheus scrapes it, and its per-pod attribution of DRA GPUs.
 *
 * dcgm-exporter labels a GPU's metrics with the pod using it from the kubelet pod-resources API.
 * Device-plugin GPUs are always listed there; DRA GPUs only with the kubelet gate
 * `KubeletPodResourcesDynamicResources` (on by default from Kubernetes 1.34, the release that also
 * serves resource.k8s.io/v1) and with `KUBERNETES_ENABLE_DRA=true`, which makes the exporter read
 * ResourceSlices to map DRA devices to GPUs. The operator's ClusterRole for the exporter lacks
 * ResourceSlice reads, so {@link DCGM_EXPORTER_DRA_RULES} adds them. On 1.33 DRA pods are not
 * attributed: their GPUs appear per node only.
 *
 * Sources: NVIDIA/gpu-operator deployments/gpu-operator/values.yaml (v26.7.0) `dcgmExporter`;
 * NVIDIA/dcgm-exporter pkg/cmd/app.go (`KUBERNETES_ENABLE_DRA`, PR #501).
 * With the ServiceMonitor's default `honorLabels: false`, the exporter's own `pod`, `namespace` and
 * `container` labels are kept as `exported_pod`, `exported_namespace`, `exported_container`.
 */
import type { KubernetesVersion } from "../cluster/versions";
import { supports } from "../compat/features";

export const DCGM_EXPORTER_SERVICE_ACCOUNT = "nvidia-dcgm-exporter";

export interface DcgmExporterValues {
  readonly enabled: true;
  readonly serviceMonitor: {
    readonly enabled: true;
    readonly interval: string;
    readonly relabelings: readonly {
      readonly sourceLabels: readonly string[];
      readonly targetLabel: string;
      readonly action: "replace";
    }[];
  };
  readonly enablePodLabels?: true;
  readonly env?: readonly { readonly name: string; readonly value: string }[];
}

/** Whether the cluster's kubelets report DRA devices to dcgm-exporter. */
export function attributesDraPods(version: KubernetesVersion): boolean {
  return supports("draPodMetrics", version);
}

export function dcgmExporterValues(version: KubernetesVersion): DcgmExporterValues {
  return {
    enabled: true,
    serviceMonitor: {
      enabled: true,
      interval: "15s",
      // The node name, so dashboards can join GPU metrics to the node group label.
      relabelings: [
        {
          sourceLabels: ["__meta_kubernetes_pod_node_name"],
          targetLabel: "node",
          action: "replace",
        },
      ],
    },
    ...(attributesDraPods(version)
      ? { enablePodLabels: true, env: [{ name: "KUBERNETES_ENABLE_DRA", value: "true" }] }
      : {}),
  };
}

/** What the exporter reads to map DRA devices to GPUs, beyond the operator's own ClusterRole. */
export const DCGM_EXPORTER_DRA_RULES = [
  {
    apiGroups: ["resource.k8s.io"],
    resources: ["resourceslices"],
    verbs: ["get", "list", "watch"],
  },
] as const;
