/**
 * The real cdktf CLI (devDependencies) through a sequence a user runs: synth with one more stack
 * (a state bucket), then `list` once that stack is gone, then a synth that fails. The CLI lists the
 * previous stack folders before it runs the app and removes the stale ones afterwards, so an app
 * that removed one itself made every command after a shrink fail with ENOENT. One sequence, run
 * once: each CLI run takes seconds.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../config/environments";
import { envVariable } from "../lib/naming";
import { stateBucketStackName } from "../lib/state/buckets";

const root = join(__dirname, "..");
const cdktf = join(root, "node_modules", ".bin", "cdktf");
const first = loadEnvironments({})[0].name;
const stateStack = stateBucketStackName(first);
const work = mkdtempSync(join(tmpdir(), "cdktf-cli-"));
const outdir = join(work, "cdktf.out");

interface Run {
  readonly status: number | null;
  readonly lines: readonly string[];
}

function cli(args: readonly string[], variables: Record<string, string> = {}): Run {
  const result = spawnSync(cdktf, [...args, "--output", outdir], {
    cwd: root,
    encoding: "utf8",
    // Only what the CLI needs: no variable of the developer's shell may change the stacks.
    env: { PATH: process.env.PATH, HOME: work, CHECKPOINT_DISABLE: "1", CI: "1", ...variables },
  });
  // eslint-disable-next-line no-control-regex
  const text = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
  return {
    status: result.status,
    lines: text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  };
}

const manifestStacks = () =>
  Object.keys(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks);

/** Warnings as the user sees them: the CLI's "WARN [stack]: ..." and the app's "Warning: ...". */
const warningsIn = (run: Run) =>
  run.lines.flatMap((line) => /(?:^WARN \[[^\]]+\]: |^Warning: )(.*)/.exec(line)?.[1] ?? []);

let grown: Run;
let stacksWhenGrown: string[];
let shrunk: Run;
let stacksWhenShrunk: string[];
let failed: Run;

beforeAll(() => {
  grown = cli(["synth"], { [envVariable(first, "STATE_BUCKET")]: "eks-gpu-dra-test-state" });
  stacksWhenGrown = manifestStacks();
  // What deploying the state stack on local state leaves: its state file beside cdktf.out and
  // Terraform's init record in its folder.
  mkdirSync(join(work, "state"));
  writeFileSync(
    join(work, "state", `${stateStack}.tfstate`),
    JSON.stringify({ version: 4, resources: [{ type: "aws_s3_bucket", name: "state" }] }),
  );
  mkdirSync(join(outdir, "stacks", stateStack, ".terraform"));
  writeFileSync(
    join(outdir, "stacks", stateStack, ".terraform", "terraform.tfstate"),
    JSON.stringify({ version: 3, backend: { type: "local", config: {} } }),
  );
  shrunk = cli(["list"]);
  stacksWhenShrunk = readdirSync(join(outdir, "stacks"));
  failed = cli(["synth"], { [envVariable(first, "PUBLIC_ACCESS_CIDRS")]: "not-a-cidr" });
}, 240_000);

describe("the cdktf CLI across a changing set of stacks", () => {
  test("synth writes the extra stack a state bucket adds", () => {
    expect(grown.status).toBe(0);
    expect(stacksWhenGrown).toContain(stateStack);
  });

  test("a command after the set shrank succeeds and the stale stack's folder is gone", () => {
    expect(shrunk.status).toBe(0);
    expect(stacksWhenShrunk).not.toContain(stateStack);
    expect(stacksWhenShrunk.sort()).toEqual(stacksWhenGrown.filter((s) => s !== stateStack).sort());
  });

  test("the state the removed stack left behind is reported once, as a warning", () => {
    const stale = warningsIn(shrunk).filter((w) => w.startsWith(`stack ${stateStack} `));
    expect(stale).toEqual([
      expect.stringContaining(
        `${join(work, "state", `${stateStack}.tfstate`)} still records 1 resource`,
      ),
    ]);
  });

  test("every warning is printed once and none as an error", () => {
    const warnings = warningsIn(shrunk);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.filter((w, i) => warnings.indexOf(w) !== i)).toEqual([]);
    expect(shrunk.lines.filter((line) => line.includes("ERROR"))).toEqual([]);
  });

  test("the run closes with what it wrote per environment and how many warnings it printed", () => {
    const summary = shrunk.lines.find((line) => line.startsWith("Synthesized "));
    expect(summary).toMatch(
      new RegExp(`^Synthesized ${stacksWhenShrunk.length} stacks into .*: ${first} \\(`),
    );
    expect(summary).toMatch(new RegExp(` ${warningsIn(shrunk).length} warnings\\.$`));
  });

  test("a failed synth names the variable and leaves nothing deployable", () => {
    expect(failed.status).toBe(1);
    expect(failed.lines.join("\n")).toContain(envVariable(first, "PUBLIC_ACCESS_CIDRS"));
    expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
    const written = readdirSync(join(outdir, "stacks")).filter((stack) =>
      ["cdk.tf.json", "cdk.tf"].some((file) => existsSync(join(outdir, "stacks", stack, file))),
    );
    expect(written).toEqual([]);
  });
});
