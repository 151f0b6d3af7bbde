/**
 * The monitoring release: kube-prometheus-stack (Prometheus Operator, Prometheus, Alertmanager,
 * Grafana, kube-state-metrics, node exporter) and the subcharts whose values it passes on.
 *
 * Sources: prometheus-community/helm-charts charts/kube-prometheus-stack (88.5.3) Chart.yaml and
 * values.yaml; grafana-community/helm-charts charts/grafana (12.11.1) values.yaml and
 * templates/_helpers.tpl (`grafana.password`); prometheus-community/helm-charts
 * charts/kube-state-metrics (8.4.0) values.yaml.
 */
import type { ChartPin } from "../helm/chart-pin";

export const KUBE_PROMETHEUS_STACK_CHART: ChartPin = {
  repository: "https://prometheus-community.github.io/helm-charts",
  chart: "kube-prometheus-stack",
  version: "88.5.3",
  testedVersions: ["88.5.3"],
};

/** The subchart versions kube-prometheus-stack 88.5.3 pins (its Chart.yaml dependencies). */
export const KUBE_PROMETHEUS_STACK_SUBCHARTS = {
  grafana: "12.11.1",
  "kube-state-metrics": "8.4.0",
} as const;

export const MONITORING_NAMESPACE = "monitoring";
/** The release name; the chart names its objects after it (`<release>-grafana`, ...). */
export const MONITORING_RELEASE = "kube-prometheus-stack";
/**
 * With no `admin.existingSecret`, the Grafana chart writes a random admin password into this
 * Secret (key `admin-password`) at first install and reads it back on upgrades, so the password
 * exists only in the cluster, never in Terraform values or state.
 */
export const GRAFANA_ADMIN_SECRET = `${MONITORING_RELEASE}-grafana`;
export const GRAFANA_SERVICE = `${MONITORING_RELEASE}-grafana`;
/** The Grafana sidecar loads dashboards from ConfigMaps with this label, in every namespace. */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;
/** The Prometheus data source the chart provisions in Grafana. */
export const PROMETHEUS_DATASOURCE = { type: "prometheus", uid: "prometheus" } as const;

/**
 * The Prometheus Service the chart creates: `<fullname>-prometheus`, where the fullname is the
 * release name because it contains the chart name (templates/prometheus/service.yaml and
 * `kube-prometheus-stack.fullname` in templates/_helpers.tpl); port `prometheus.service.port`.
 */
export const PROMETHEUS_SERVICE = { name: `${MONITORING_RELEASE}-prometheus`, port: 9090 } as const;

/** The in-cluster URL of the Prometheus this blueprint deploys (plain HTTP, no authentication). */
export function prometheusServerAddress(): string {
  return `http://${PROMETHEUS_SERVICE.name}.${MONITORING_NAMESPACE}.svc:${PROMETHEUS_SERVICE.port}`;
}
