import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { ResolvedEnvironment } from "../lib/environment";
import { TERRAFORM_REQUIRED_VERSION } from "../lib/terraform";

/**
 * Where a stack keeps its state without a bucket: `state/<stack>.tfstate` at the project root,
 * outside cdktf.out (which `rm -rf cdktf.out` or the CLI pruning a renamed stack deletes).
 * Terraform resolves the path from the stack's working directory, `cdktf.out/stacks/<stack>`
 * (cdktf lib/manifest.ts, `workingDirectory`), hence the three levels up; a relative path keeps
 * machine paths out of the synthesized JSON.
 */
export function localStatePath(stackName: string): string {
  return `../../../state/${stackName}.tfstate`;
}

/** Pins the Terraform release every stack needs (lib/terraform.ts). */
export function pinTerraformVersion(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
}

/**
 * Pins the Terraform release the stack needs, and keeps each stack's state apart: `<keyPrefix>/<stack>.tfstate` in S3 with encryption and S3
 * native locking (Terraform >= 1.11, where `use_lockfile` is generally available), or
 * {@link localStatePath} when no bucket is set.
 */
export function configureBackend(
  stack: TerraformStack,
  stackName: string,
  env: ResolvedEnvironment,
): void {
  pinTerraformVersion(stack);
  const state = env.stateBackend;
  if (!state) {
    new LocalBackend(stack, { path: localStatePath(stackName) });
    return;
  }
  const backend = new S3Backend(stack, {
    bucket: state.bucket,
    key: `${state.keyPrefix}/${stackName}.tfstate`,
    region: state.region,
    encrypt: true,
  });
  // cdktf 0.21 predates the option; the override writes it into the backend block.
  backend.addOverride("use_lockfile", true);
}
