// npm run bench: synth of every environment by the blueprint (deep imports, tsx) against a baseline
// of the same app run the common cdktf way (provider packages imported from their root, ts-node
// with type checking), then the test suite. Prints wall time and peak memory; medians of RUNS runs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const peak = join(root, "scripts", "bench", "report-peak-memory.cjs");
const rootImports = join(root, "scripts", "bench", "root-imports.cjs");

function measure(label, args, env = {}) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const outdir = mkdtempSync(join(tmpdir(), "bench-synth-"));
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", ...env },
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rmSync(outdir, { recursive: true, force: true });
    if (run.status !== 0) throw new Error(`${label} failed:\n${run.stderr}`);
    const rss = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(run.stderr)?.[1] ?? NaN) / 1024;
    samples.push({ seconds, rss });
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    label,
    seconds: median(samples.map((s) => s.seconds)),
    rssMb: median(samples.map((s) => s.rss)),
  };
}

function time(label, command, args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  if (run.status !== 0) throw new Error(`${label} failed:\n${run.stdout}\n${run.stderr}`);
  return { label, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

const blueprint = measure("blueprint: node --import tsx main.ts", [
  "--require",
  peak,
  "--import",
  "tsx",
  "main.ts",
]);
const baseline = measure(
  "baseline: root imports + ts-node (type-checking)",
  ["--require", peak, "--require", rootImports, "--require", "ts-node/register", "main.ts"],
  { TS_NODE_TRANSPILE_ONLY: "false" },
);
const jest = time("jest (all tests)", process.execPath, [
  join(root, "node_modules", "jest", "bin", "jest.js"),
  "--ci",
  "--silent",
]);
const npmTest = time("npm test (tsc + eslint + prettier + jest)", "npm", ["test", "--silent"]);

const row = (cells) => `| ${cells.join(" | ")} |`;
console.log(
  `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; median of ${RUNS} runs\n`,
);
console.log(row(["synth of every environment", "wall time (s)", "peak memory (MB)"]));
console.log(row(["---", "---", "---"]));
for (const r of [blueprint, baseline])
  console.log(row([r.label, r.seconds.toFixed(2), r.rssMb.toFixed(0)]));
console.log(
  row([
    "ratio baseline / blueprint",
    `${(baseline.seconds / blueprint.seconds).toFixed(1)}x`,
    `${(baseline.rssMb / blueprint.rssMb).toFixed(1)}x`,
  ]),
);
console.log("");
console.log(row(["tests", "wall time (s)"]));
console.log(row(["---", "---"]));
for (const r of [jest, npmTest]) console.log(row([r.label, r.seconds.toFixed(2)]));
