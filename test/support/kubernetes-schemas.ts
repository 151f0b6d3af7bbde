/**
 * Validates Kubernetes objects against the API schemas of one Kubernetes minor, strictly: a field
 * the API does not have is an error, as `kubectl apply --validate=strict` makes it. The schemas
 * are generated from the Kubernetes OpenAPI document of each minor by scripts/kubernetes-schemas.ts.
 */
import Ajv, { type ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

interface SchemaFixture {
  readonly minor: string;
  readonly source: string;
  /** `<apiVersion>/<kind>` -> definition name. */
  readonly kinds: Record<string, string>;
  readonly definitions: Record<string, Schema>;
}

const FIXTURES = join(__dirname, "..", "fixtures", "kubernetes-schemas");

/**
 * Quantity and IntOrString are strings in the OpenAPI document, but the API server also takes them
 * as JSON numbers (k8s.io/apimachinery: resource.Quantity and intstr.IntOrString UnmarshalJSON).
 */
const EITHER_FORM: Record<string, Schema> = {
  "io.k8s.apimachinery.pkg.api.resource.Quantity": { type: ["string", "number"] },
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { type: ["string", "integer"] },
};

/** Every object schema with properties refuses other properties, unless it says what they may be. */
function strict(schema: Schema): Schema {
  const out: Schema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries<Schema>(schema.properties).map(([name, s]) => [name, strict(s)]),
    );
    if (schema.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (schema.items) out.items = strict(schema.items);
  if (typeof schema.additionalProperties === "object")
    out.additionalProperties = strict(schema.additionalProperties);
  if (schema.allOf) out.allOf = schema.allOf.map(strict);
  return out;
}

export function schemaFixture(minor: string): SchemaFixture {
  return JSON.parse(readFileSync(join(FIXTURES, `${minor}.json`), "utf8"));
}

const validatorsByMinor = new Map<string, (object: Schema) => string[]>();

/** A validator for one minor: the problems of an object, empty when the API server would take it. */
export function kubernetesValidator(minor: string): (object: Schema) => string[] {
  let validator = validatorsByMinor.get(minor);
  if (!validator) {
    validator = compileValidator(minor);
    validatorsByMinor.set(minor, validator);
  }
  return validator;
}

function compileValidator(minor: string): (object: Schema) => string[] {
  const fixture = schemaFixture(minor);
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  const definitions = Object.fromEntries(
    Object.entries(fixture.definitions).map(([name, s]) => [name, EITHER_FORM[name] ?? strict(s)]),
  );
  ajv.addSchema({ $id: "k8s", definitions });
  const validators = new Map<string, ValidateFunction>();
  return (object) => {
    const key = `${object.apiVersion}/${object.kind}`;
    const definition = fixture.kinds[key];
    if (!definition) return [`Kubernetes ${minor} serves no ${key}`];
    let validate = validators.get(definition);
    if (!validate) {
      validate = ajv.compile({ $ref: `k8s#/definitions/${definition}` });
      validators.set(definition, validate);
    }
    if (validate(object)) return [];
    return (validate.errors ?? []).map((e) =>
      e.keyword === "additionalProperties"
        ? `${e.instancePath || "/"} has unknown field ${JSON.stringify(e.params.additionalProperty)}`
        : `${e.instancePath || "/"} ${e.message}`,
    );
  };
}
