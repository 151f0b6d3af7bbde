/** The cost estimates as Markdown, for docs/cost.md (npm run docs) and `npm run cost`. */
import type { CostEstimate } from "./estimate";
import { LOG_GB_PER_DAY, SPOT_ASSUMPTION } from "./estimate";
import { HOURS_PER_MONTH, PRICES_CHECKED_ON } from "./prices";

const usd = (n: number) => `$${n.toFixed(2)}`;
/** A total that leaves unknown prices out is a lower bound: say so. */
const total = (n: number, estimate: CostEstimate) =>
  estimate.unpriced.length > 0 ? `≥ ${usd(n)}` : usd(n);

export function costTable(estimates: readonly CostEstimate[]): string {
  return [
    "| environment | region | idle $/h | max $/h | idle $/month | max $/month | not priced |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...estimates.map((e) =>
      [
        e.environment,
        e.region,
        total(e.hourly.idle, e),
        total(e.hourly.max, e),
        total(e.monthly.idle, e),
        total(e.monthly.max, e),
        e.unpriced.join("; ") || "-",
      ]
        .join(" | ")
        .replace(/^/, "| ")
        .concat(" |"),
    ),
    "",
    `Prices checked on ${PRICES_CHECKED_ON} (lib/cost/prices.ts names each source); a month is ${HOURS_PER_MONTH} hours; ` +
      `control-plane logs at ${LOG_GB_PER_DAY} GB a day; ${SPOT_ASSUMPTION}. "≥" marks a total that leaves the unpriced items out.`,
  ].join("\n");
}

export function costDetails(estimate: CostEstimate): string {
  return [
    `${estimate.environment} (${estimate.region})`,
    ...estimate.lines.map((l) =>
      l.unknown !== undefined
        ? `  ${l.item}: unknown (${l.unknown})`
        : `  ${l.item}: ${usd(l.idle ?? 0)}/h idle, ${usd(l.max ?? 0)}/h at most`,
    ),
  ].join("\n");
}
