/**
 * IPv4 CIDRs for validating networks and planning subnets without a network call. Parsing and the
 * special-purpose ranges come from ipaddr.js; what is left here is interval arithmetic on the
 * parsed ranges (subnets, overlap, how much of the public internet a set of ranges covers).
 */
import ipaddr from "ipaddr.js";

/** The whole IPv4 internet, as routes and security rules write it. */
export const ANYWHERE_IPV4 = "0.0.0.0/0";

export interface Cidr {
  /** The network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

/**
 * Parses "a.b.c.d/n" as AWS writes it: four decimal octets without leading zeros, no host bits.
 * Anything else (octal or hex parts, "10/8", "10.0.0.1/16") is undefined, so a range can only
 * be written one way and never slips past a check in another spelling.
 */
export function parseCidr(text: string): Cidr | undefined {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) return undefined;
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  if (`${address.toString()}/${prefix}` !== text) return undefined;
  if (ipaddr.IPv4.networkAddressFromCIDR(text).toString() !== address.toString()) return undefined;
  return { base: toNumber(address), prefix };
}

function toNumber(address: ipaddr.IPv4): number {
  return address.toByteArray().reduce((acc, octet) => acc * 256 + octet, 0);
}

export function formatCidr(cidr: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.base / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefix}`;
}

function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + blockSize(a.prefix);
  const bEnd = b.base + blockSize(b.prefix);
  return a.base < bEnd && b.base < aEnd;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.base >= outer.base &&
    inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix)
  );
}

/** Same as Terraform's cidrsubnet(prefix, newbits, netnum). */
export function subnet(parent: Cidr, newBits: number, netNum: number): Cidr {
  const prefix = parent.prefix + newBits;
  if (prefix > 32 || netNum < 0 || netNum >= 2 ** newBits) {
    throw new RangeError(`subnet ${netNum} of /${prefix} does not fit in /${parent.prefix}`);
  }
  return { base: parent.base + netNum * blockSize(prefix), prefix };
}

/** ipaddr.js's special-purpose ranges of one kind (RFC 6890 and the RFCs it lists). */
function specialRanges(kind?: string): Cidr[] {
  // Present at run time on every IPv4 address (ipaddr.js lib/ipaddr.js), not in its typings.
  const table = (
    ipaddr.IPv4.prototype as unknown as {
      SpecialRanges: Record<string, [ipaddr.IPv4, number][]>;
    }
  ).SpecialRanges;
  return Object.entries(table)
    .filter(([name]) => kind === undefined || name === kind)
    .flatMap(([, ranges]) =>
      ranges.map(([address, prefix]) => ({ base: toNumber(address), prefix })),
    );
}

const PRIVATE_RANGES = specialRanges("private");
/** Addresses that are not on the public internet: private, loopback, link-local, reserved, ... */
const NOT_PUBLIC = specialRanges();

/** True when the range lies inside RFC 1918 private address space. */
export function isPrivate(cidr: Cidr): boolean {
  return PRIVATE_RANGES.some((range) => contains(range, cidr));
}

/** How many public internet addresses the ranges cover together, overlaps counted once. */
export function publicAddressCount(cidrs: readonly Cidr[]): number {
  const covered = union(cidrs);
  const excluded = union(NOT_PUBLIC);
  let total = 0;
  for (const [start, end] of covered) {
    let size = end - start;
    for (const [xStart, xEnd] of excluded)
      size -= Math.max(0, Math.min(end, xEnd) - Math.max(start, xStart));
    total += size;
  }
  return total;
}

/** Sorted, merged [start, end) intervals of the ranges. */
function union(cidrs: readonly Cidr[]): [number, number][] {
  const intervals = cidrs
    .map((c): [number, number] => [c.base, c.base + blockSize(c.prefix)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of intervals) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
