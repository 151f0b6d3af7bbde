import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Construct } from "constructs";
import { gpuDashboard } from "../lib/monitoring/gpu-dashboard";
import {
  GRAFANA_DASHBOARD_LABEL,
  MONITORING_NAMESPACE,
  MONITORING_RELEASE,
} from "../lib/monitoring/release";
import { GP3_STORAGE_CLASS } from "../lib/monitoring/storage-class";
import { kubePrometheusStackValues, type MonitoringInput } from "../lib/monitoring/values";
import { PinnedHelmRelease } from "./pinned-helm-release";

export interface MonitoringProps {
  /** The environment's monitoring settings. */
  readonly input: MonitoringInput;
}

/**
 * Prometheus, Alertmanager and Grafana (kube-prometheus-stack) on the system nodes, their volumes
 * on an encrypted gp3 StorageClass, and the blueprint's GPU dashboard as a ConfigMap the Grafana
 * sidecar loads. Install it before the GPU Operator: the operator creates its DCGM ServiceMonitor
 * only when the ServiceMonitor CRD, which this chart installs, already exists.
 */
export class Monitoring extends Construct {
  readonly helm: PinnedHelmRelease;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const storageClass = new StorageClassV1(this, "gp3", {
      metadata: { name: GP3_STORAGE_CLASS.name },
      storageProvisioner: GP3_STORAGE_CLASS.provisioner,
      parameters: { ...GP3_STORAGE_CLASS.parameters },
      volumeBindingMode: GP3_STORAGE_CLASS.volumeBindingMode,
      reclaimPolicy: GP3_STORAGE_CLASS.reclaimPolicy,
      allowVolumeExpansion: GP3_STORAGE_CLASS.allowVolumeExpansion,
    });
    this.helm = new PinnedHelmRelease(this, "kube-prometheus-stack", {
      name: MONITORING_RELEASE,
      namespace: MONITORING_NAMESPACE,
      chart: props.input.monitoring.kubePrometheusStack,
      values: kubePrometheusStackValues(props.input),
      dependsOn: [storageClass],
    });
    new ConfigMapV1(this, "gpu-dashboard", {
      metadata: {
        name: "gpu-dashboard",
        namespace: MONITORING_NAMESPACE,
        labels: { ...GRAFANA_DASHBOARD_LABEL },
      },
      data: { "gpu-dashboard.json": JSON.stringify(gpuDashboard(), null, 2) },
      dependsOn: [this.helm.release],
    });
  }
}
