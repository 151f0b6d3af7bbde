/**
 * The synth output folder with the semantics of `cdktf synth`, for every way the app is run: the
 * previous run's deployable files are removed before anything is validated, so a failed synth
 * never leaves stacks that `cdktf deploy --skip-synth` or a plain `terraform apply` would act on,
 * and stacks no environment produces any more are pruned once synth has succeeded, as the cdktf CLI
 * does after its own runs.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { TERRAFORM_VERSION_FILE } from "../lib/terraform";

/** The folder cdktf writes to unless CDKTF_OUTDIR says otherwise. */
export const DEFAULT_OUTDIR = "cdktf.out";

/** What synth writes: the manifest, and per stack its Terraform JSON (HCL with `--hcl`), version file and assets. */
const MANIFEST = "manifest.json";
const STACK_OUTPUTS = ["cdk.tf.json", "cdk.tf", TERRAFORM_VERSION_FILE, "assets"];

function stackDirs(outdir: string): string[] {
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks)
    .map((name) => join(stacks, name))
    .filter((path) => statSync(path).isDirectory());
}

/** Removes the previous run's manifest and stack files; keeps everything else (providers, plans). */
export function clearDeployableOutput(outdir: string): void {
  rmSync(join(outdir, MANIFEST), { force: true });
  for (const dir of stackDirs(outdir))
    for (const output of STACK_OUTPUTS) rmSync(join(dir, output), { recursive: true, force: true });
}

function holdsState(dir: string): boolean {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).some((file) =>
    /\.tfstate(\.|$)/.test(file),
  );
}

/**
 * Removes the folders of stacks that were not synthesized this time (a renamed or removed
 * environment). A folder that holds Terraform state is kept and reported instead: deleting it
 * would lose track of real resources.
 */
export function pruneStaleStacks(outdir: string, synthesized: readonly string[]): string[] {
  const kept: string[] = [];
  for (const dir of stackDirs(outdir)) {
    const name = dir.slice(join(outdir, "stacks").length + 1);
    if (synthesized.includes(name)) continue;
    if (holdsState(dir)) kept.push(name);
    else rmSync(dir, { recursive: true, force: true });
  }
  return kept;
}
