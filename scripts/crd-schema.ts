/**
 * Writes the structural schema of a CRD version as a test fixture
 * (test/fixtures/crds/<plural>.<group>-<version>.schema.json): the CRD's openAPIV3Schema with every
 * `description` removed, plus where it came from. The tests validate rendered objects against it
 * (test/support/crd-schema.ts refuses unknown fields, as the API server does). Run it when a pin moves:
 *
 *   git -C <kedacore/keda clone> show v2.20.2:config/crd/bases/keda.sh_scaledobjects.yaml > /tmp/crd.yaml
 *   npx tsx scripts/crd-schema.ts /tmp/crd.yaml v1alpha1 "kedacore/keda v2.20.2 config/crd/bases/keda.sh_scaledobjects.yaml"
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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

const [crdFile, version, source] = process.argv.slice(2);
if (!crdFile || !version || !source) {
  console.error('usage: npx tsx scripts/crd-schema.ts <crd.yaml> <version> "<source and release>"');
  process.exit(2);
}
const [crd] = parseYamlStrict(readFileSync(crdFile, "utf8")) as Schema[];
const served = crd.spec.versions.find((v: Schema) => v.name === version);
if (!served) throw new Error(`${crdFile} has no version ${version}`);
const fixture = {
  source,
  group: crd.spec.group,
  kind: crd.spec.names.kind,
  version,
  schema: withoutDescriptions(served.schema.openAPIV3Schema),
};
const out = join(
  __dirname,
  "..",
  "test",
  "fixtures",
  "crds",
  `${crd.spec.names.plural}.${crd.spec.group}-${version}.schema.json`,
);
writeFileSync(out, `${JSON.stringify(fixture, null, 1)}\n`);
console.log(`wrote the ${fixture.kind} ${version} schema to ${out}`);
