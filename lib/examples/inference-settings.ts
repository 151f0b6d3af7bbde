/**
 * Settings of the inference example (lib/examples/inference.ts): the workload type, whose GPU
 * utilization thresholds decide when replicas are added and removed, and the replica bounds.
 *
 * How an up/down pair maps onto KEDA and the HPA it creates (Kubernetes HPA algorithm:
 * desired = ceil(current * metric / target), no change while |metric / target - 1| <= tolerance):
 * - `threshold` (the Prometheus trigger's target) is the scale-up point: above it the HPA adds replicas.
 * - The HPA has one target, so the scale-down point is its scale-down tolerance:
 *   `behavior.scaleDown.tolerance = 1 - down / up` (70/30: 572m, a Quantity), so no replica is removed while
 *   the average stays above 30%; `behavior.scaleUp.tolerance = 0`, so replicas are added as soon as
 *   it passes 70%. The field is beta and on from Kubernetes 1.35 (HPAConfigurableTolerance); on 1.34
 *   the API server drops it and the HPA's default 10% applies both ways.
 * - `activationThreshold` is the scale-down point too: KEDA reports the ScaledObject Active only
 *   while the GPUs do more than that, the line below which the fleet is idle. With minReplicas >= 1 it
 *   scales nothing by itself (activation decides 0 <-> 1 only).
 * - Fast up, slow down: scale-up has no stabilization window and may double the replicas every 15 s;
 *   scale-down waits for 10 minutes of low readings and removes one replica per 2 minutes.
 */
import { show, type Problems } from "../errors";

export const WORKLOAD_TYPES = ["real-time", "batch", "interactive"] as const;
export type WorkloadType = (typeof WORKLOAD_TYPES)[number];

export interface UtilizationThresholds {
  /** Average GPU utilization (%) above which replicas are added. */
  readonly scaleUp: number;
  /** Average GPU utilization (%) below which replicas are removed. */
  readonly scaleDown: number;
}

/**
 * Per workload type: real-time serving keeps headroom for bursts, batch packs the GPUs, interactive
 * (notebooks, chat) keeps the most headroom because a user waits on every request.
 */
export const WORKLOAD_THRESHOLDS: Readonly<Record<WorkloadType, UtilizationThresholds>> = {
  "real-time": { scaleUp: 70, scaleDown: 30 },
  batch: { scaleUp: 85, scaleDown: 40 },
  interactive: { scaleUp: 60, scaleDown: 25 },
};

export interface InferenceConfig {
  /** Which thresholds apply. @default "real-time" */
  readonly workloadType?: string;
  /** Override the workload type's thresholds. @default WORKLOAD_THRESHOLDS[workloadType] */
  readonly thresholds?: { readonly scaleUp?: number; readonly scaleDown?: number };
  /** @default 1 (a replica stays warm: loading a model takes minutes) */
  readonly minReplicas?: number;
  /** @default 4 */
  readonly maxReplicas?: number;
  /** Replicas while the metric cannot be read (Prometheus down, exporter not attributing). @default minReplicas + 1, at most maxReplicas */
  readonly fallbackReplicas?: number;
}

export interface ResolvedInference {
  readonly workloadType: WorkloadType;
  readonly thresholds: UtilizationThresholds;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly fallbackReplicas: number;
}

/**
 * The HPA's scale-down tolerance that puts its scale-down point at `scaleDown` for a target of
 * `scaleUp`, as the Quantity the API takes (the CRD allows an integer or a string, not a fraction),
 * rounded up to a thousandth so the point never lies above `scaleDown`.
 */
export function scaleDownTolerance(t: UtilizationThresholds): string {
  return `${Math.ceil((1 - t.scaleDown / t.scaleUp) * 1000)}m`;
}

export function resolveInference(
  config: InferenceConfig | undefined,
  at: string,
  problems: Problems,
): ResolvedInference {
  const where = `${at}.inference`;
  const type = config?.workloadType ?? "real-time";
  const workloadType = (WORKLOAD_TYPES as readonly string[]).includes(type)
    ? (type as WorkloadType)
    : undefined;
  if (!workloadType) {
    problems.add(
      `${where}.workloadType ${show(type)} is not a workload type; use ${WORKLOAD_TYPES.map((t) => show(t)).join(", ")}`,
    );
  }
  const base = WORKLOAD_THRESHOLDS[workloadType ?? "real-time"];
  const thresholds = {
    scaleUp: config?.thresholds?.scaleUp ?? base.scaleUp,
    scaleDown: config?.thresholds?.scaleDown ?? base.scaleDown,
  };
  const percent = (n: number) => Number.isInteger(n) && n > 0 && n <= 100;
  if (!percent(thresholds.scaleUp) || !percent(thresholds.scaleDown)) {
    problems.add(
      `${where}.thresholds scaleUp ${show(thresholds.scaleUp)} and scaleDown ${show(thresholds.scaleDown)} must be whole ` +
        "percentages of GPU utilization from 1 to 100; set both in that range",
    );
  } else if (thresholds.scaleDown >= thresholds.scaleUp) {
    problems.add(
      `${where}.thresholds scaleDown ${thresholds.scaleDown} is not below scaleUp ${thresholds.scaleUp}: the fleet would ` +
        "add and remove replicas at the same utilization and flap; set scaleDown below scaleUp",
    );
  }
  const minReplicas = config?.minReplicas ?? 1;
  const maxReplicas = config?.maxReplicas ?? 4;
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  if (!whole(minReplicas) || !whole(maxReplicas) || minReplicas > maxReplicas) {
    problems.add(
      `${where} minReplicas ${show(minReplicas)} and maxReplicas ${show(maxReplicas)} are not valid: both must be ` +
        "whole numbers of at least 1 with minReplicas <= maxReplicas (GPU utilization cannot wake a fleet from zero: " +
        "no pod, no metric)",
    );
  }
  const fallbackReplicas = config?.fallbackReplicas ?? Math.min(minReplicas + 1, maxReplicas);
  if (
    !Number.isInteger(fallbackReplicas) ||
    fallbackReplicas < minReplicas ||
    fallbackReplicas > maxReplicas
  ) {
    problems.add(
      `${where}.fallbackReplicas ${show(fallbackReplicas)} is outside minReplicas ${show(minReplicas)} .. maxReplicas ` +
        `${show(maxReplicas)}; choose a whole number in that range`,
    );
  }
  return {
    workloadType: workloadType ?? "real-time",
    thresholds,
    minReplicas,
    maxReplicas,
    fallbackReplicas,
  };
}
