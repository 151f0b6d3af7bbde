/**
 * Chart key fixtures: kube-prometheus-stack 88.5.3 from its values.yaml; its subcharts at the
 * versions its Chart.yaml pins, from grafana-community/helm-charts tag grafana-12.11.1 and
 * prometheus-community/helm-charts tags kube-state-metrics-8.4.0 and prometheus-node-exporter-4.56.1
 * (generated with scripts/chart-keys.ts).
 */
import grafanaKeys from "./fixtures/charts/grafana-12.11.1.keys.json";
import stackKeys from "./fixtures/charts/kube-prometheus-stack-88.5.3.keys.json";
import kubeStateMetricsKeys from "./fixtures/charts/kube-state-metrics-8.4.0.keys.json";
import nodeExporterKeys from "./fixtures/charts/prometheus-node-exporter-4.56.1.keys.json";
import { loadEnvironments } from "../config/environments";
import type { KubernetesVersion } from "../lib/cluster/versions";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { unknownKeyPaths, withSubcharts } from "../lib/helm/chart-keys";
import { gpuAlertRules } from "../lib/monitoring/alert-rules";
import { attributesDraPods, dcgmExporterValues } from "../lib/nvidia/dcgm-exporter";
import { gpuDashboard } from "../lib/monitoring/gpu-dashboard";
import { DCGM } from "../lib/monitoring/queries";
import { KUBE_PROMETHEUS_STACK_SUBCHARTS } from "../lib/monitoring/release";
import { kubePrometheusStackValues } from "../lib/monitoring/values";
import { LABELS } from "../lib/nodes/labels";
import { DRA_DRIVER_NAMESPACE } from "../lib/nvidia/charts";
import { draDriverReleases } from "../lib/nvidia/dra-driver-values";
import { gpuOperatorValues } from "../lib/nvidia/gpu-operator-values";
import { resolveEnvironments } from "../lib/resolve-environments";
import { parseYamlStrict } from "../lib/yaml";
import {
  address,
  resource,
  resources,
  synthAll,
  testEnvironment,
  G6 as g6,
  P6E as p6e,
  problemsOrNone,
} from "./helpers";

const resolve = (overrides: Partial<EnvironmentConfig>): ResolvedEnvironment =>
  resolveEnvironments([testEnvironment(overrides)])[0];
const onVersion = (kubernetesVersion: KubernetesVersion) =>
  resolve({ kubernetesVersion, gpuNodeGroups: [g6] });
const allKeys = withSubcharts(stackKeys, {
  grafana: grafanaKeys,
  "kube-state-metrics": kubeStateMetricsKeys,
  "prometheus-node-exporter": nodeExporterKeys,
});

describe("kube-prometheus-stack values", () => {
  const values = kubePrometheusStackValues(onVersion("1.34"));

  test("set only keys the chart or its subcharts have", () => {
    expect(unknownKeyPaths(values, allKeys)).toEqual([]);
  });

  test("the subchart key fixtures are of the versions the pinned chart depends on", () => {
    expect([grafanaKeys.version, kubeStateMetricsKeys.version]).toEqual([
      KUBE_PROMETHEUS_STACK_SUBCHARTS.grafana,
      KUBE_PROMETHEUS_STACK_SUBCHARTS["kube-state-metrics"],
    ]);
  });

  test("the key check catches a Grafana key neither chart has", () => {
    expect(unknownKeyPaths({ grafana: { adminPasword: "x" } }, allKeys)).toEqual([
      "grafana.adminPasword",
    ]);
  });

  test("Prometheus selects ServiceMonitors, PodMonitors and rules of every release and namespace", () => {
    expect(values.prometheus.prometheusSpec).toMatchObject({
      serviceMonitorSelectorNilUsesHelmValues: false,
      podMonitorSelectorNilUsesHelmValues: false,
      ruleSelectorNilUsesHelmValues: false,
    });
  });

  test("Prometheus keeps 15 days on a 50 GiB gp3 volume and deletes old data before it fills", () => {
    const spec = values.prometheus.prometheusSpec;
    expect([spec.retention, spec.retentionSize]).toEqual(["15d", "42GiB"]);
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({
      storageClassName: "gp3-encrypted",
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "50Gi" } },
    });
  });

  test("every component with a pod of its own runs on the system nodes with requests set", () => {
    const system = { [LABELS.role]: "system" };
    const components = [
      values.prometheus.prometheusSpec,
      values.alertmanager.alertmanagerSpec,
      values.prometheusOperator,
      values.grafana,
      values["kube-state-metrics"],
    ];
    for (const c of components) {
      expect(c.nodeSelector).toEqual(system);
      expect(Object.keys(c.resources.requests).sort()).toEqual(["cpu", "memory"]);
    }
  });

  test("Grafana's admin password is never in the values (the chart generates it in the cluster)", () => {
    const yaml = JSON.stringify(values);
    expect(yaml).not.toMatch(/adminPassword|GF_SECURITY_ADMIN_PASSWORD/);
    expect(values.grafana.admin.existingSecret).toBe("");
  });

  test("the Grafana sidecar loads dashboards labelled grafana_dashboard=1 from every namespace", () => {
    expect(values.grafana.sidecar.dashboards).toEqual({
      enabled: true,
      label: "grafana_dashboard",
      labelValue: "1",
      searchNamespace: "ALL",
    });
  });

  test("kube-state-metrics exports the node group label the dashboard groups by", () => {
    expect(values["kube-state-metrics"].metricLabelsAllowlist).toEqual([
      "nodes=[eks-gpu-dra.blueprint/node-group,eks-gpu-dra.blueprint/gpu-allocation]",
    ]);
  });

  test("the GPU alert rules go in as a PrometheusRule through the chart", () => {
    expect(values.additionalPrometheusRulesMap["gpu-alerts"].groups).toEqual(gpuAlertRules());
  });
});

