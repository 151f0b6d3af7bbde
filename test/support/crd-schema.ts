/**
 * A CRD's OpenAPI schema with unknown fields refused wherever the CRD lists an object's properties,
 * as the API server's strict field validation (and `kubectl apply`) does.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function strictCrdSchema(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strictCrdSchema);
  if (typeof schema !== "object" || schema === null) return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, strictCrdSchema(v)]));
  if (out.type === "object" && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}
