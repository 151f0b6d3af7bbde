import {
  contains,
  formatCidr,
  isPrivate,
  overlaps,
  parseCidr,
  publicAddressCount,
  subnet,
} from "../lib/network/cidr";
import { planSubnets } from "../lib/network/subnet-plan";

const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`bad test CIDR ${text}`);
  return parsed;
};

describe("CIDR arithmetic", () => {
  test("parses and formats a CIDR unchanged", () => {
    expect(formatCidr(cidr("10.20.0.0/16"))).toBe("10.20.0.0/16");
  });

  test("rejects host bits, octets above 255 and prefixes above 32", () => {
    expect([
      parseCidr("10.0.0.1/16"),
      parseCidr("10.0.256.0/24"),
      parseCidr("10.0.0.0/33"),
    ]).toEqual([undefined, undefined, undefined]);
  });

  test("finds overlap between nested and adjacent ranges correctly", () => {
    expect(overlaps(cidr("10.0.0.0/16"), cidr("10.0.128.0/17"))).toBe(true);
    expect(overlaps(cidr("10.0.0.0/17"), cidr("10.0.128.0/17"))).toBe(false);
  });

  test("subnet matches Terraform's cidrsubnet", () => {
    // cidrsubnet("10.0.0.0/16", 3, 2) == "10.0.64.0/19"; cidrsubnet("10.0.0.0/16", 5, 24) == "10.0.192.0/21"
    expect(formatCidr(subnet(cidr("10.0.0.0/16"), 3, 2))).toBe("10.0.64.0/19");
    expect(formatCidr(subnet(cidr("10.0.0.0/16"), 5, 24))).toBe("10.0.192.0/21");
  });

  test("private ranges are RFC 1918 only", () => {
    expect(isPrivate(cidr("172.20.0.0/16"))).toBe(true);
    expect(isPrivate(cidr("100.64.0.0/16"))).toBe(false);
    expect(contains(cidr("172.16.0.0/12"), cidr("172.32.0.0/16"))).toBe(false);
  });
});

describe("subnet plan", () => {
  test("gives each zone a private and a public subnet that do not overlap", () => {
    const plan = planSubnets("10.0.0.0/16", ["a", "b", "c"]);
    const all = [...plan.privateSubnets, ...plan.publicSubnets].map((s) => cidr(s.cidr));
    for (const [i, a] of all.entries()) {
      for (const b of all.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    }
    expect(plan.privateSubnets.map((s) => s.cidr)).toEqual([
      "10.0.0.0/19",
      "10.0.32.0/19",
      "10.0.64.0/19",
    ]);
    expect(plan.publicSubnets.map((s) => s.cidr)).toEqual([
      "10.0.192.0/21",
      "10.0.200.0/21",
      "10.0.208.0/21",
    ]);
  });
});

describe("CIDR spelling and public address counts", () => {
  test("accepts only the canonical spelling of a range", () => {
    expect(
      ["10.0.0.0/8", "010.0.0.0/8", "10.0.0.0/08", "10/8", "0x0a.0.0.0/8", " 10.0.0.0/8"].map(
        (text) => parseCidr(text) !== undefined,
      ),
    ).toEqual([true, false, false, false, false, false]);
  });

  test("counts overlapping ranges once", () => {
    expect(publicAddressCount([cidr("8.8.0.0/16"), cidr("8.8.8.0/24"), cidr("8.8.0.0/17")])).toBe(
      65536,
    );
  });

  test("does not count private, loopback or reserved addresses as public", () => {
    expect(
      publicAddressCount([cidr("10.0.0.0/8"), cidr("127.0.0.0/8"), cidr("203.0.113.0/24")]),
    ).toBe(0);
  });

  test("two halves of the internet count as the whole public internet", () => {
    expect(publicAddressCount([cidr("0.0.0.0/1"), cidr("128.0.0.0/1")])).toBe(
      publicAddressCount([cidr("0.0.0.0/0")]),
    );
  });
});
