import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeToOutdir } from "../stacks/blueprint";
import { clearDeployableOutput, pruneStaleStacks } from "../stacks/synth-output";
import { testEnvironment } from "./helpers";

/** An output folder as a previous synth (and a `cdktf deploy` with local state) left it. */
function previousOutput(stacks: readonly string[], withState: readonly string[] = []): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "synth-output-")), "cdktf.out");
  for (const stack of stacks) {
    const dir = join(outdir, "stacks", stack);
    mkdirSync(join(dir, ".terraform"), { recursive: true });
    writeFileSync(join(dir, "cdk.tf.json"), "{}");
    if (withState.includes(stack)) {
      mkdirSync(join(dir, "state"));
      writeFileSync(join(dir, "state", `${stack}.tfstate`), "{}");
    }
  }
  writeFileSync(join(outdir, "manifest.json"), "{}");
  return outdir;
}

describe("synth output", () => {
  test("clearing keeps what is not synth output, such as providers Terraform downloaded", () => {
    const outdir = previousOutput(["test-cluster"]);
    clearDeployableOutput(outdir);
    expect(readdirSync(join(outdir, "stacks", "test-cluster"))).toEqual([".terraform"]);
  });

  test("stacks of a removed environment are pruned after a successful synth", () => {
    const outdir = previousOutput(["old-cluster", "test-cluster"]);
    expect(synthesizeToOutdir([testEnvironment()], outdir).keptStale).toEqual([]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["test-cluster", "test-platform"]);
  });

  test("a stale stack folder that holds Terraform state is kept and reported", () => {
    const outdir = previousOutput(["old-cluster"], ["old-cluster"]);
    expect(pruneStaleStacks(outdir, ["test-cluster"])).toEqual(["old-cluster"]);
    expect(existsSync(join(outdir, "stacks", "old-cluster", "state", "old-cluster.tfstate"))).toBe(
      true,
    );
  });
});
