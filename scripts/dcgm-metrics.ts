/**
 * Derives the metrics the GPU Operator's dcgm-exporter collects by default, with their Prometheus
 * type and unit, from dcgm-exporter's metrics CSV, and writes
 * test/fixtures/dcgm-exporter/<file>-<tag>.json. GPU Operator v26.7.0 points dcgm-exporter at
 * `/etc/dcgm-exporter/dcp-metrics-included.csv` (NVIDIA/gpu-operator internal/state/dcgm_exporter.go,
 * assets/state-dcgm-exporter/0800_daemonset.yaml), the image's copy of `etc/dcp-metrics-included.csv`
 * in NVIDIA/dcgm-exporter. Only names, types and the unit named in each description are kept.
 *
 *   git show <tag>:etc/dcp-metrics-included.csv > /tmp/metrics.csv
 *   npx tsx scripts/dcgm-metrics.ts <tag> /tmp/metrics.csv
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const [tag, csvFile] = process.argv.slice(2);
if (!tag || !csvFile) {
  console.error("usage: npx tsx scripts/dcgm-metrics.ts <dcgm-exporter tag> <metrics.csv>");
  process.exit(2);
}

/** The unit a description names: "(in MiB)", "(in %)"; PROF ratios are fractions of 1. */
function unit(description: string): string {
  const named = /\(in ([^)]+)\)/.exec(description)?.[1];
  if (named) return named;
  if (/^Ratio of/i.test(description)) return "ratio";
  // The value is an error code, not a count (the XID gauge keeps the last code seen).
  if (/^Value of the last/i.test(description)) return "code";
  if (/bytes per second/i.test(description)) return "B/s";
  return "";
}

const metrics = readFileSync(csvFile, "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line.length > 0 && !line.startsWith("#"))
  .map((line) => {
    const [name, type, ...rest] = line.split(",").map((field) => field.trim());
    return { name, type, unit: unit(rest.join(",")) };
  });
const file = basename(csvFile, ".csv");
const out = join(__dirname, "..", "test", "fixtures", "dcgm-exporter", `${file}-${tag}.json`);
const source = `NVIDIA/dcgm-exporter ${tag} etc/${file}.csv (derived by scripts/dcgm-metrics.ts)`;
writeFileSync(out, `${JSON.stringify({ source, metrics }, null, 2)}\n`);
console.log(`wrote ${metrics.length} metrics to ${out}`);
