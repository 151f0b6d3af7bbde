import { readFileSync } from "node:fs";
import { join } from "node:path";
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

/**
 * The structural schema of `<group>/<version>/<Kind>` from a fixture that scripts/crd-schemas.ts
 * derived from the pinned chart's CRDs (test/fixtures/crds/<chart>-<version>.schemas.json).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function crdSchema(fixture: string, key: string): any {
  const file = join(__dirname, "..", "fixtures", "crds", fixture);
  const { schemas } = JSON.parse(readFileSync(file, "utf8"));
  if (!schemas[key]) throw new Error(`${fixture} has no schema for ${key}`);
  return schemas[key];
}
