/** Settings of autoscaling: the Cluster Autoscaler (nodes) and KEDA (workloads). */
import { resolveChart, type ChartConfig, type ChartPin } from "../helm/chart-pin";
import { show, type Problems } from "../errors";
import { goDurationSeconds } from "../queueing/resolve";
import { KEDA_CHART } from "../keda/release";
import { CLUSTER_AUTOSCALER_CHART } from "./release";

export interface KedaConfig {
  /** The chart. @default keda 2.20.2 (lib/keda/release.ts) */
  readonly chart?: ChartConfig;
}

/**
 * When the Cluster Autoscaler removes a node, GPU nodes included (flags of cluster-autoscaler
 * 1.33-1.36, config/flags/flags.go). A node is a candidate when its utilization is at or below the
 * threshold: requested CPU or memory (whichever is higher) on a plain node; requested
 * `nvidia.com/gpu` on a device-plugin GPU node (`gpuUtilizationThreshold`); on a DRA node the share
 * of its devices that are allocated (`utilizationThreshold`: simulator/utilization/info.go,
 * 1.36.1). It goes once it has been a candidate for `unneededTime` and its pods fit elsewhere.
 * Never below a group's minSize, which is why DRA groups keep minSize 1.
 */
export interface ScaleDownConfig {
  /** How long a node must be unneeded before it is removed. @default "10m" */
  readonly unneededTime?: string;
  /** Utilization at or below which a node (DRA GPU nodes included) is a candidate. @default 0.5 */
  readonly utilizationThreshold?: number;
  /** The same for nodes with `nvidia.com/gpu` (device-plugin groups). @default 0.5 */
  readonly gpuUtilizationThreshold?: number;
  /** How long after a scale-up no node is removed. @default "10m" */
  readonly delayAfterAdd?: string;
}

export type ResolvedScaleDown = Required<ScaleDownConfig>;

/** The autoscaler's own defaults (config/const.go and flags.go, 1.36.1). */
export const SCALE_DOWN_DEFAULTS: ResolvedScaleDown = {
  unneededTime: "10m",
  utilizationThreshold: 0.5,
  gpuUtilizationThreshold: 0.5,
  delayAfterAdd: "10m",
};

export interface AutoscalingConfig {
  /** The chart; its image always follows the cluster's Kubernetes minor (release.ts). */
  readonly clusterAutoscaler?: ChartConfig;
  /**
   * KEDA, which scales workloads on Prometheus metrics (the inference example's GPU utilization).
   * Present: installed after kube-prometheus-stack. @default not installed
   */
  readonly keda?: KedaConfig;
  /** When idle nodes are removed. @default the autoscaler's defaults (SCALE_DOWN_DEFAULTS) */
  readonly scaleDown?: ScaleDownConfig;
}

export interface ResolvedAutoscaling {
  readonly clusterAutoscaler: ChartPin;
  /** Absent when the environment does not install KEDA. */
  readonly keda?: { readonly chart: ChartPin };
  readonly scaleDown: ResolvedScaleDown;
}

export function resolveAutoscaling(
  config: AutoscalingConfig | undefined,
  at: string,
  problems: Problems,
): ResolvedAutoscaling {
  const where = `${at}.autoscaling`;
  const scaleDown = { ...SCALE_DOWN_DEFAULTS, ...config?.scaleDown };
  for (const key of ["unneededTime", "delayAfterAdd"] as const) {
    // The autoscaler's flags are Go durations (flag.Duration, time.ParseDuration).
    if (!((goDurationSeconds(scaleDown[key]) ?? 0) > 0)) {
      problems.add(
        `${where}.scaleDown.${key} ${show(scaleDown[key])} is not a positive Go duration, which the autoscaler's ` +
          'flag needs; write one such as "10m" or "1h30m"',
      );
    }
  }
  for (const key of ["utilizationThreshold", "gpuUtilizationThreshold"] as const) {
    const value = scaleDown[key];
    if (!(value > 0 && value <= 1)) {
      problems.add(
        `${where}.scaleDown.${key} ${show(value)} is not a share of a node: use a number above 0 and at most 1 ` +
          "(0.5 removes nodes at half use or less)",
      );
    }
  }
  return {
    scaleDown,
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
