/**
 * Copies a chart's default values at the given key paths into
 * test/fixtures/charts/<chart>-<version>.defaults.json, so a test can hold the scheduling defaults
 * the placement proof assumes (lib/nvidia/placement.ts) against the pinned chart:
 *
 *   npx tsx scripts/chart-defaults.ts <chart> <version> <values.yaml> <key.path>... [--source=<text>]
 *
 * `--source` records where the values came from when they are not the released chart's own
 * (see scripts/chart-keys.ts).
 *
 * A key path ending in `|yaml` names a value that holds a YAML document (such as Kueue's
 * `managerConfig.controllerManagerConfigYaml`): its leaves are kept, `dotted.path: value`, not its
 * text. The Kueue fixture: `npx tsx scripts/chart-defaults.ts kueue 0.19.2
 * <kueue v0.19.2>/charts/kueue/values.yaml 'managerConfig.controllerManagerConfigYaml|yaml'`.
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
/** Leaf paths and values of a parsed YAML document. */
function leaves(value: unknown, path = ""): [string, unknown][] {
  if (value === null || typeof value !== "object") return [[path, value]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}
const valueAt = (path: string): unknown => {
  if (!path.endsWith("|yaml")) return at(path) ?? null;
  const [document] = parseYamlStrict(String(at(path.slice(0, -"|yaml".length))));
  return Object.fromEntries(leaves(document));
};
const defaults = Object.fromEntries(paths.map((path) => [path, valueAt(path)]));
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
