/**
 * Validators for Volcano objects from the structural schemas scripts/crd-schemas.ts derived from the
 * pinned chart's CRDs, strict about unknown fields as the API server is.
 */
import Ajv, { type ValidateFunction } from "ajv";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { strictCrdSchema } from "./crd-schema";

const DIR = join(__dirname, "..", "fixtures", "crds", "volcano-1.15.1");

interface CrdFixture {
  readonly source: string;
  readonly group: string;
  readonly kind: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly versions: Record<string, any>;
}

export const volcanoCrdFixtures: readonly CrdFixture[] = readdirSync(DIR).map((file) =>
  JSON.parse(readFileSync(join(DIR, file), "utf8")),
);

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

/** The problems of a Volcano object against its CRD; empty when the API server would take it. */
export function volcanoCrdProblems(object: {
  readonly apiVersion: string;
  readonly kind: string;
  readonly [field: string]: unknown;
}): string[] {
  const [group, version] = object.apiVersion.split("/");
  const crd = volcanoCrdFixtures.find((c) => c.group === group && c.kind === object.kind);
  const schema = crd?.versions[version];
  if (!schema) return [`the pinned Volcano CRDs serve no ${object.apiVersion} ${object.kind}`];
  const key = `${object.apiVersion}/${object.kind}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(strictCrdSchema(schema));
    compiled.set(key, validate);
  }
  if (validate(object)) return [];
  return (validate.errors ?? []).map((e) =>
    e.keyword === "additionalProperties"
      ? `${e.instancePath || "/"} has unknown field ${JSON.stringify(e.params.additionalProperty)}`
      : `${e.instancePath || "/"} ${e.message}`,
  );
}
