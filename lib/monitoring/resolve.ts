import { show, type Problems } from "../errors";
import { resolveChart } from "../helm/chart-pin";
import { GP3_MAX_GIB } from "../nodes/scaling";
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
  if (!Number.isInteger(storageGiB)) {
    problems.add(
      `${where}.storageGiB ${show(storageGiB)} is not a whole number of GiB, which EBS volume sizes are; use a whole ` +
        `number from 10 to ${GP3_MAX_GIB}`,
    );
  } else if (storageGiB < 10) {
    problems.add(
      `${where}.storageGiB ${show(storageGiB)} is too small for Prometheus's volume; use a whole number of 10 or more`,
    );
  } else if (storageGiB > GP3_MAX_GIB) {
    problems.add(
      `${where}.storageGiB ${show(storageGiB)} is larger than a gp3 volume can be (${GP3_MAX_GIB} GiB, the limit of ` +
        `the gp3 StorageClass Prometheus's volume is claimed from); use ${GP3_MAX_GIB} or less, and long-term ` +
        "storage (remote write) for more history",
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
