/** The few Kubernetes scheduling types Helm values and example manifests share. */

export interface Toleration {
  /** Empty with `Exists`: tolerates every taint. */
  readonly key: string;
  readonly operator: "Exists" | "Equal";
  readonly value?: string;
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** Whether a toleration lets a pod past a taint (Kubernetes ToleratesTaint). */
function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key === "" || toleration.key === undefined)
    return toleration.operator === "Exists";
  if (toleration.key !== taint.key) return false;
  return toleration.operator === "Exists" || (toleration.value ?? "") === (taint.value ?? "");
}

/** Whether pods with these tolerations may be scheduled onto a node with these taints. */
export function toleratesAll(
  tolerations: readonly Toleration[],
  taints: readonly Taint[],
): boolean {
  return taints
    .filter((t) => t.effect !== "PreferNoSchedule")
    .every((taint) => tolerations.some((t) => toleratesTaint(t, taint)));
}

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  readonly values?: readonly string[];
}

export interface NodeSelectorTerm {
  readonly matchExpressions: readonly NodeSelectorRequirement[];
}

export interface NodeAffinity {
  readonly nodeAffinity: {
    readonly requiredDuringSchedulingIgnoredDuringExecution: {
      readonly nodeSelectorTerms: readonly NodeSelectorTerm[];
    };
  };
}

/** Required node affinity: a node matches when it matches any one term. */
export function requiredNodeAffinity(...terms: NodeSelectorTerm[]): NodeAffinity {
  return {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
  };
}

/** Whether a node with these labels satisfies a requirement. */
function satisfies(
  labels: Readonly<Record<string, string>>,
  req: NodeSelectorRequirement,
): boolean {
  const value = labels[req.key];
  switch (req.operator) {
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "In":
      return value !== undefined && (req.values ?? []).includes(value);
    case "NotIn":
      return value === undefined || !(req.values ?? []).includes(value);
  }
}

/** Whether a node with these labels can be scheduled by a nodeSelector plus required affinity. */
export function nodeMatches(
  labels: Readonly<Record<string, string>>,
  nodeSelector: Readonly<Record<string, string>>,
  affinity?: NodeAffinity,
): boolean {
  const selected = Object.entries(nodeSelector).every(([k, v]) => labels[k] === v);
  const terms =
    affinity?.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
  const affine = !terms || terms.some((t) => t.matchExpressions.every((r) => satisfies(labels, r)));
  return selected && affine;
}
