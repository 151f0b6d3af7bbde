/**
 * How Helm combines a chart's default values with the values a release passes: maps merge key by
 * key, a list or a scalar replaces the default whole, and `null` deletes the default's key. The
 * placement proof reads the merged values, because what a DaemonSet gets is the combination.
 *
 * Source: helm/helm pkg/chartutil/coalesce.go (Helm 3: coalesceValues, CoalesceTables).
 */

type Values = Readonly<Record<string, unknown>>;

const isMap = (v: unknown): v is Values => v !== null && typeof v === "object" && !Array.isArray(v);

export function helmMerge<T>(defaults: Values, overrides: object): T {
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) delete out[key];
    else if (isMap(value) && isMap(out[key])) out[key] = helmMerge(out[key] as Values, value);
    else if (value !== undefined) out[key] = value;
  }
  return out as T;
}
