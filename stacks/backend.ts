import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { ResolvedEnvironment } from "../lib/environment";
import { TERRAFORM_REQUIRED_VERSION } from "../lib/terraform";

/**
 * Pins the Terraform release the stack needs, and keeps each stack's state apart: `<keyPrefix>/<stack>.tfstate` in S3 with encryption and S3
 * native locking (Terraform >= 1.10), or `state/<stack>.tfstate` locally when no bucket is set.
 */
export function configureBackend(
  stack: TerraformStack,
  stackName: string,
  env: ResolvedEnvironment,
): void {
  stack.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
  const state = env.stateBackend;
  if (!state) {
    new LocalBackend(stack, { path: `state/${stackName}.tfstate` });
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
