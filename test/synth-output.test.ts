import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeToOutdir } from "../stacks/blueprint";
import {
  clearDeployableOutput,
  runByCdktfCli,
  staleState,
  staleStateWarning,
} from "../stacks/synth-output";
import { testEnvironment } from "./helpers";

/** An output folder as a previous synth (and a `terraform init` in each stack) left it. */
function previousOutput(stacks: readonly string[]): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "synth-output-")), "cdktf.out");
  mkdirSync(join(outdir, "stacks"), { recursive: true });
  for (const stack of stacks) {
    const dir = join(outdir, "stacks", stack);
    mkdirSync(join(dir, ".terraform"), { recursive: true });
    writeFileSync(join(dir, "cdk.tf.json"), "{}");
  }
  writeFileSync(join(outdir, "manifest.json"), "{}");
  return outdir;
}

/** `terraform init`'s record of a stack's backend: bookkeeping, not state. */
function initRecord(outdir: string, stack: string, type: string, config: object): void {
  const file = join(outdir, "stacks", stack, ".terraform", "terraform.tfstate");
  writeFileSync(file, JSON.stringify({ version: 3, backend: { type, config } }));
}

/** A local state file where stacks/backend.ts puts it: `state/` beside the output folder. */
function localState(outdir: string, stack: string, resources: number): string {
  const dir = join(outdir, "..", "state");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${stack}.tfstate`);
  const recorded = Array.from({ length: resources }, (_, i) => ({
    type: "aws_vpc",
    name: `v${i}`,
  }));
  writeFileSync(file, JSON.stringify({ version: 4, resources: recorded }));
  return file;
}

describe("synth output", () => {
  test("clearing keeps what is not synth output, such as providers Terraform downloaded", () => {
    const outdir = previousOutput(["test-cluster"]);
    clearDeployableOutput(outdir);
    expect(readdirSync(join(outdir, "stacks", "test-cluster"))).toEqual([".terraform"]);
  });

  test("run directly, synth prunes the folders of stacks no environment produces any more", () => {
    const outdir = previousOutput(["old-cluster", "test-cluster"]);
    synthesizeToOutdir([testEnvironment()], outdir);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["test-cluster", "test-platform"]);
  });

  test("under the cdktf CLI, stale folders are left for the CLI to remove, emptied of deployable files", () => {
    const outdir = previousOutput(["old-cluster"]);
    synthesizeToOutdir([testEnvironment()], outdir, undefined, { pruneStale: false });
    expect(readdirSync(join(outdir, "stacks", "old-cluster"))).toEqual([".terraform"]);
  });

  test("the app knows the cdktf CLI runs it from the variable the CLI sets for every synth", () => {
    expect([runByCdktfCli({ SYNTH_HCL_OUTPUT: "false" }), runByCdktfCli({})]).toEqual([
      true,
      false,
    ]);
  });
});

describe("state a removed stack left behind", () => {
  test("a local state file that records resources is reported with its path and count", () => {
    const outdir = previousOutput([]);
    const file = localState(outdir, "old-cluster", 3);
    expect(staleState(outdir, ["test-cluster"])).toEqual([
      { stack: "old-cluster", location: file, resources: 3 },
    ]);
  });

  test("a local state file whose resources were destroyed is not reported", () => {
    const outdir = previousOutput([]);
    localState(outdir, "old-cluster", 0);
    expect(staleState(outdir, ["test-cluster"])).toEqual([]);
  });

  test("the state of a stack that is still synthesized is not reported", () => {
    const outdir = previousOutput([]);
    localState(outdir, "test-cluster", 3);
    expect(staleState(outdir, ["test-cluster"])).toEqual([]);
  });

  test("Terraform's init files in a stale folder are not state", () => {
    const outdir = previousOutput(["old-cluster"]);
    initRecord(outdir, "old-cluster", "local", { path: "../../../state/old-cluster.tfstate" });
    writeFileSync(join(outdir, "stacks", "old-cluster", ".terraform.lock.hcl"), "");
    expect(staleState(outdir, ["test-cluster"])).toEqual([]);
  });

  test("an S3 key that terraform init recorded for a stale stack is reported", () => {
    const outdir = previousOutput(["old-cluster"]);
    initRecord(outdir, "old-cluster", "s3", { bucket: "my-state", key: "eks/old-cluster.tfstate" });
    expect(staleState(outdir, ["test-cluster"])).toEqual([
      { stack: "old-cluster", location: "s3://my-state/eks/old-cluster.tfstate" },
    ]);
  });

  test("the warning names the stack, where its state is and what to do", () => {
    expect(
      staleStateWarning({
        stack: "dev-examples",
        location: "state/dev-examples.tfstate",
        resources: 12,
      }),
    ).toBe(
      "stack dev-examples is no longer synthesized but its Terraform state state/dev-examples.tfstate still records 12 resources. To destroy those resources, bring the stack back (undo the change to config/environments.ts or to the environment variable), run npx cdktf destroy dev-examples, then make the change again; if the resources are managed elsewhere now, delete the file",
    );
  });

  test("synth returns the warning and still prunes the folder", () => {
    const outdir = previousOutput(["old-cluster"]);
    initRecord(outdir, "old-cluster", "s3", { bucket: "my-state", key: "old-cluster.tfstate" });
    const result = synthesizeToOutdir([testEnvironment()], outdir);
    expect(result.staleState).toEqual([
      staleStateWarning({ stack: "old-cluster", location: "s3://my-state/old-cluster.tfstate" }),
    ]);
    expect(existsSync(join(outdir, "stacks", "old-cluster"))).toBe(false);
  });
});
