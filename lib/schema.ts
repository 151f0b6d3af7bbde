/**
 * Runtime shape checks of the configuration. TypeScript types vanish at run time, and values that
 * come from environment variables or casts bypass them; each concern therefore declares a strict
 * schema next to its settings type (`lib/<concern>/schema.ts`), and {@link schemaFor} refuses to
 * compile when the schema and the type disagree, so a setting is added in one place and the
 * compiler points at the other.
 *
 * The checks are strict: an unknown key is an error (with a "did you mean"), enum values are
 * compared exactly, a number must be a number. Value rules (ranges, AWS limits) stay in each
 * concern's resolver, which only runs on a configuration whose shape is right.
 */
import { z } from "zod";
import { show } from "./errors";

/** Deep, normalised view of a type: no readonly, optional keys marked, so two views compare exactly. */
type Normalised<T> = T extends readonly (infer E)[]
  ? Normalised<E>[]
  : T extends object
    ? {
        -readonly [K in keyof T]-?:
          | Normalised<Exclude<T[K], undefined>>
          | (Record<never, never> extends Pick<T, K> ? "<optional>" : never);
      }
    : T;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** True when a schema accepts exactly the settings type: same keys, same optionality, same value types. */
export type Agrees<Type, Schema extends z.ZodType> = Same<
  Normalised<Type>,
  Normalised<z.input<Schema>>
>;

/**
 * `schemaFor<NetworkConfig>()(z.strictObject({...}))` compiles only when the schema agrees with the
 * type (see {@link Agrees}); otherwise the argument is refused with the message below.
 */
export function schemaFor<Type>() {
  return <Schema extends z.ZodType>(
    schema: Schema &
      (Agrees<Type, Schema> extends true
        ? unknown
        : { "schema and settings type disagree": Normalised<Type> }),
  ): Schema => schema;
}

/** Turns schema issues into the project's messages: setting path, value, why, fix. */
export function shapeProblems(schema: z.ZodType, value: unknown, at: string): readonly string[] {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => describeIssue(issue, schema, value, at));
}

function describeIssue(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  root: unknown,
  at: string,
): string[] {
  const path = settingPath(at, root, issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeys(schema, issue.path, root);
      return issue.keys.map((key) => {
        const guess = closest(key, known);
        return (
          `${settingPath(at, root, [...issue.path, key])} is not a setting, so it would be ignored without a word; ` +
          (guess
            ? `did you mean ${show(guess)}? Rename it`
            : `remove it (the settings here are ${known.join(", ")})`)
        );
      });
    }
    case "invalid_value": {
      const values = issue.values.map((v) => show(v)).join(", ");
      const guess =
        typeof input === "string"
          ? issue.values.find(
              (v) => typeof v === "string" && v.toLowerCase() === input.toLowerCase(),
            )
          : undefined;
      return [
        guess !== undefined
          ? `${path} ${show(input)} is not one of ${values} (compared exactly, case included); use ${show(guess)}`
          : `${path} ${show(input)} is not one of ${values}; use one of them`,
      ];
    }
    case "invalid_union": {
      if ("discriminator" in issue && typeof issue.discriminator === "string") {
        const options = ((issue as { options?: unknown[] }).options ?? []).map((o) => show(o));
        const given = (input as Record<string, unknown> | undefined)?.[issue.discriminator];
        return [
          given === undefined
            ? `${path} is missing; set it to one of ${options.join(", ")}`
            : `${path} ${show(given)} is not one of ${options.join(", ")}; use one of them`,
        ];
      }
      return [
        `${path} ${show(input)} has none of the accepted forms; check it against its settings type`,
      ];
    }
    case "invalid_type":
      if (issue.expected === "number" && typeof input === "number") {
        return [`${path} ${String(input)} is not a finite number; give a whole number such as 2`];
      }
      return [
        input === undefined
          ? `${path} is missing; it is required and takes ${article(issue.expected)}`
          : `${path} ${show(input)} is ${describeType(input)}, but it must be ${article(issue.expected)}; ${typeFix(issue.expected, input)}`,
      ];
    default:
      return [`${path} ${show(input)} is not accepted: ${issue.message}`];
  }
}

/** `environments.prod.gpuNodeGroups.p4d.maxSize`: list entries with a name are named by it. */
function settingPath(at: string, root: unknown, path: readonly PropertyKey[]): string {
  let text = at;
  let node: unknown = root;
  for (const segment of path) {
    const next = (node as Record<PropertyKey, unknown> | undefined)?.[segment];
    if (typeof segment === "number") {
      const name = (next as { name?: unknown } | undefined)?.name;
      text +=
        typeof name === "string" && /^[a-z][a-z0-9-]*$/.test(name) ? `.${name}` : `[${segment}]`;
    } else {
      const key = String(segment);
      text += /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${text ? "." : ""}${key}` : `[${show(key)}]`;
    }
    node = next;
  }
  return text;
}

/** The keys the object schema at a path accepts. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[], root: unknown): string[] {
  let node: unknown = root;
  let current: z.core.$ZodType | undefined = schema;
  for (const segment of [...path, undefined]) {
    current = current && objectSchema(current, node);
    if (segment === undefined || !current) break;
    const def = current._zod.def as { type: string; shape?: Record<string, z.core.$ZodType> };
    current =
      def.type === "object"
        ? def.shape?.[String(segment)]
        : ((def as { element?: z.core.$ZodType; valueType?: z.core.$ZodType }).element ??
          (def as { valueType?: z.core.$ZodType }).valueType);
    node = (node as Record<PropertyKey, unknown> | undefined)?.[segment];
  }
  const def = current?._zod.def as { type: string; shape?: object } | undefined;
  return def?.type === "object" ? Object.keys(def.shape ?? {}) : [];
}

/** Unwraps optional/readonly wrappers and picks the union member whose literal fields the value has. */
function objectSchema(schema: z.core.$ZodType, value: unknown): z.core.$ZodType | undefined {
  const def = schema._zod.def as {
    type: string;
    innerType?: z.core.$ZodType;
    options?: z.core.$ZodType[];
  };
  if (def.innerType) return objectSchema(def.innerType, value);
  if (def.type === "union" && def.options) {
    return def.options.find((option) => {
      const shape = (option._zod.def as { shape?: Record<string, z.core.$ZodType> }).shape ?? {};
      return Object.entries(shape).every(([key, field]) => {
        const values = (field._zod.def as { type: string; values?: unknown[] }).values;
        return (
          (field._zod.def as { type: string }).type !== "literal" ||
          values?.includes((value as Record<string, unknown> | undefined)?.[key])
        );
      });
    });
  }
  return schema;
}

function typeFix(expected: string, input: unknown): string {
  if (
    expected === "number" &&
    typeof input === "string" &&
    input.trim() !== "" &&
    !isNaN(Number(input))
  ) {
    return `write ${input.trim()} without quotes`;
  }
  if (expected === "string" && (typeof input === "number" || typeof input === "boolean")) {
    return `write it in quotes: ${show(String(input))}`;
  }
  if (expected === "boolean" && (input === "true" || input === "false")) {
    return `write ${input} without quotes`;
  }
  return `give ${article(expected)}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return article(typeof value);
}

/** The candidate a user most likely meant: same letters in another case, or a small edit away. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