describe("monitoring settings", () => {
  test("retention and volume size are set per environment", () => {
    const env = resolve({ monitoring: { retentionDays: 30, storageGiB: 200 } });
    const spec = kubePrometheusStackValues(env).prometheus.prometheusSpec;
    expect([spec.retention, spec.retentionSize]).toEqual(["30d", "170GiB"]);
  });

  test("a retention outside 1-365 days and a volume below 10 GiB are refused", () => {
    expect(problemsOrNone({ monitoring: { retentionDays: 0, storageGiB: 5 } })).toEqual([
      "environments.test.monitoring.retentionDays 0 is not a whole number of days from 1 to 365; Prometheus on one " +
        "volume is for recent metrics, use long-term storage beyond a year",
      "environments.test.monitoring.storageGiB 5 is too small for Prometheus's volume; use a whole number of 10 or more",
    ]);
  });
});

describe("DCGM exporter", () => {
  test("Prometheus scrapes it through the operator's ServiceMonitor, with the node name", () => {
    expect(gpuOperatorValues(onVersion("1.33")).dcgmExporter.serviceMonitor).toMatchObject({
      enabled: true,
      relabelings: [{ sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" }],
    });
  });

  test("on Kubernetes 1.33 DRA pods are not attributed (the kubelet does not report DRA devices)", () => {
    const values = gpuOperatorValues(onVersion("1.33")).dcgmExporter;
    expect([attributesDraPods("1.33"), values.env, values.enablePodLabels]).toEqual([
      false,
      undefined,
      undefined,
    ]);
  });

  test.each([["1.34"], ["1.35"]] as const)(
    "on Kubernetes %s DRA GPUs are attributed to their pods",
    (version) => {
      expect(dcgmExporterValues(version)).toMatchObject({
        enablePodLabels: true,
        env: [{ name: "KUBERNETES_ENABLE_DRA", value: "true" }],
      });
    },
  );
});

describe("GPU dashboard", () => {
  const dashboard = gpuDashboard();
  const queries = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);

  test("is a Grafana dashboard: uid, title, schema version and panels on a 24-column grid", () => {
    expect(dashboard).toMatchObject({ uid: "eks-gpu-dra-gpus", schemaVersion: 41 });
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.gridPos.h).toBeGreaterThan(0);
    }
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
  });

  test("every graph panel queries the provisioned Prometheus data source", () => {
    const graphs = dashboard.panels.filter((p) => p.type === "timeseries");
    expect(graphs.length).toBeGreaterThan(0);
    for (const panel of graphs) {
      expect(panel.datasource).toEqual({ type: "prometheus", uid: "prometheus" });
      expect(panel.targets?.[0].datasource).toEqual(panel.datasource);
      expect(panel.targets?.[0].refId).toBe("A");
    }
  });

  test("panels never overlap", () => {
    const cells = new Set<string>();
    for (const { gridPos: g } of dashboard.panels)
      for (let x = g.x; x < g.x + g.w; x++)
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
  });

  test("shows utilization, memory, power, temperature and XID errors from DCGM", () => {
    for (const metric of Object.values(DCGM))
      expect([metric, queries.some((q) => q.includes(metric))]).toEqual([metric, true]);
  });

  test("has a DRA panel of claims in use per driver, from the kubelet", () => {
    const panel = dashboard.panels.find((p) => p.title === "DRA claims in use by driver");
    expect(panel?.targets?.[0].expr).toBe(
      'sum by (driver_name) (dra_resource_claims_in_use{driver_name!="<any>"})',
    );
  });

  test("every query has balanced parentheses and braces", () => {
    for (const query of [
      ...queries,
      ...gpuAlertRules().flatMap((g) => g.rules.map((r) => r.expr)),
    ]) {
      let depth = 0;
      for (const ch of query) {
        if ("({[".includes(ch)) depth++;
        if (")}]".includes(ch)) depth--;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect([query, depth]).toEqual([query, 0]);
    }
  });
});

