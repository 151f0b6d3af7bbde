/**
 * What an environment costs per hour and per month at its minimum (idle: every group at its minimum
 * size) and maximum size (every group at its maximum), from the prices in ./prices.ts. Only what the
 * blueprint creates is counted: the EKS control plane, the node groups, NAT gateways, the nodes'
 * root volumes and control-plane log ingestion at a stated volume. Data transfer, NAT data processing,
 * KMS keys, load balancers and workloads' own volumes are left out. An item whose price is unknown
 * is listed by name and adds nothing to the totals, which are then lower bounds.
 */
import type { ResolvedEnvironment } from "../environment";
import { pastStandardSupport } from "../cluster/versions";
import { HOURS_PER_MONTH, PRICES, type Price } from "./prices";

/** Assumed control-plane log volume: the five log types of a quiet cluster. */
export const LOG_GB_PER_DAY = 1;
/** How Spot capacity is priced: its rate moves hourly, so at the on-demand rate, an upper bound. */
export const SPOT_ASSUMPTION =
  "Spot at the on-demand rate (an upper bound: the Spot price moves hourly)";

export type CostInput = Pick<
  ResolvedEnvironment,
  | "name"
  | "region"
  | "kubernetesVersion"
  | "supportType"
  | "network"
  | "systemNodeGroup"
  | "gpuNodeGroups"
>;

export interface CostLine {
  readonly item: string;
  /** USD per hour at the minimum and maximum size; undefined when the price is unknown. */
  readonly idle?: number;
  readonly max?: number;
  /** Why the price is unknown. */
  readonly unknown?: string;
}

export interface CostEstimate {
  readonly environment: string;
  readonly region: string;
  readonly lines: readonly CostLine[];
  /** Totals of the priced lines, USD per hour. */
  readonly hourly: { readonly idle: number; readonly max: number };
  readonly monthly: { readonly idle: number; readonly max: number };
  /** Items whose price is unknown, so the totals are lower bounds. */
  readonly unpriced: readonly string[];
}

function line(
  item: string,
  price: Price | undefined,
  idleUnits: number,
  maxUnits: number,
): CostLine {
  if (price === undefined)
    return { item, unknown: "no price for this region or instance type in lib/cost/prices.ts" };
  if ("unknown" in price) return { item, unknown: price.unknown };
  return { item, idle: price.usd * idleUnits, max: price.usd * maxUnits };
}

export function estimateCost(env: CostInput): CostEstimate {
  const prices = PRICES[env.region];
  const lines: CostLine[] = [];
  // EKS bills the extended rate only once the version is past standard support and the cluster opts in.
  const tier =
    env.supportType === "EXTENDED" && pastStandardSupport(env.kubernetesVersion)
      ? "EXTENDED"
      : "STANDARD";
  lines.push(
    line(`EKS control plane (${tier.toLowerCase()} support)`, prices?.controlPlane[tier], 1, 1),
  );

  const system = env.systemNodeGroup;
  const systemType = system.instanceTypes[0];
  lines.push(
    line(
      `system nodes: ${system.minSize}-${system.maxSize} x ${systemType}`,
      prices?.instances[systemType]?.onDemand,
      system.minSize,
      system.maxSize,
    ),
  );
  let volumeIdle = system.minSize * system.diskSizeGiB;
  let volumeMax = system.maxSize * system.diskSizeGiB;

  for (const group of env.gpuNodeGroups) {
    const rates = prices?.instances[group.instanceType];
    const kind = group.capacity.kind as string;
    const sizes = `${group.minSize}-${group.maxSize} x ${group.instanceType}`;
    if (kind === "capacity-block") {
      lines.push(
        line(
          `GPU group ${group.name}: ${sizes}, Capacity Block`,
          rates?.capacityBlock,
          group.maxSize,
          group.maxSize,
        ),
      );
    } else {
      const how = kind === "on-demand" ? "on-demand" : SPOT_ASSUMPTION;
      lines.push(
        line(
          `GPU group ${group.name}: ${sizes}, ${how}`,
          rates?.onDemand,
          group.minSize,
          group.maxSize,
        ),
      );
    }
    volumeIdle += group.minSize * group.rootVolumeGiB;
    volumeMax += group.maxSize * group.rootVolumeGiB;
  }

  // A VPC the environment brings has its owner's NAT gateways.
  const nat =
    env.network.kind === "new"
      ? env.network.natGateways === "single"
        ? 1
        : env.network.privateSubnets.length
      : 0;
  if (nat > 0) lines.push(line(`NAT gateways: ${nat}`, prices?.natGatewayHour, nat, nat));

  const gp3 = prices?.gp3GbMonth;
  const perHour = (p: Price | undefined): Price | undefined =>
    p && "usd" in p ? { usd: p.usd / HOURS_PER_MONTH, source: p.source } : p;
  lines.push(
    line(
      `node root volumes: ${volumeIdle}-${volumeMax} GiB gp3`,
      perHour(gp3),
      volumeIdle,
      volumeMax,
    ),
  );

  const logsPerHour = (LOG_GB_PER_DAY * 365) / 12 / HOURS_PER_MONTH;
  lines.push(
    line(
      `control-plane logs: ${LOG_GB_PER_DAY} GB a day ingested (assumed)`,
      prices?.logIngestionGb,
      logsPerHour,
      logsPerHour,
    ),
  );

  const sum = (pick: (l: CostLine) => number | undefined) =>
    lines.reduce((total, l) => total + (pick(l) ?? 0), 0);
  const hourly = { idle: sum((l) => l.idle), max: sum((l) => l.max) };
  return {
    environment: env.name,
    region: env.region,
    lines,
    hourly,
    monthly: { idle: hourly.idle * HOURS_PER_MONTH, max: hourly.max * HOURS_PER_MONTH },
    unpriced: lines.filter((l) => l.unknown !== undefined).map((l) => l.item),
  };
}
