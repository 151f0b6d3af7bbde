/** The cost estimate: which items it prices, how, and that an unknown price is never a number. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { loadEnvironments } from "../config/environments";
import { estimateCost, LOG_GB_PER_DAY } from "../lib/cost/estimate";
import { HOURS_PER_MONTH, PRICES } from "../lib/cost/prices";
import { resolveEnvironments } from "../lib/resolve-environments";
import { EXISTING_VPC, G6, P4D, testEnvironment } from "./helpers";
import type { EnvironmentConfig } from "../lib/environment";

const estimate = (overrides: Partial<EnvironmentConfig> = {}) =>
  estimateCost(resolveEnvironments([testEnvironment(overrides)])[0]);
const item = (e: ReturnType<typeof estimateCost>, prefix: string) => {
  const found = e.lines.find((l) => l.item.startsWith(prefix));
  if (!found) throw new Error(`no line ${prefix} in ${e.lines.map((l) => l.item).join(", ")}`);
  return found;
};

describe("cost per environment", () => {
  test("the control plane costs the standard rate on a version in standard support", () => {
    expect(item(estimate({ kubernetesVersion: "1.36" }), "EKS control plane")).toMatchObject({
      item: "EKS control plane (standard support)",
      idle: 0.1,
      max: 0.1,
    });
  });

  test("the control plane costs the extended rate once the version is past standard support", () => {
    const line = item(estimate({ kubernetesVersion: "1.33", supportType: "EXTENDED" }), "EKS");
    expect([line.item, line.idle]).toEqual(["EKS control plane (extended support)", 0.6]);
  });

  test("system nodes are priced at their minimum when idle and their maximum at most", () => {
    const line = item(estimate({ systemNodeGroup: { minSize: 2, maxSize: 5 } }), "system nodes");
    const rate = PRICES["us-east-1"].instances["m7i.xlarge"].onDemand;
    if (!("usd" in rate)) throw new Error("m7i.xlarge has no price");
    expect([line.idle, line.max]).toEqual([2 * rate.usd, 5 * rate.usd]);
  });

  test("one NAT gateway per zone unless the network says single; none in a VPC the user brings", () => {
    expect(item(estimate(), "NAT").item).toBe("NAT gateways: 2");
    expect(
      item(
        estimate({
          network: {
            ...testEnvironment().network,
            natGateways: "single",
          } as EnvironmentConfig["network"],
        }),
        "NAT",
      ).idle,
    ).toBeCloseTo(0.045);
    expect(
      estimate({ network: EXISTING_VPC }).lines.filter((l) => l.item.startsWith("NAT")),
    ).toEqual([]);
  });

  test("log ingestion is priced at the stated daily volume", () => {
    const line = item(estimate(), "control-plane logs");
    expect(line.idle).toBeCloseTo((LOG_GB_PER_DAY * 365 * 0.5) / 12 / HOURS_PER_MONTH);
  });

  test("an unknown price is named, adds nothing, and marks the totals as lower bounds", () => {
    const e = estimate({ gpuNodeGroups: [G6] });
    const gpu = item(e, "GPU group g6");
    expect([gpu.idle, gpu.max, typeof gpu.unknown]).toEqual([undefined, undefined, "string"]);
    expect(e.unpriced).toContain(gpu.item);
    const known = e.lines.reduce((sum, l) => sum + (l.idle ?? 0), 0);
    expect(e.hourly.idle).toBeCloseTo(known);
    expect(e.monthly.idle).toBeCloseTo(known * HOURS_PER_MONTH);
  });

  test("a Capacity Block group is priced as a block, never at the on-demand rate", () => {
    const line = item(estimate({ gpuNodeGroups: [P4D] }), "GPU group p4d");
    expect(line.item).toContain("Capacity Block");
    expect(line.unknown).toContain("set per block at purchase");
  });

  test("every price in the table names its source or why it is unknown", () => {
    const prices = Object.values(PRICES).flatMap((region) => [
      region.controlPlane.STANDARD,
      region.controlPlane.EXTENDED,
      region.natGatewayHour,
      region.gp3GbMonth,
      region.logIngestionGb,
      ...Object.values(region.instances).flatMap((i) => [
        i.onDemand,
        ...(i.capacityBlock ? [i.capacityBlock] : []),
      ]),
    ]);
    for (const price of prices)
      expect("usd" in price ? price.source.length : price.unknown.length).toBeGreaterThan(20);
  });

  test("every configured environment's region has a price table", () => {
    const regions = resolveEnvironments(loadEnvironments({})).map((e) => e.region);
    expect(regions.filter((r) => !PRICES[r])).toEqual([]);
  });

  test("npm run cost prints the table for the configured environments", () => {
    const root = join(__dirname, "..");
    const run = spawnSync(join(root, "node_modules", ".bin", "tsx"), ["scripts/cost.ts"], {
      cwd: root,
      encoding: "utf8",
      env: { PATH: process.env.PATH },
    });
    expect(run.status).toBe(0);
    for (const env of loadEnvironments({}))
      expect(run.stdout).toContain(`| ${env.name} | ${env.region} |`);
  });
});
