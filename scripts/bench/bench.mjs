// npm run bench: how long synth takes and how much memory it needs, each command measured side by
// side with the floor in one run (A B A B ...), so a ratio holds while the machine's speed drifts.
//
// The floor is the same app, bundled the same way and run with plain node, that also loads the
// three provider packages from their package roots, as most cdktf apps import them
// (`import { EksCluster } from "@cdktf/provider-aws"`). Wall time is the whole command; peak memory
// is the largest single Node.js process of the command (npm, the cdktf CLI and the app each are one).
// Medians of BENCH_RUNS pairs (default 5) after one warm-up pair.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const here = join(root, "scripts", "bench");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const scratch = mkdtempSync(join(tmpdir(), "bench-"));

function runOnce(argv, env = {}) {
  const outdir = mkdtempSync(join(scratch, "out-"));
  const rssFile = join(scratch, `rss-${Date.now()}-${Math.random()}`);
  writeFileSync(rssFile, "");
  const start = process.hrtime.bigint();
  const run = spawnSync(argv[0], argv.slice(1), {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      CDKTF_OUTDIR: outdir,
      BENCH_RSS_FILE: rssFile,
      // The cdktf CLI adds this setting when NODE_OPTIONS is unset; keep it so the CLI runs as usual.
      NODE_OPTIONS: `--max-old-space-size=4096 --require ${join(here, "report-peak-memory.cjs")}`,
      ...env,
    },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rmSync(outdir, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`${argv.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
  const peaks = readFileSync(rssFile, "utf8").trim().split("\n").map(Number);
  return { seconds, mb: Math.max(...peaks) / 1024, stdout: run.stdout };
}

/** Progress on stderr, so the tables on stdout stay clean: a full bench takes minutes. */
const progress = (message) => process.stderr.write(`bench: ${message}\n`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs A and B in turn; medians of each and of the pairwise ratios B/A. */
function pair(a, b) {
  progress(`${a.label}: warm-up`);
  runOnce(a.argv, a.env);
  runOnce(b.argv, b.env);
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    progress(`${a.label}: pair ${i + 1} of ${RUNS}`);
    samples.push([runOnce(a.argv, a.env), runOnce(b.argv, b.env)]);
  }
  return {
    a: { seconds: median(samples.map(([x]) => x.seconds)), mb: median(samples.map(([x]) => x.mb)) },
    b: {
      seconds: median(samples.map(([, y]) => y.seconds)),
      mb: median(samples.map(([, y]) => y.mb)),
    },
    time: median(samples.map(([x, y]) => y.seconds / x.seconds)),
    memory: median(samples.map(([x, y]) => y.mb / x.mb)),
  };
}

// The bundle the app runs (scripts/app.cjs rebuilds it when stale), and the scaled variant.
progress(
  `building the app; then three synth commands of ${RUNS} pairs each, the growth runs and npm test (minutes)`,
);
runOnce(["node", "scripts/app.cjs"]);
const scaled = join(scratch, "scaled-app.js");
buildSync({
  absWorkingDir: root,
  entryPoints: ["scripts/bench/scaled-app.ts"],
  outfile: scaled,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
});

const floor = {
  label: "floor: same app, provider roots loaded, plain node",
  argv: ["node", "--require", join(here, "root-imports.cjs"), "dist/main.js"],
};
const commands = [
  { label: "deploy app (`node scripts/app.cjs`)", argv: ["node", "scripts/app.cjs"] },
  { label: "`npm run synth`", argv: ["npm", "run", "--silent", "synth"] },
  { label: "`npx cdktf synth`", argv: ["npx", "cdktf", "synth"] },
];

const row = (cells) => `| ${cells.join(" | ")} |`;
console.log(
  `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
    `median of ${RUNS} pairs, each command run in turn with the floor\n`,
);
console.log(
  row([
    "synth of every environment",
    "wall (s)",
    "floor (s)",
    "faster",
    "peak (MB)",
    "floor (MB)",
    "leaner",
  ]),
);
console.log(row(["---", "---", "---", "---", "---", "---", "---"]));
for (const command of commands) {
  const r = pair(command, floor);
  console.log(
    row([
      command.label,
      r.a.seconds.toFixed(2),
      r.b.seconds.toFixed(2),
      `${r.time.toFixed(1)}x`,
      r.a.mb.toFixed(0),
      r.b.mb.toFixed(0),
      `${r.memory.toFixed(1)}x`,
    ]),
  );
}

console.log("");
console.log(row(["environments (the shipped set repeated)", "wall (s)", "peak (MB)"]));
console.log(row(["---", "---", "---"]));
const growth = [1, 4, 16].map((copies) => {
  const samples = Array.from({ length: RUNS }, (_, i) => {
    progress(`the shipped environments ${copies} times: run ${i + 1} of ${RUNS}`);
    return runOnce(["node", scaled], { BENCH_COPIES: String(copies) });
  });
  const environments = Number(/environments=(\d+)/.exec(samples[0].stdout)?.[1]);
  const r = {
    environments,
    seconds: median(samples.map((s) => s.seconds)),
    mb: median(samples.map((s) => s.mb)),
  };
  console.log(row([String(environments), r.seconds.toFixed(2), r.mb.toFixed(0)]));
  return r;
});
const [first, , last] = growth;
const added = last.environments - first.environments;
console.log(
  `\nper added environment: ${((last.seconds - first.seconds) / added).toFixed(3)} s, ` +
    `${((last.mb - first.mb) / added).toFixed(1)} MB`,
);

console.log("");
console.log(row(["tests", "wall (s)"]));
console.log(row(["---", "---"]));
// Only wall time counts here: the tests run as a user runs them, without the memory reporter
// preloaded into every jest worker.
const timed = (argv) => {
  const runs = Math.min(RUNS, 3);
  const samples = Array.from({ length: runs }, (_, i) => {
    progress(`${argv.join(" ")}: run ${i + 1} of ${runs}`);
    return runOnce(argv, { NODE_OPTIONS: "" }).seconds;
  });
  return median(samples);
};
console.log(
  row(["`npm test` (tsc, eslint, prettier, jest)", timed(["npm", "test", "--silent"]).toFixed(2)]),
);
rmSync(scratch, { recursive: true, force: true });
progress("done");
