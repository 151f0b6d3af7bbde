/**
 * Validators for Volcano objects from the structural schemas scripts/crd-schemas.ts derived from the
 * pinned chart's CRDs (test/fixtures/crds/volcano-1.15.1.schemas.json), strict about unknown fields
 * as the API server is.
 */
import Ajv, { type ValidateFunction } from "ajv";
import { crdSchema, strictCrdSchema } from "./crd-schema";

const FIXTURE = "volcano-1.15.1.schemas.json";
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

/** The problems of a Volcano object against its CRD; empty when the API server would take it. */
export function volcanoCrdProblems(object: {
  readonly apiVersion: string;
  readonly kind: string;
  readonly [field: string]: unknown;
}): string[] {
  const key = `${object.apiVersion}/${object.kind}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(strictCrdSchema(crdSchema(FIXTURE, key)));
    compiled.set(key, validate);
  }
  if (validate(object)) return [];
  return (validate.errors ?? []).map((e) =>
    e.keyword === "additionalProperties"
      ? `${e.instancePath || "/"} has unknown field ${JSON.stringify(e.params.additionalProperty)}`
      : `${e.instancePath || "/"} ${e.message}`,
  );
}
