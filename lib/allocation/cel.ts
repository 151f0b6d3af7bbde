/**
 * DRA device selectors evaluated the way the scheduler evaluates them: a CEL expression over one
 * `device` (driver, allowMultipleAllocations, attributes and capacity by domain), with the
 * Kubernetes quantity and semver libraries. The CEL engine is @bufbuild/cel; the two Kubernetes
 * types are declared as messages so that values compare by meaning (quantity("1Gi") ==
 * quantity("1024Mi")), as they do in Kubernetes.
 *
 * Sources (Kubernetes 1.36): k8s.io/dynamic-resource-allocation/cel/compile.go (the device
 * variable, and that an unknown attribute or capacity domain reads as an empty map),
 * k8s.io/apiserver/pkg/cel/library/quantity.go and semverlib.go (functions and their errors).
 */
import { create, createFileRegistry, type DescMessage, type Message } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import {
  celEnv,
  celFunc,
  celMap,
  celMethod,
  CelScalar,
  isCelError,
  isCelMap,
  objectType,
  parse,
  plan,
  type CelMap,
  type CelValue,
} from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { nanosAsFloat, nanosAsInt64, parseQuantityNanos, unitsToNanos } from "./quantity";
import { compareSemver, formatSemver, parseSemver, type Semver } from "./semver";

// Field type 9 is string, label 1 optional (descriptor.proto).
const file = create(FileDescriptorProtoSchema, {
  name: "kubernetes_cel.proto",
  package: "kubernetes",
  syntax: "proto3",
  messageType: [
    {
      name: "Quantity",
      field: [{ name: "nanos", number: 1, type: 9, label: 1, jsonName: "nanos" }],
    },
    {
      name: "Semver",
      field: [{ name: "version", number: 1, type: 9, label: 1, jsonName: "version" }],
    },
  ],
});
const registry = createFileRegistry(file, () => undefined);
const QUANTITY = registry.getMessage("kubernetes.Quantity")!;
const SEMVER = registry.getMessage("kubernetes.Semver")!;
const Q = objectType(QUANTITY);
const V = objectType(SEMVER);

type Reflected = { readonly message: Record<string, unknown> };
const nanosOf = (value: unknown): bigint => BigInt((value as Reflected).message.nanos as string);
const semverOf = (value: unknown): Semver =>
  parseSemver((value as Reflected).message.version as string)!;

/** A quantity as a CEL value; equal quantities get equal fields. */
export function quantityMessage(nanos: bigint): Message {
  return create(QUANTITY as DescMessage, { nanos: nanos.toString() } as never);
}

export function semverMessage(version: Semver): Message {
  return create(SEMVER as DescMessage, { version: formatSemver(version) } as never);
}

function quantity(text: string): Message {
  const nanos = parseQuantityNanos(text);
  if (nanos === undefined)
    throw new Error(`quantities must match the regular expression, got ${JSON.stringify(text)}`);
  return quantityMessage(nanos);
}

function semver(text: string, normalize = false): Message {
  const version = parseSemver(text, normalize);
  if (!version) throw new Error(`could not parse ${JSON.stringify(text)} as semver`);
  return semverMessage(version);
}

