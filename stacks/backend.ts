import {
  Aspects,
  dependable,
  LocalBackend,
  Op,
  S3Backend,
  TerraformLocal,
  TerraformResource,
  type TerraformStack,
} from "cdktf";
import type { ResolvedEnvironment } from "../lib/environment";
import { localStateInProduction } from "../lib/cluster/state-guard";
import { TerraformVersionFile } from "./terraform-version-file";

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

/**
 * Pins the Terraform release every stack needs (lib/terraform.ts) in `versions.tf` beside the
 * stack's JSON, where Terraform enforces it and JSON scanners do not trip over it.
 */
export function pinTerraformVersion(stack: TerraformStack): void {
  new TerraformVersionFile(stack);
}

/**
 * Pins the Terraform release the stack needs, and keeps each stack's state apart:
 * `<keyPrefix>/<stack>.tfstate` in S3 with encryption and S3 native locking (Terraform >= 1.11,
 * where `use_lockfile` is generally available), or {@link localStatePath} when no bucket is set.
 * A production stack on local state carries a guard that stops `plan` and `apply`.
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
    if (env.production) guardLocalState(stack, env.name);
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

/**
 * Synth stays offline-friendly for review, but Terraform checks this precondition while it plans,
 * before any other resource is touched, and stops with the message. `terraform_data` is built into
 * Terraform (1.4+), so the guard needs no provider. Every other resource of the stack depends on
 * the guard, so `terraform plan -target=<resource>` (which plans only the target and what it
 * depends on) meets the precondition too.
 */
function guardLocalState(stack: TerraformStack, environmentName: string): void {
  const backendKind = new TerraformLocal(stack, "state_backend", "local");
  // A plain resource of type terraform_data: cdktf's DataResource class would run `terraform
  // version` at every synth to check Terraform >= 1.4, which needs a Terraform binary on the
  // machine that synthesizes; required_version already demands more.
  const guard = new TerraformResource(stack, "production-state-guard", {
    terraformResourceType: "terraform_data",
    lifecycle: {
      precondition: [
        {
          condition: Op.eq(backendKind.asString, "s3"),
          errorMessage: localStateInProduction(environmentName).guard,
        },
      ],
    },
  });
  const onGuard = dependable(guard);
  // An aspect, so resources added to the stack after this call are covered as well.
  Aspects.of(stack).add({
    visit(node) {
      if (!(node instanceof TerraformResource) || node === guard) return;
      const dependsOn = node.dependsOn ?? [];
      if (!dependsOn.includes(onGuard)) node.dependsOn = [...dependsOn, onGuard];
    },
  });
}
