/**
 * Regenerates the Kubernetes API schemas the example manifests are validated against
 * (test/fixtures/kubernetes-schemas/<minor>.json): the definitions of the kinds the examples use
 * and everything they reference, taken from the Kubernetes OpenAPI v2 document of that minor.
 * Descriptions, formats, defaults and the `x-kubernetes-*` extensions are left out; the types,
 * properties, required fields and enums are kept as upstream has them.
 *
 * The document is `api/openapi-spec/swagger.json` of the kubernetes/kubernetes release branch.
 * kubernetes-client/python keeps a copy of it per client release (`kubernetes/swagger.json.unprocessed`;
 * client v33 = release-1.33, v34 = release-1.34, and so on: `KUBERNETES_BRANCH` in scripts/constants.py):
 *
 *   git -C <kubernetes-client/python clone> show v34.1.0:kubernetes/swagger.json.unprocessed > /tmp/1.34.json
 *   npx tsx scripts/kubernetes-schemas.ts 1.34 /tmp/1.34.json "kubernetes-client/python v34.1.0 (release-1.34)"
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The kinds the examples render, by apiVersion. */
const KINDS: readonly [apiVersion: string, kind: string][] = [
  ["v1", "Namespace"],
  ["v1", "Pod"],
  ["batch/v1", "Job"],
  ["apps/v1", "Deployment"],
  ["networking.k8s.io/v1", "NetworkPolicy"],
  ...["v1beta1", "v1"].flatMap((v): [string, string][] => [
    [`resource.k8s.io/${v}`, "ResourceClaim"],
    [`resource.k8s.io/${v}`, "ResourceClaimTemplate"],
  ]),
];

/** JSON Schema keywords kept from the OpenAPI definitions. */
const KEPT = ["type", "required", "enum", "$ref"] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

function prune(schema: Schema): Schema {
  const out: Schema = {};
  for (const key of KEPT) if (schema[key] !== undefined) out[key] = schema[key];
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries<Schema>(schema.properties).map(([name, s]) => [name, prune(s)]),
    );
  }
  if (schema.items) out.items = prune(schema.items);
  if (typeof schema.additionalProperties === "object")
    out.additionalProperties = prune(schema.additionalProperties);
  else if (schema.additionalProperties !== undefined)
    out.additionalProperties = schema.additionalProperties;
  if (schema.allOf) out.allOf = schema.allOf.map(prune);
  return out;
}

function references(schema: unknown, into: Set<string>): void {
  if (Array.isArray(schema)) schema.forEach((s) => references(s, into));
  else if (schema && typeof schema === "object") {
    for (const [key, value] of Object.entries(schema)) {
      if (key === "$ref") into.add(String(value).replace("#/definitions/", ""));
      else references(value, into);
    }
  }
}

const [minor, documentPath, source] = process.argv.slice(2);
if (!minor || !documentPath || !source) {
  console.error(
    'usage: npx tsx scripts/kubernetes-schemas.ts <minor> <swagger.json> "<where the document came from>"',
  );
  process.exit(2);
}
const all: Record<string, Schema> = JSON.parse(readFileSync(documentPath, "utf8")).definitions;

const kinds: Record<string, string> = {};
for (const [apiVersion, kind] of KINDS) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const name = Object.keys(all).find((n) =>
    (all[n]["x-kubernetes-group-version-kind"] ?? []).some(
      (g: Schema) => g.group === group && g.version === version && g.kind === kind,
    ),
  );
  if (name) kinds[`${apiVersion}/${kind}`] = name;
}

const definitions: Record<string, Schema> = {};
const pending = Object.values(kinds);
while (pending.length > 0) {
  const name = pending.pop()!;
  if (definitions[name]) continue;
  if (!all[name]) throw new Error(`${documentPath} has no definition ${name}`);
  definitions[name] = prune(all[name]);
  const refs = new Set<string>();
  references(definitions[name], refs);
  pending.push(...refs);
}

const sorted = Object.fromEntries(
  Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)),
);
const out = join(__dirname, "..", "test", "fixtures", "kubernetes-schemas", `${minor}.json`);
writeFileSync(out, `${JSON.stringify({ minor, source, kinds, definitions: sorted }, null, 1)}\n`);
console.log(
  `wrote ${Object.keys(kinds).length} kinds, ${Object.keys(sorted).length} definitions to ${out}`,
);
