/** Settings of autoscaling: the Cluster Autoscaler (nodes) and KEDA (workloads). */
import { resolveChart, type ChartConfig, type ChartPin } from "../helm/chart-pin";
import type { Problems } from "../errors";
import { KEDA_CHART } from "../keda/release";
import { CLUSTER_AUTOSCALER_CHART } from "./release";

export interface KedaConfig {
  /** The chart. @default keda 2.20.2 (lib/keda/release.ts) */
  readonly chart?: ChartConfig;
}

export interface AutoscalingConfig {
  /** The chart; its image always follows the cluster's Kubernetes minor (release.ts). */
  readonly clusterAutoscaler?: ChartConfig;
  /**
   * KEDA, which scales workloads on Prometheus metrics (the inference example's GPU utilization).
   * Present: installed after kube-prometheus-stack. @default not installed
   */
  readonly keda?: KedaConfig;
}

export interface ResolvedAutoscaling {
  readonly clusterAutoscaler: ChartPin;
  /** Absent when the environment does not install KEDA. */
  readonly keda?: { readonly chart: ChartPin };
}

export function resolveAutoscaling(
  config: AutoscalingConfig | undefined,
  at: string,
  problems: Problems,
): ResolvedAutoscaling {
  const where = `${at}.autoscaling`;
  return {
    clusterAutoscaler: resolveChart(
      CLUSTER_AUTOSCALER_CHART,
      config?.clusterAutoscaler,
      `${where}.clusterAutoscaler`,
      problems,
    ),
    ...(config?.keda
      ? {
          keda: {
            chart: resolveChart(KEDA_CHART, config.keda.chart, `${where}.keda.chart`, problems),
          },
        }
      : {}),
  };
}
