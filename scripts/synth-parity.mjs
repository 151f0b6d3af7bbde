// Proves that `npm run synth` (the bundled app, run directly) and `npx cdktf synth` (the same app
// under the cdktf CLI) write byte-identical stacks, so `cdktf deploy --skip-synth` after either
// applies the same Terraform. Run by .ci/run; exits 1 with the differing files otherwise.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, CHECKPOINT_DISABLE: "1" };

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...env, ...extraEnv },
  });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
    process.exit(1);
  }
}

function files(dir) {
  const out = {};
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return out;
}

const viaNpm = mkdtempSync(join(tmpdir(), "synth-npm-"));
const viaCli = mkdtempSync(join(tmpdir(), "synth-cli-"));
run("npm", ["run", "--silent", "synth"], { CDKTF_OUTDIR: viaNpm });
run("npx", ["cdktf", "synth", "--output", viaCli]);
const a = files(viaNpm);
const b = files(viaCli);
const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
const differ = names.filter((name) => a[name] !== b[name]);
if (differ.length > 0) {
  console.error(`npm run synth and npx cdktf synth differ in: ${differ.join(", ")}`);
  process.exit(1);
}
console.log(`npm run synth and npx cdktf synth wrote the same ${names.length} files`);
