/**
 * Kubernetes resource quantities ("24Gi", "500m", "1e3") as exact values, for the CEL quantity
 * library and for capacity arithmetic. A quantity is held as a whole number of nano-units, the
 * finest precision Kubernetes keeps: ParseQuantity rounds anything finer up to the next nano.
 *
 * Source: k8s.io/apimachinery/pkg/api/resource/quantity.go (ParseQuantity, the suffix table) and
 * k8s.io/apiserver/pkg/cel/library/quantity.go (what the CEL functions return), Kubernetes 1.36.
 */

const NANOS_PER_UNIT = 1_000_000_000n;

const BINARY: Readonly<Record<string, bigint>> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const FORM = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|n|u|m|k|M|G|T|P|E)?$/;

/** Largest and smallest int64, the range asInteger() accepts. */
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** Ceiling division for a positive divisor (rounds toward +infinity, as Kubernetes rounds up). */
function divCeil(numerator: bigint, divisor: bigint): bigint {
  const q = numerator / divisor;
  return q * divisor < numerator ? q + 1n : q;
}

/** Nano-units of a quantity string; undefined when Kubernetes would not parse it. */
export function parseQuantityNanos(text: string): bigint | undefined {
  const match = FORM.exec(text);
  if (!match) return undefined;
  const [, sign, number, suffix = ""] = match;
  const [whole, fraction = ""] = number.split(".");
  // digits / 10^fraction.length, times the suffix, in nano-units, rounded up.
  const digits = BigInt(`${whole || "0"}${fraction}` || "0");
  let numerator = digits * NANOS_PER_UNIT;
  let denominator = 10n ** BigInt(fraction.length);
  if (BINARY[suffix] !== undefined) {
    numerator *= BINARY[suffix];
  } else {
    const exponent = /^[eE]/.test(suffix) ? Number(suffix.slice(1)) : DECIMAL_EXPONENT[suffix];
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
  }
  const magnitude = divCeil(numerator, denominator);
  return sign === "-" ? -magnitude : magnitude;
}

/** Bytes (or units) of a quantity string, rounded up to a whole unit; throws when it is not one. */
export function quantityValue(text: string): bigint {
  const nanos = parseQuantityNanos(text);
  if (nanos === undefined) throw new Error(`${JSON.stringify(text)} is not a Kubernetes quantity`);
  return nanos >= 0n ? divCeil(nanos, NANOS_PER_UNIT) : -divCeil(-nanos, NANOS_PER_UNIT);
}

export function unitsToNanos(units: bigint): bigint {
  return units * NANOS_PER_UNIT;
}

/** The int64 a quantity converts to without loss, or undefined (CEL `isInteger` / `asInteger`). */
export function nanosAsInt64(nanos: bigint): bigint | undefined {
  if (nanos % NANOS_PER_UNIT !== 0n) return undefined;
  const units = nanos / NANOS_PER_UNIT;
  return units > INT64_MAX || units < INT64_MIN ? undefined : units;
}

export function nanosAsFloat(nanos: bigint): number {
  return Number(nanos) / 1e9;
}

/** A byte count as the shortest binary quantity Kubernetes would print ("24Gi", "4864Mi"). */
export function formatBytes(bytes: bigint): string {
  for (const suffix of ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"]) {
    if (bytes !== 0n && bytes % BINARY[suffix] === 0n) return `${bytes / BINARY[suffix]}${suffix}`;
  }
  return String(bytes);
}
