/** Settings of the monitoring stack (kube-prometheus-stack). */
import type { ChartConfig, ChartPin } from "../helm/chart-pin";

export interface MonitoringConfig {
  readonly kubePrometheusStack?: ChartConfig;
  /** Days Prometheus keeps samples. @default 15 */
  readonly retentionDays?: number;
  /** Size of Prometheus's gp3 volume; Prometheus deletes old blocks at 85% of it. @default 50 */
  readonly storageGiB?: number;
}

export interface ResolvedMonitoring {
  readonly kubePrometheusStack: ChartPin;
  readonly retentionDays: number;
  readonly storageGiB: number;
}