const compareQ = (a: unknown, b: unknown) => {
  const d = nanosOf(a) - nanosOf(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
};

const FUNCS = [
  ...strings,
  celFunc("quantity", [CelScalar.STRING], Q, (s) => quantity(s)),
  celFunc(
    "isQuantity",
    [CelScalar.STRING],
    CelScalar.BOOL,
    (s) => parseQuantityNanos(s) !== undefined,
  ),
  celMethod("sign", Q, [], CelScalar.INT, function () {
    return BigInt(compareQ(this, quantityMessage(0n)));
  }),
  celMethod("isInteger", Q, [], CelScalar.BOOL, function () {
    return nanosAsInt64(nanosOf(this)) !== undefined;
  }),
  celMethod("asInteger", Q, [], CelScalar.INT, function () {
    const value = nanosAsInt64(nanosOf(this));
    if (value === undefined) throw new Error("cannot convert value to integer");
    return value;
  }),
  celMethod("asApproximateFloat", Q, [], CelScalar.DOUBLE, function () {
    return nanosAsFloat(nanosOf(this));
  }),
  celMethod("add", Q, [Q], Q, function (o) {
    return quantityMessage(nanosOf(this) + nanosOf(o));
  }),
  celMethod("add", Q, [CelScalar.INT], Q, function (n) {
    return quantityMessage(nanosOf(this) + unitsToNanos(n));
  }),
  celMethod("sub", Q, [Q], Q, function (o) {
    return quantityMessage(nanosOf(this) - nanosOf(o));
  }),
  celMethod("sub", Q, [CelScalar.INT], Q, function (n) {
    return quantityMessage(nanosOf(this) - unitsToNanos(n));
  }),
  celMethod("isLessThan", Q, [Q], CelScalar.BOOL, function (o) {
    return compareQ(this, o) < 0;
  }),
  celMethod("isGreaterThan", Q, [Q], CelScalar.BOOL, function (o) {
    return compareQ(this, o) > 0;
  }),
  celMethod("compareTo", Q, [Q], CelScalar.INT, function (o) {
    return BigInt(compareQ(this, o));
  }),
  celFunc("semver", [CelScalar.STRING], V, (s) => semver(s)),
  celFunc("semver", [CelScalar.STRING, CelScalar.BOOL], V, (s, n) => semver(s, n)),
  celFunc("isSemver", [CelScalar.STRING], CelScalar.BOOL, (s) => parseSemver(s) !== undefined),
  celFunc(
    "isSemver",
    [CelScalar.STRING, CelScalar.BOOL],
    CelScalar.BOOL,
    (s, n) => parseSemver(s, n) !== undefined,
  ),
  celMethod("major", V, [], CelScalar.INT, function () {
    return semverOf(this).major;
  }),
  celMethod("minor", V, [], CelScalar.INT, function () {
    return semverOf(this).minor;
  }),
  celMethod("patch", V, [], CelScalar.INT, function () {
    return semverOf(this).patch;
  }),
  celMethod("isLessThan", V, [V], CelScalar.BOOL, function (o) {
    return compareSemver(semverOf(this), semverOf(o)) < 0;
  }),
  celMethod("isGreaterThan", V, [V], CelScalar.BOOL, function (o) {
    return compareSemver(semverOf(this), semverOf(o)) > 0;
  }),
  celMethod("compareTo", V, [V], CelScalar.INT, function (o) {
    return BigInt(compareSemver(semverOf(this), semverOf(o)));
  }),
];

const ENV = celEnv({ registry, funcs: FUNCS });

/** A map whose unknown keys read as an empty map, like the scheduler's attribute and capacity maps. */
function mapWithEmptyDefault(entries: ReadonlyMap<string, CelMap>): CelMap {
  const base = celMap(entries);
  const empty = celMap(new Map());
  return new Proxy(base, {
    get(target, prop, receiver) {
      if (prop === "get") {
        return (key: string) => target.get(key) ?? (typeof key === "string" ? empty : undefined);
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === "function"
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/** An attribute value as the API types it. */
export type AttributeValue =
  | { readonly string: string }
  | { readonly int: bigint }
  | { readonly bool: boolean }
  | { readonly version: Semver };

/** One device as the selectors see it: attributes and capacity (nano-units) keyed by domain. */
export interface CelDevice {
  readonly driver: string;
  readonly allowMultipleAllocations: boolean;
  readonly attributes: ReadonlyMap<string, ReadonlyMap<string, AttributeValue>>;
  readonly capacity: ReadonlyMap<string, ReadonlyMap<string, bigint>>;
}

function attributeCel(value: AttributeValue): unknown {
  if ("string" in value) return value.string;
  if ("int" in value) return value.int;
  if ("bool" in value) return value.bool;
  return semverMessage(value.version);
}

function bindDevice(device: CelDevice): Map<string, unknown> {
  const domains = <T>(m: ReadonlyMap<string, ReadonlyMap<string, T>>, f: (v: T) => unknown) =>
    mapWithEmptyDefault(
      new Map(
        [...m].map(([domain, ids]) => [
          domain,
          celMap(new Map([...ids].map(([id, v]) => [id, f(v)] as [string, never]))),
        ]),
      ),
    );
  return new Map<string, unknown>([
    ["driver", device.driver],
    ["allowMultipleAllocations", device.allowMultipleAllocations],
    ["attributes", domains(device.attributes, attributeCel)],
    ["capacity", domains(device.capacity, quantityMessage)],
  ]);
}

export type SelectorResult = { readonly matches: boolean } | { readonly error: string };

export interface CompiledSelector {
  readonly expression: string;
  evaluate(device: CelDevice): SelectorResult;
}

/** Compiles a selector; throws with the parser's message when it is not CEL. */
export function compileSelector(expression: string): CompiledSelector {
  const program = plan(ENV, parse(expression));
  return {
    expression,
    evaluate(device) {
      let result: CelValue | Error;
      try {
        result = program({ device: bindDevice(device) } as never) as CelValue;
      } catch (error) {
        return { error: (error as Error).message };
      }
      if (isCelError(result)) return { error: result.message };
      if (typeof result !== "boolean") {
        return {
          error: `expression returned ${isCelMap(result) ? "a map" : typeof result}, not a bool`,
        };
      }
      return { matches: result };
    },
  };
}

/** A compiled selector, or the reason the expression is not CEL. */
export function tryCompileSelector(
  expression: string,
): CompiledSelector | { readonly error: string } {
  try {
    return compileSelector(expression);
  } catch (error) {
    return { error: (error as Error).message.split("\n")[0] };
  }
}
