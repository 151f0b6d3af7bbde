/**
 * `verify` checks for KEDA where the environment installs it: its three Deployments have every
 * replica ready, the external metrics API it serves is Available, and the inference example's
 * ScaledObject (where the examples stack applies it) is Ready and scaling.
 *
 * ScaledObject conditions from kedacore/keda v2.20.2 apis/keda/v1alpha1/condition_types.go: Ready,
 * Active (the metric is above activationThreshold), Fallback (reads failed, fallback replicas in
 * force), Paused, HPAActive (mirrors the HPA's own ScalingActive, new in 2.20.2).
 */
import type { ResolvedEnvironment } from "../environment";
import { INFERENCE_DEPLOYMENT } from "../examples/inference";
import { EXTERNAL_METRICS_API_SERVICE, KEDA_DEPLOYMENTS, KEDA_NAMESPACE } from "../keda/release";
import { row, type Row } from "./checks";
import type { List, ObjectMeta } from "./kube-objects";

interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

export interface Deployment {
  readonly metadata: ObjectMeta;
  readonly spec: { readonly replicas?: number };
  readonly status?: { readonly readyReplicas?: number };
}

export interface ApiService {
  readonly metadata: ObjectMeta;
  readonly status?: { readonly conditions?: readonly Condition[] };
}

export interface ScaledObject {
  readonly metadata: ObjectMeta;
  readonly status?: { readonly conditions?: readonly Condition[] };
}

/** What `verify` reads of KEDA; absent where the environment does not install it. */
export interface KedaState {
  readonly deployments: List<Deployment>;
  readonly apiService: ApiService;
  /** Absent where the examples stack does not apply the inference example. */
  readonly scaledObjects?: List<ScaledObject>;
}

/** The namespace of the inference example, where the environment applies it. */
export function inferenceNamespace(env: ResolvedEnvironment): string | undefined {
  return env.examples.deploy && env.examples.include.includes("inference")
    ? "dra-inference"
    : undefined;
}

const condition = (conditions: readonly Condition[] | undefined, type: string) =>
  conditions?.find((c) => c.type === type);

export function checkKeda(env: ResolvedEnvironment, state: KedaState | undefined): Row[] {
  if (!env.autoscaling.keda) return [];
  if (!state)
    return [row("KEDA", KEDA_NAMESPACE, "FAIL", "not read: is the KEDA release deployed?")];
  const rows = Object.values(KEDA_DEPLOYMENTS).map((name) => {
    const d = state.deployments.items.find((i) => i.metadata.name === name);
    const target = `${KEDA_NAMESPACE}/${name}`;
    if (!d) return row("KEDA", target, "FAIL", "Deployment missing: is the KEDA release deployed?");
    const want = d.spec.replicas ?? 1;
    const ready = d.status?.readyReplicas ?? 0;
    return ready >= want && want > 0
      ? row("KEDA", target, "PASS", `${ready} of ${want} ready`)
      : row("KEDA", target, "FAIL", `${ready} of ${want} ready`);
  });
  const available = condition(state.apiService.status?.conditions, "Available");
  rows.push(
    available?.status === "True"
      ? row("KEDA metrics API", EXTERNAL_METRICS_API_SERVICE, "PASS", "Available")
      : row(
          "KEDA metrics API",
          EXTERNAL_METRICS_API_SERVICE,
          "FAIL",
          `not Available (${available?.reason ?? "no condition"}): HPAs of ScaledObjects read no metric`,
        ),
  );
  const namespace = inferenceNamespace(env);
  if (namespace) rows.push(checkScaledObject(namespace, state.scaledObjects));
  return rows;
}

function checkScaledObject(namespace: string, list: List<ScaledObject> | undefined): Row {
  const target = `${namespace}/${INFERENCE_DEPLOYMENT}`;
  const so = list?.items.find((i) => i.metadata.name === INFERENCE_DEPLOYMENT);
  if (!so) return row("ScaledObject", target, "FAIL", "missing: is the examples stack applied?");
  const conditions = so.status?.conditions;
  const ready = condition(conditions, "Ready");
  const hpa = condition(conditions, "HPAActive");
  const fallback = condition(conditions, "Fallback");
  const active = condition(conditions, "Active");
  const problems = [
    ...(ready?.status === "True" ? [] : [`not Ready: ${ready?.message ?? "no condition"}`]),
    ...(hpa?.status === "True"
      ? []
      : [`its HPA is not scaling on the metric: ${hpa?.message ?? "no HPAActive condition"}`]),
    ...(fallback?.status === "True"
      ? [`in fallback, the GPU utilization query fails: ${fallback.message ?? ""}`.trim()]
      : []),
  ];
  if (problems.length > 0) return row("ScaledObject", target, "FAIL", problems.join("; "));
  return row(
    "ScaledObject",
    target,
    "PASS",
    active?.status === "True"
      ? "Ready, HPA scaling, Active (GPU utilization above the activation threshold)"
      : "Ready, HPA scaling, not Active (GPUs below the activation threshold: idle)",
  );
}
