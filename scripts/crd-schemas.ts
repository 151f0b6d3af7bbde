/**
 * Derives structural schemas from a chart's CRDs for the tests (test/fixtures/crds/<chart>-<version>/
 * <group>_<plural>.schema.json): for each served version, the openAPIV3Schema with every
 * `description` left out, and the source named. No CRD is copied whole. Run it when a chart pin changes:
 *
 *   npx tsx scripts/crd-schemas.ts <chart> <version> "<source: repository, tag, path>" <crd.yaml>...
 *
 * Volcano 1.15.1 (chart `volcano`): the CRDs of volcano-sh/volcano v1.15.1
 * installer/helm/chart/volcano/crd/bases (batch.volcano.sh_jobs.yaml, scheduling.volcano.sh_queues.yaml,
 * scheduling.volcano.sh_podgroups.yaml).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseYamlStrict } from "../lib/yaml";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = any;

function withoutDescriptions(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (typeof schema !== "object" || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === "description" && typeof value === "string"))
      .map(([key, value]) => [key, withoutDescriptions(value)]),
  );
}

const [chart, version, source, ...files] = process.argv.slice(2);
if (!chart || !version || !source || files.length === 0) {
  console.error('usage: npx tsx scripts/crd-schemas.ts <chart> <version> "<source>" <crd.yaml>...');
  process.exit(2);
}
const dir = join(__dirname, "..", "test", "fixtures", "crds", `${chart}-${version}`);
mkdirSync(dir, { recursive: true });
for (const file of files) {
  const [crd] = parseYamlStrict(readFileSync(file, "utf8")) as Schema[];
  const fixture = {
    source: `${source} ${basename(file)}`,
    group: crd.spec.group,
    kind: crd.spec.names.kind,
    scope: crd.spec.scope,
    versions: Object.fromEntries(
      crd.spec.versions
        .filter((v: Schema) => v.served)
        .map((v: Schema) => [v.name, withoutDescriptions(v.schema.openAPIV3Schema)]),
    ),
  };
  const out = join(dir, `${crd.spec.group}_${crd.spec.names.plural}.schema.json`);
  writeFileSync(out, `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`wrote ${out}`);
}
