/**
 * Key paths of a chart's values.yaml, to prove the blueprint sets only keys the pinned chart
 * reads. Helm ignores an unknown key without a word, so a typo or a key that moved between chart
 * versions would otherwise only show up as a wrong cluster.
 */

/** Keys whose value is a Kubernetes object or a user map: anything below them is accepted. */
const FREE_FORM_NAMES = new Set([
  "nodeSelector",
  "affinity",
  "tolerations",
  "annotations",
  "labels",
  "podAnnotations",
  "resources",
  "securityContext",
  "podSecurityContext",
  "env",
  // Command-line flags as a map (cluster-autoscaler renders each as --key=value).
  "extraArgs",
  // Volcano's nodeSelector for all its components (null in its values.yaml).
  "default_ns",
]);

export interface ChartKeyIndex {
  readonly chart: string;
  readonly version: string;
  /** Every key path in values.yaml, dot-separated. */
  readonly keys: readonly string[];
  /** Paths below which any key is accepted (maps, lists and Kubernetes objects). */
  readonly freeForm: readonly string[];
}

/**
 * Walks a parsed values.yaml into a key index. `conditionKeys`: paths the chart's dependency
 * conditions read (Chart.yaml `dependencies[].condition`), which values.yaml need not list.
 */
export function indexChartValues(
  chart: string,
  version: string,
  values: unknown,
  conditionKeys: readonly string[] = [],
): ChartKeyIndex {
  const keys: string[] = [];
  const freeForm: string[] = [];
  const walk = (node: unknown, path: string[]): void => {
    const here = path.join(".");
    // A free-form key counts as one even when its default is null (`~`).
    const named = path.length > 0 && FREE_FORM_NAMES.has(path[path.length - 1]);
    if (named) freeForm.push(here);
    if (node === null || typeof node !== "object") return;
    const entries = Object.entries(node as Record<string, unknown>);
    if (Array.isArray(node) || entries.length === 0) {
      if (path.length > 0 && !named) freeForm.push(here);
      return;
    }
    for (const [key, value] of entries) {
      const child = [...path, key];
      keys.push(child.join("."));
      walk(value, child);
    }
  };
  walk(values, []);
  for (const path of conditionKeys) {
    const parts = path.split(".");
    parts.forEach((_, i) => keys.push(parts.slice(0, i + 1).join(".")));
  }
  return { chart, version, keys: [...new Set(keys)].sort(), freeForm: freeForm.sort() };
}

/** Key paths of `values` that the chart does not have. */
export function unknownKeyPaths(values: unknown, index: ChartKeyIndex): string[] {
  const keys = new Set(index.keys);
  const freeForm = new Set(index.freeForm);
  const unknown: string[] = [];
  const walk = (node: unknown, path: string[]): void => {
    const here = path.join(".");
    if (path.length > 0 && !keys.has(here)) {
      unknown.push(here);
      return;
    }
    if (freeForm.has(here) || node === null || typeof node !== "object" || Array.isArray(node))
      return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>))
      walk(value, [...path, key]);
  };
  walk(values, []);
  return unknown;
}

/**
 * The key index of a chart together with its subcharts: a parent passes `values.<subchart>` to the
 * subchart, so keys there are valid if either the parent's values.yaml or the subchart's has them.
 */
export function withSubcharts(
  parent: ChartKeyIndex,
  subcharts: Readonly<Record<string, ChartKeyIndex>>,
): ChartKeyIndex {
  const prefixed = (name: string, paths: readonly string[]) => paths.map((p) => `${name}.${p}`);
  const entries = Object.entries(subcharts);
  return {
    chart: parent.chart,
    version: parent.version,
    keys: [
      ...new Set([
        ...parent.keys,
        ...entries.flatMap(([name, sub]) => [name, ...prefixed(name, sub.keys)]),
      ]),
    ].sort(),
    freeForm: [
      ...new Set([...parent.freeForm, ...entries.flatMap(([n, s]) => prefixed(n, s.freeForm))]),
    ].sort(),
  };
}
