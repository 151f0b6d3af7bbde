/** Settings of node autoscaling (the Cluster Autoscaler). */
import { resolveChart, type ChartConfig, type ChartPin } from "../helm/chart-pin";
import type { Problems } from "../errors";
import { CLUSTER_AUTOSCALER_CHART } from "./release";

export interface AutoscalingConfig {
  /** The chart; its image always follows the cluster's Kubernetes minor (release.ts). */
  readonly clusterAutoscaler?: ChartConfig;
}

export interface ResolvedAutoscaling {
  readonly clusterAutoscaler: ChartPin;
}

export function resolveAutoscaling(
  config: AutoscalingConfig | undefined,
  at: string,
  problems: Problems,
): ResolvedAutoscaling {
  return {
    clusterAutoscaler: resolveChart(
      CLUSTER_AUTOSCALER_CHART,
      config?.clusterAutoscaler,
      `${at}.autoscaling.clusterAutoscaler`,
      problems,
    ),
  };
}