describe("alert rules", () => {
  const rules = gpuAlertRules().flatMap((g) => g.rules);

  test("cover hardware XIDs, device plugin, DRA kubelet plugin and idle allocated GPUs", () => {
    expect(rules.map((r) => r.alert)).toEqual([
      "GpuHardwareXid",
      "GpuDevicePluginNotReady",
      "DraKubeletPluginDown",
      "GpuAllocatedButIdle",
    ]);
  });

  test("the DRA plugin alert matches the kubelet plugin DaemonSet of every DRA release", () => {
    const expr = rules.find((r) => r.alert === "DraKubeletPluginDown")?.expr ?? "";
    const [, namespace, pattern] = /namespace="([^"]+)", daemonset=~"([^"]+)"/.exec(expr) ?? [];
    expect(namespace).toBe(DRA_DRIVER_NAMESPACE);
    const env = resolve({ gpuNodeGroups: [g6, p6e] });
    const daemonSets = draDriverReleases(env).map((r) => `${r.values.nameOverride}-kubelet-plugin`);
    expect(daemonSets).toHaveLength(2);
    for (const name of daemonSets) expect(name).toMatch(new RegExp(`^(${pattern})$`));
  });
});

describe("monitoring in the platform stack", () => {
  const stack = synthAll([testEnvironment({ kubernetesVersion: "1.34", gpuNodeGroups: [g6] })])[
    "test-platform"
  ];
  const release = (name: string) =>
    Object.values(resources(stack, "helm_release")).find((r) => r.name === name);

  test("installs kube-prometheus-stack before the GPU Operator, so the DCGM ServiceMonitor is created", () => {
    expect(release("gpu-operator")?.depends_on).toEqual([
      address(stack, "helm_release", "kube-prometheus-stack"),
    ]);
  });

  test("creates the gp3 StorageClass before the release that claims volumes of it", () => {
    const storageClass = resource(stack, "kubernetes_storage_class_v1", "monitoring");
    expect(storageClass).toMatchObject({
      storage_provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true" },
      volume_binding_mode: "WaitForFirstConsumer",
    });
    expect(release("kube-prometheus-stack")?.depends_on).toEqual([
      address(stack, "kubernetes_storage_class_v1", "monitoring"),
    ]);
  });

  test("ships the dashboard as a ConfigMap the Grafana sidecar picks up", () => {
    const configMap = resource(stack, "kubernetes_config_map_v1", "gpu-dashboard");
    expect(configMap.metadata).toEqual({
      name: "gpu-dashboard",
      namespace: "monitoring",
      labels: { grafana_dashboard: "1" },
    });
    expect(JSON.parse(configMap.data["gpu-dashboard.json"])).toEqual(gpuDashboard());
  });

  test("on 1.34 grants the DCGM exporter's service account ResourceSlice reads", () => {
    const role = resource(stack, "kubernetes_cluster_role_v1", "dcgm-exporter-dra-access");
    expect(role.rule).toEqual([
      {
        api_groups: ["resource.k8s.io"],
        resources: ["resourceslices"],
        verbs: ["get", "list", "watch"],
      },
    ]);
    const binding = resource(
      stack,
      "kubernetes_cluster_role_binding_v1",
      "dcgm-exporter-dra-access",
    );
    expect(binding.subject).toEqual([
      { kind: "ServiceAccount", name: "nvidia-dcgm-exporter", namespace: "gpu-operator" },
    ]);
  });

  test("on 1.33 grants nothing extra, because DRA pods are not attributed there", () => {
    const stack133 = synthAll([testEnvironment({ gpuNodeGroups: [g6] })])["test-platform"];
    expect(resources(stack133, "kubernetes_cluster_role_v1")).toEqual({});
  });

  test("the values document parses without duplicate keys", () => {
    for (const document of release("kube-prometheus-stack")?.values ?? [])
      expect(() => parseYamlStrict(document)).not.toThrow();
  });

  test("the shipped environments synthesize a monitoring release each", () => {
    const stacks = synthAll(loadEnvironments({}));
    for (const name of ["dev-platform", "prod-platform"])
      expect(Object.values(resources(stacks[name], "helm_release")).map((r) => r.name)).toContain(
        "kube-prometheus-stack",
      );
  });
});
