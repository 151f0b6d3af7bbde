/**
 * Derives structural CRD schema fixtures: from CustomResourceDefinition files, the facts a test
 * validates objects against, without upstream prose. Kept per version's openAPIV3Schema: types,
 * properties, required fields, enums, patterns, formats, bounds (minimum, maximum, min/max
 * length/items/properties), `items`, `additionalProperties`, `allOf`/`anyOf`/`oneOf`/`not` and the
 * `x-kubernetes-int-or-string` / `x-kubernetes-preserve-unknown-fields` markers. Dropped:
 * descriptions, examples, defaults, CEL rules (`x-kubernetes-validations`, whose messages are prose)
 * and every other annotation. Any CRD works; reuse it for other charts' CRDs:
 *
 *   npx tsx scripts/crd-schemas.ts <CRD file or folder> <output.json> "<source and version>" [<plural.group>...]
 *
 * A folder is read whole (every *.yaml / *.yml holding a CustomResourceDefinition); naming
 * `<plural>.<group>` keeps only those CRDs. The output maps `<group>/<version>/<Kind>` to the
 * schema and records the source note, e.g.:
 *
 *   npx tsx scripts/crd-schemas.ts <kueue v0.19.2 checkout>/charts/kueue/templates/crd \
 *     test/fixtures/crds/kueue-0.19.2.schemas.json \
 *     "kubernetes-sigs/kueue v0.19.2 config/components/crd/bases (the CRDs chart 0.19.2 installs)" \
 *     clusterqueues.kueue.x-k8s.io localqueues.kueue.x-k8s.io resourceflavors.kueue.x-k8s.io \
 *     workloadpriorityclasses.kueue.x-k8s.io
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseYamlStrict } from "../lib/yaml";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

const KEPT = [
  "type",
  "required",
  "enum",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "nullable",
  "x-kubernetes-int-or-string",
  "x-kubernetes-preserve-unknown-fields",
] as const;
const NESTED_LISTS = ["allOf", "anyOf", "oneOf"] as const;

/** The structural part of an OpenAPI v3 schema, as described in the header. */
export function structural(schema: Schema): Schema {
  const out: Schema = {};
  for (const key of KEPT) if (schema[key] !== undefined) out[key] = schema[key];
  if (schema.properties)
    out.properties = Object.fromEntries(
      Object.entries<Schema>(schema.properties).map(([name, s]) => [name, structural(s)]),
    );
  if (schema.items) out.items = structural(schema.items);
  if (typeof schema.additionalProperties === "object")
    out.additionalProperties = structural(schema.additionalProperties);
  else if (schema.additionalProperties !== undefined)
    out.additionalProperties = schema.additionalProperties;
  for (const key of NESTED_LISTS) if (schema[key]) out[key] = schema[key].map(structural);
  if (schema.not) out.not = structural(schema.not);
  return out;
}

function yamlFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(path, name));
}

/** `<group>/<version>/<Kind>` to structural schema, for every CRD in the files (or those named). */
export function crdSchemas(files: readonly string[], only: readonly string[] = []): Schema {
  const schemas: Schema = {};
  for (const file of files) {
    for (const doc of parseYamlStrict(readFileSync(file, "utf8")) as Schema[]) {
      if (doc?.kind !== "CustomResourceDefinition") continue;
      if (only.length > 0 && !only.includes(doc.metadata.name)) continue;
      for (const version of doc.spec.versions)
        schemas[`${doc.spec.group}/${version.name}/${doc.spec.names.kind}`] = structural(
          version.schema.openAPIV3Schema,
        );
    }
  }
  return schemas;
}

if (require.main === module) {
  const [input, output, source, ...only] = process.argv.slice(2);
  if (!input || !output || !source) {
    console.error(
      'usage: npx tsx scripts/crd-schemas.ts <CRD file or folder> <output.json> "<source and version>" [<plural.group>...]',
    );
    process.exit(2);
  }
  const schemas = crdSchemas(yamlFiles(input), only);
  if (Object.keys(schemas).length === 0) {
    console.error(
      `no CustomResourceDefinition${only.length ? ` named ${only.join(", ")}` : ""} in ${input}`,
    );
    process.exit(1);
  }
  writeFileSync(output, `${JSON.stringify({ source, schemas }, null, 1)}\n`);
  console.log(`wrote ${Object.keys(schemas).length} schemas to ${output}`);
}
