/**
 * npm run cost: what each configured environment costs per hour and per month at its minimum (idle)
 * and maximum size, with the environment variables of this shell applied (Capacity Blocks, state
 * bucket), then each environment's lines. Prices and their sources: lib/cost/prices.ts.
 */
import { loadEnvironments } from "../config/environments";
import { ConfigError } from "../lib/errors";
import { estimateCost } from "../lib/cost/estimate";
import { costDetails, costTable } from "../lib/cost/table";
import { resolveEnvironments } from "../lib/resolve-environments";

try {
  const estimates = resolveEnvironments(loadEnvironments()).map(estimateCost);
  console.log(costTable(estimates));
  for (const estimate of estimates) console.log(`\n${costDetails(estimate)}`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
