/**
 * Evaluates a ValidatingAdmissionPolicy's validations the way the API server does for one request:
 * each expression over `object` and `request`, with the CEL engine the allocation proof uses. The
 * policy's matchConstraints are checked separately by the tests that need them.
 */
import { celEnv, celList, celMap, isCelError, parse, plan, type CelInput } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ENV = celEnv({ funcs: strings });

function toCel(value: unknown): CelInput {
  if (Array.isArray(value)) return celList(value.map(toCel));
  if (value !== null && typeof value === "object")
    return celMap(new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)] as [string, never])));
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  return value as CelInput;
}

interface Validation {
  readonly expression: string;
  readonly message?: string;
  readonly messageExpression?: string;
}

/** The messages of the validations the object fails; an evaluation error fails as "error: ...". */
export function denials(
  policy: { spec: { validations: readonly Validation[] } },
  kind: { group: string; kind: string },
  object: Json | object,
): string[] {
  const bindings = { object: toCel(object), request: toCel({ kind }) } as never;
  return policy.spec.validations.flatMap((v) => {
    const result = plan(ENV, parse(v.expression))(bindings);
    if (isCelError(result)) return [`error: ${result.message}`];
    if (result === true) return [];
    if (v.messageExpression) return [String(plan(ENV, parse(v.messageExpression))(bindings))];
    return [v.message ?? "denied"];
  });
}
