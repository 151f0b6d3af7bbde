/**
 * List prices the cost estimate uses, pinned and dated. Each figure names where it was read; a
 * price that could not be established from a source read here is `unknown`, with the reason, and
 * is never filled in from memory. Prices are USD, Linux, on-demand, before tax, credits or discounts.
 * Re-check each against the AWS page it names before relying on it; update PRICES_CHECKED_ON then.
 */

/** The day the table was last checked. */
export const PRICES_CHECKED_ON = "2026-12-06";

/** Hours in a month, as AWS pricing pages count them (365 * 24 / 12). */
export const HOURS_PER_MONTH = 730;

export type Price =
  { readonly usd: number; readonly source: string } | { readonly unknown: string };

export interface RegionPrices {
  /** EKS control plane per cluster-hour, by support type. */
  readonly controlPlane: { readonly STANDARD: Price; readonly EXTENDED: Price };
  /** NAT gateway per gateway-hour (data processed is billed on top, per GB). */
  readonly natGatewayHour: Price;
  /** gp3 EBS storage per GB-month (node root volumes). */
  readonly gp3GbMonth: Price;
  /** CloudWatch Logs ingestion per GB, standard log class. */
  readonly logIngestionGb: Price;
  /** EC2 instances per hour: on-demand, and the effective rate of a Capacity Block. */
  readonly instances: Readonly<
    Record<string, { readonly onDemand: Price; readonly capacityBlock?: Price }>
  >;
}

const EKS_PRICING =
  'AWS Containers blog, "Amazon EKS extended support for Kubernetes versions pricing" (standard $0.10, extended $0.60 per cluster-hour from April 2024), matching the Amazon EKS pricing page as quoted in 2026';
const NAT_PRICING =
  "Amazon VPC pricing page (NAT gateway, US East N. Virginia: $0.045 per hour and per GB processed), as quoted by several 2026 cost guides; AWS page not read directly";
const LOGS_PRICING =
  "Amazon CloudWatch pricing page (Logs, standard class, US East: $0.50 per GB ingested), as quoted by 2026 cost guides (June 2026); AWS page not read directly";
const NOT_READ = (what: string) =>
  `no source for ${what} could be read when the table was checked; look it up on the page named and add it here`;
const CAPACITY_BLOCK = (instance: string) =>
  `Capacity Block rates for ${instance} are set per block at purchase (Amazon EC2 Capacity Blocks for ML pricing page); the block's price is fixed when it is bought`;

export const PRICES: Readonly<Record<string, RegionPrices>> = {
  "us-east-1": {
    controlPlane: {
      STANDARD: { usd: 0.1, source: EKS_PRICING },
      EXTENDED: { usd: 0.6, source: EKS_PRICING },
    },
    natGatewayHour: { usd: 0.045, source: NAT_PRICING },
    gp3GbMonth: { unknown: NOT_READ("gp3 storage (Amazon EBS pricing page)") },
    logIngestionGb: { usd: 0.5, source: LOGS_PRICING },
    instances: {
      "m7i.xlarge": {
        onDemand: {
          usd: 0.2016,
          source:
            "Amazon EC2 On-Demand pricing page, us-east-1 Linux, as quoted by a 2026 comparison of m5/m6i/m7i rates; AWS page not read directly",
        },
      },
      "g6.xlarge": {
        onDemand: { unknown: NOT_READ("g6.xlarge (Amazon EC2 On-Demand pricing page)") },
      },
      "g6.12xlarge": {
        onDemand: { unknown: NOT_READ("g6.12xlarge (Amazon EC2 On-Demand pricing page)") },
      },
      "p4d.24xlarge": {
        onDemand: {
          unknown: NOT_READ(
            "p4d.24xlarge after the 2025 P4/P5 price changes (Amazon EC2 On-Demand pricing page)",
          ),
        },
        capacityBlock: { unknown: CAPACITY_BLOCK("p4d.24xlarge") },
      },
      "p6e-gb200.36xlarge": {
        onDemand: { unknown: "sold only as UltraServer Capacity Blocks, not on demand" },
        capacityBlock: { unknown: CAPACITY_BLOCK("p6e-gb200.36xlarge") },
      },
    },
  },
};
