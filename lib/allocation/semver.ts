/**
 * Semantic versions as the Kubernetes CEL semver library reads them: `version` device attributes
 * (driverVersion, cudaComputeCapability) and `semver("8.0.0")` in selectors.
 *
 * Source: k8s.io/apiserver/pkg/cel/library/semverlib.go (Kubernetes 1.36), which parses with
 * blang/semver/v4 `Parse` (strict) or, with normalize, accepts a "v" prefix, missing minor and
 * patch numbers and leading zeros; comparison follows Semantic Versioning 2.0 (build metadata ignored).
 */

export interface Semver {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  /** Pre-release identifiers; empty for a release. */
  readonly pre: readonly string[];
}

const STRICT =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const NUMERIC = /^\d+$/;

function preIdentifiersValid(pre: readonly string[]): boolean {
  // A numeric pre-release identifier must not have leading zeros.
  return pre.every((id) => !NUMERIC.test(id) || id === "0" || !id.startsWith("0"));
}

/** The version, or undefined when the library would refuse it. */
export function parseSemver(text: string, normalize = false): Semver | undefined {
  let candidate = text;
  if (normalize) {
    candidate = candidate.startsWith("v") ? candidate.slice(1) : candidate;
    const [core, rest = ""] = splitCore(candidate);
    const parts = core.split(".");
    if (parts.length > 3 || parts.some((p) => !NUMERIC.test(p))) return undefined;
    while (parts.length < 3) parts.push("0");
    candidate = parts.map((p) => String(BigInt(p))).join(".") + rest;
  }
  const match = STRICT.exec(candidate);
  if (!match) return undefined;
  const pre = match[4] ? match[4].split(".") : [];
  if (!preIdentifiersValid(pre)) return undefined;
  return { major: BigInt(match[1]), minor: BigInt(match[2]), patch: BigInt(match[3]), pre };
}

/** Splits "1.2.3-rc.1+b" into the numeric core and the rest ("-rc.1+b"). */
function splitCore(text: string): [string, string] {
  const at = text.search(/[-+]/);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at)];
}

function compareIdentifiers(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) return Math.sign(Number(BigInt(a) - BigInt(b)));
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** -1, 0 or 1, as `compareTo` returns. */
export function compareSemver(a: Semver, b: Semver): number {
  for (const key of ["major", "minor", "patch"] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  if (a.pre.length === 0 || b.pre.length === 0) {
    return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const c = compareIdentifiers(a.pre[i], b.pre[i]);
    if (c !== 0) return c;
  }
  return Math.sign(a.pre.length - b.pre.length);
}

/** The version without build metadata: two versions that compare equal print the same. */
export function formatSemver(v: Semver): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre.length ? `-${v.pre.join(".")}` : ""}`;
}
