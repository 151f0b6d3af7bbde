/**
 * The synth output folder with the semantics of `cdktf synth`, for every way the app is run: the
 * previous run's deployable files are removed before anything is validated, so a failed synth
 * never leaves stacks that `cdktf deploy --skip-synth` or a plain `terraform apply` would act on.
 *
 * The folders of stacks no environment produces any more are the cdktf CLI's to remove: it lists
 * `cdktf.out/stacks/*` before it runs the app and deletes the ones the new manifest lacks after a
 * successful run (cdktf-cli 0.21.0, @cdktf/cli-core `SynthStack.synth`), and it fails with ENOENT
 * when the app already removed one. So the app prunes them itself only when no CLI runs it
 * (`npm run synth`); under the CLI a stale folder keeps no deployable file either way.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import DEPLOYABLE_OUTPUTS from "./deployable-outputs.json";
import { localStatePath } from "./backend";

/** The folder cdktf writes to unless CDKTF_OUTDIR says otherwise. */
export const DEFAULT_OUTDIR = "cdktf.out";

/**
 * What synth writes: the manifest, and per stack its Terraform JSON (HCL with `--hcl`), version
 * file and assets. A JSON file, because scripts/app.cjs removes the same files when the app cannot
 * even be built, before any TypeScript runs.
 */
const MANIFEST = DEPLOYABLE_OUTPUTS.manifest;
export const STACK_OUTPUTS: readonly string[] = DEPLOYABLE_OUTPUTS.perStack;

/**
 * Whether the cdktf CLI runs the app: it sets SYNTH_HCL_OUTPUT ("true" or "false") for every
 * command that synthesizes (synth, list, diff, deploy, destroy, output).
 */
export function runByCdktfCli(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SYNTH_HCL_OUTPUT !== undefined;
}

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

/** The stack folders left from earlier runs whose stacks were not synthesized this time. */
export function staleStacks(outdir: string, synthesized: readonly string[]): string[] {
  return stackDirs(outdir)
    .map((dir) => dir.slice(join(outdir, "stacks").length + 1))
    .filter((name) => !synthesized.includes(name));
}

/** Removes the folders of stacks that were not synthesized this time (a renamed or removed stack). */
export function pruneStaleStacks(outdir: string, synthesized: readonly string[]): string[] {
  const stale = staleStacks(outdir, synthesized);
  for (const name of stale) rmSync(join(outdir, "stacks", name), { recursive: true, force: true });
  return stale;
}

/** Where a stack that is no longer synthesized still keeps Terraform state. */
export interface StaleState {
  readonly stack: string;
  /** A local file (relative to the working directory) or an `s3://bucket/key` URL. */
  readonly location: string;
  /** Resources the local state records; unknown for S3, which synth does not read. */
  readonly resources?: number;
}

/** Resources a local state file records; a file Terraform cannot have written counts as state. */
function recordedResources(file: string): number {
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as { resources?: unknown[] };
    return Array.isArray(state.resources) ? state.resources.length : 1;
  } catch {
    return 1;
  }
}

/**
 * The backend `terraform init` recorded in a stack folder (`.terraform/terraform.tfstate`). That
 * file is Terraform's init bookkeeping, never state: it only says where the state lives.
 */
function initBackend(dir: string): { type: string; config: Record<string, unknown> } | undefined {
  const file = join(dir, ".terraform", "terraform.tfstate");
  if (!existsSync(file)) return undefined;
  try {
    const init = JSON.parse(readFileSync(file, "utf8")) as {
      backend?: { type?: string; config?: Record<string, unknown> };
    };
    return init.backend?.type
      ? { type: init.backend.type, config: init.backend.config ?? {} }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stacks that are no longer synthesized but still have Terraform state: a local state file
 * (`state/<stack>.tfstate`, {@link localStatePath}) that records resources, or an S3 key that
 * `terraform init` recorded for a stale stack folder. Call it before stale folders are removed.
 */
export function staleState(outdir: string, synthesized: readonly string[]): StaleState[] {
  const found = new Map<string, StaleState>();
  const shown = (path: string) => {
    const near = relative(process.cwd(), path);
    return near.startsWith("..") ? path : near;
  };
  // The stack folder is three levels below the project root, where `state/` lives.
  const stateDir = resolve(outdir, "stacks", "any", localStatePath("any"), "..");
  if (existsSync(stateDir)) {
    for (const file of readdirSync(stateDir)) {
      const match = /^(.+)\.tfstate$/.exec(file);
      if (!match || synthesized.includes(match[1])) continue;
      const resources = recordedResources(join(stateDir, file));
      if (resources > 0)
        found.set(match[1], { stack: match[1], location: shown(join(stateDir, file)), resources });
    }
  }
  for (const stack of staleStacks(outdir, synthesized)) {
    const backend = initBackend(join(outdir, "stacks", stack));
    const { bucket, key } = backend?.config ?? {};
    if (backend?.type === "s3" && typeof bucket === "string" && typeof key === "string")
      found.set(stack, { stack, location: `s3://${bucket}/${key}` });
  }
  return [...found.values()].sort((a, b) => a.stack.localeCompare(b.stack));
}

/** What to tell the user about state a stack left behind. */
export function staleStateWarning(stale: StaleState): string {
  const s3 = stale.resources === undefined;
  const what = s3
    ? `its backend keeps Terraform state at ${stale.location} (synth does not read S3; it may still record resources)`
    : `its Terraform state ${stale.location} still records ${stale.resources} resource${stale.resources === 1 ? "" : "s"}`;
  return (
    `stack ${stale.stack} is no longer synthesized but ${what}. To destroy those resources, bring the stack back ` +
    "(undo the change to config/environments.ts or to the environment variable), run " +
    `npx cdktf destroy ${stale.stack}, then make the change again; if the resources are managed elsewhere ` +
    `now, ${s3 ? "delete that object" : "delete the file"}`
  );
}
