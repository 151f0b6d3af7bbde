/**
 * Regenerates a chart key index used by the tests (test/fixtures/charts/<chart>-<version>.keys.json)
 * from the chart's values.yaml. Run it when a chart pin changes:
 *
 *   helm show values <chart> --version <v> > /tmp/values.yaml   (or take values.yaml from the chart)
 *   npx tsx scripts/chart-keys.ts <chart> <version> /tmp/values.yaml [Chart.yaml]
 *
 * With the chart's Chart.yaml, the paths its dependency conditions read (`nfd.enabled`) count as
 * keys too: Helm reads them although values.yaml may not list them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { indexChartValues } from "../lib/helm/chart-keys";
import { parseYamlStrict } from "../lib/yaml";

const [chart, version, valuesFile, chartFile] = process.argv.slice(2);
if (!chart || !version || !valuesFile) {
  console.error(
    "usage: npx tsx scripts/chart-keys.ts <chart> <version> <values.yaml> [Chart.yaml]",
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
writeFileSync(out, `${JSON.stringify(index, null, 2)}\n`);
console.log(`wrote ${index.keys.length} key paths to ${out}`);
