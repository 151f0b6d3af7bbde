/**
 * Regenerates a chart key index used by the tests (test/fixtures/charts/<chart>-<version>.keys.json)
 * from the chart's values.yaml. Run it when a chart pin changes:
 *
 *   helm show values <chart> --version <v> > /tmp/values.yaml   (or take values.yaml from the chart)
 *   npx tsx scripts/chart-keys.ts <chart> <version> /tmp/values.yaml [Chart.yaml] [--source=<text>]
 *
 * `--source` records where the values came from when they are not the released chart's own, e.g.
 * the commit that became the release (the DRA driver 0.5.0 from its main branch of 2026-08-07):
 *
 *   npx tsx scripts/chart-keys.ts dra-driver-nvidia-gpu 0.5.0 <dra-driver-nvidia-gpu main>/values.yaml \
 *     <...>/Chart.yaml --source="kubernetes-sigs/dra-driver-nvidia-gpu main 95932046 (2026-08-07, 0.5.0-dev)"
 *
 * With the chart's Chart.yaml, the paths its dependency conditions read (`nfd.enabled`) count as
 * keys too: Helm reads them although values.yaml may not list them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { indexChartValues } from "../lib/helm/chart-keys";
import { parseYamlStrict } from "../lib/yaml";

const args = process.argv.slice(2);
const source = args.find((a) => a.startsWith("--source="))?.slice("--source=".length);
const [chart, version, valuesFile, chartFile] = args.filter((a) => !a.startsWith("--source="));
if (!chart || !version || !valuesFile) {
  console.error(
    "usage: npx tsx scripts/chart-keys.ts <chart> <version> <values.yaml> [Chart.yaml] [--source=<text>]",
  );
  process.exit(2);
}
const [values] = parseYamlStrict(readFileSync(valuesFile, "utf8"));
const [chartYaml] = chartFile
  ? (parseYamlStrict(readFileSync(chartFile, "utf8")) as {
      dependencies?: { condition?: string }[];
    }[])
  : [{}];
const conditions = (chartYaml.dependencies ?? []).flatMap((d) =>
  (d.condition ?? "").split(",").filter((c) => c.length > 0),
);
const index = indexChartValues(chart, version, values, conditions);
const out = join(__dirname, "..", "test", "fixtures", "charts", `${chart}-${version}.keys.json`);
writeFileSync(out, `${JSON.stringify(source ? { ...index, source } : index, null, 2)}\n`);
console.log(`wrote ${index.keys.length} key paths to ${out}`);
