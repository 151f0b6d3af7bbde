/**
 * Copies a chart's default values at the given key paths into
 * test/fixtures/charts/<chart>-<version>.defaults.json, so a test can hold the scheduling defaults
 * the placement proof assumes (lib/nvidia/placement.ts) against the pinned chart:
 *
 *   npx tsx scripts/chart-defaults.ts <chart> <version> <values.yaml> <key.path>... [--source=<text>]
 *
 * `--source` records where the values came from when they are not the released chart's own
 * (see scripts/chart-keys.ts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseYamlStrict } from "../lib/yaml";

const args = process.argv.slice(2);
const source = args.find((a) => a.startsWith("--source="))?.slice("--source=".length);
const [chart, version, valuesFile, ...paths] = args.filter((a) => !a.startsWith("--source="));
if (!chart || !version || !valuesFile || paths.length === 0) {
  console.error(
    "usage: npx tsx scripts/chart-defaults.ts <chart> <version> <values.yaml> <key.path>... [--source=<text>]",
  );
  process.exit(2);
}
const [values] = parseYamlStrict(readFileSync(valuesFile, "utf8"));
const at = (path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], values);
const defaults = Object.fromEntries(paths.map((path) => [path, at(path) ?? null]));
const out = join(
  __dirname,
  "..",
  "test",
  "fixtures",
  "charts",
  `${chart}-${version}.defaults.json`,
);
writeFileSync(
  out,
  `${JSON.stringify({ chart, version, ...(source ? { source } : {}), defaults }, null, 2)}\n`,
);
console.log(`wrote ${paths.length} default values to ${out}`);
