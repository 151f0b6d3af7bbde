/**
 * Values for kube-prometheus-stack: every component on the system nodes with requests set,
 * Prometheus and Alertmanager on encrypted gp3 volumes, ServiceMonitors and rules selected from
 * every namespace (the GPU Operator's DCGM ServiceMonitor lives in gpu-operator and carries no
 * `release` label), the GPU alert rules, node group labels on kube-state-metrics' node series, and
 * Grafana's admin password left to the chart (release.ts). Keys are checked against the pinned
 * chart and its subcharts by test/monitoring.test.ts.
 */
import { LABELS, SYSTEM_NODE_SELECTOR } from "../nodes/labels";
import { gpuAlertRules, type RuleGroup } from "./alert-rules";
import { GRAFANA_DASHBOARD_LABEL } from "./release";
import type { ResolvedMonitoring } from "./settings";
import { GP3_STORAGE_CLASS } from "./storage-class";

export interface MonitoringInput {
  readonly monitoring: ResolvedMonitoring;
}

type Selector = Readonly<Record<string, string>>;

interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}

const resources = (cpu: string, memory: string, limit = memory): Resources => ({
  requests: { cpu, memory },
  limits: { memory: limit },
});

const volumeClaim = (sizeGiB: number) => ({
  volumeClaimTemplate: {
    spec: {
      storageClassName: GP3_STORAGE_CLASS.name,
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: `${sizeGiB}Gi` } },
    },
  },
});

/** Prometheus deletes its oldest blocks before the volume fills. */
export const RETENTION_SIZE_SHARE = 0.85;

export interface KubePrometheusStackValues {
  readonly additionalPrometheusRulesMap: Readonly<
    Record<string, { readonly groups: readonly RuleGroup[] }>
  >;
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly serviceMonitorSelectorNilUsesHelmValues: false;
      readonly podMonitorSelectorNilUsesHelmValues: false;
      readonly ruleSelectorNilUsesHelmValues: false;
      readonly probeSelectorNilUsesHelmValues: false;
      readonly scrapeConfigSelectorNilUsesHelmValues: false;
      readonly retention: string;
      readonly retentionSize: string;
      readonly storageSpec: ReturnType<typeof volumeClaim>;
      readonly nodeSelector: Selector;
      readonly resources: Resources;
    };
  };
  readonly alertmanager: {
    readonly alertmanagerSpec: {
      readonly storage: ReturnType<typeof volumeClaim>;
      readonly nodeSelector: Selector;
      readonly resources: Resources;
    };
  };
  readonly prometheusOperator: {
    readonly nodeSelector: Selector;
    readonly resources: Resources;
    readonly admissionWebhooks: { readonly patch: { readonly nodeSelector: Selector } };
  };
  readonly grafana: {
    readonly nodeSelector: Selector;
    readonly resources: Resources;
    readonly admin: { readonly existingSecret: "" };
    readonly sidecar: {
      readonly resources: Resources;
      readonly dashboards: {
        readonly enabled: true;
        readonly label: string;
        readonly labelValue: string;
        readonly searchNamespace: "ALL";
      };
    };
  };
  readonly "kube-state-metrics": {
    readonly nodeSelector: Selector;
    readonly resources: Resources;
    readonly metricLabelsAllowlist: readonly string[];
  };
  readonly "prometheus-node-exporter": { readonly resources: Resources };
}

export function kubePrometheusStackValues(input: MonitoringInput): KubePrometheusStackValues {
  const { monitoring } = input;
  const [labelKey, labelValue] = Object.entries(GRAFANA_DASHBOARD_LABEL)[0];
  return {
    additionalPrometheusRulesMap: { "gpu-alerts": { groups: gpuAlertRules() } },
    prometheus: {
      prometheusSpec: {
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        retention: `${monitoring.retentionDays}d`,
        retentionSize: `${Math.floor(monitoring.storageGiB * RETENTION_SIZE_SHARE)}GiB`,
        storageSpec: volumeClaim(monitoring.storageGiB),
        nodeSelector: SYSTEM_NODE_SELECTOR,
        resources: resources("500m", "2Gi", "4Gi"),
      },
    },
    alertmanager: {
      alertmanagerSpec: {
        storage: volumeClaim(2),
        nodeSelector: SYSTEM_NODE_SELECTOR,
        resources: resources("50m", "128Mi"),
      },
    },
    prometheusOperator: {
      nodeSelector: SYSTEM_NODE_SELECTOR,
      resources: resources("100m", "256Mi"),
      admissionWebhooks: { patch: { nodeSelector: SYSTEM_NODE_SELECTOR } },
    },
    grafana: {
      nodeSelector: SYSTEM_NODE_SELECTOR,
      resources: resources("100m", "256Mi", "512Mi"),
      // Empty: the chart generates the admin password into a Secret in the cluster.
      admin: { existingSecret: "" },
      sidecar: {
        resources: resources("50m", "128Mi"),
        dashboards: { enabled: true, label: labelKey, labelValue, searchNamespace: "ALL" },
      },
    },
    "kube-state-metrics": {
      nodeSelector: SYSTEM_NODE_SELECTOR,
      resources: resources("100m", "256Mi", "512Mi"),
      // kube_node_labels carries only allowed labels; the dashboard groups GPUs by node group.
      metricLabelsAllowlist: [`nodes=[${LABELS.nodeGroup},${LABELS.gpuAllocation}]`],
    },
    // A DaemonSet on every node; the chart already tolerates every NoSchedule taint (GPU nodes).
    "prometheus-node-exporter": { resources: resources("50m", "64Mi", "128Mi") },
  };
}
