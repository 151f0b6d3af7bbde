import { show, type Problems } from "../errors";
import { resolveChart } from "../helm/chart-pin";
import { KUBE_PROMETHEUS_STACK_CHART } from "./release";
import type { MonitoringConfig, ResolvedMonitoring } from "./settings";

export function resolveMonitoring(
  config: MonitoringConfig | undefined,
  at: string,
  problems: Problems,
): ResolvedMonitoring {
  const where = `${at}.monitoring`;
  const retentionDays = config?.retentionDays ?? 15;
  const storageGiB = config?.storageGiB ?? 50;
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 365) {
    problems.add(
      `${where}.retentionDays ${show(retentionDays)} is not a whole number of days from 1 to 365; Prometheus on ` +
        "one volume is for recent metrics, use long-term storage beyond a year",
    );
  }
  if (!Number.isInteger(storageGiB) || storageGiB < 10) {
    problems.add(
      `${where}.storageGiB ${show(storageGiB)} is too small for Prometheus's volume; use a whole number of 10 or more`,
    );
  }
  return {
    kubePrometheusStack: resolveChart(
      KUBE_PROMETHEUS_STACK_CHART,
      config?.kubePrometheusStack,
      `${where}.kubePrometheusStack`,
      problems,
    ),
    retentionDays,
    storageGiB,
  };
}
