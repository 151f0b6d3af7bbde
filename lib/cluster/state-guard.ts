/**
 * Production on local Terraform state: one machine's unlocked, unencrypted files hold the only
 * record of a cluster that costs thousands an hour. Synth warns; the stacks carry a guard that
 * stops `plan`/`apply` (stacks/backend.ts). Both name the variable that fixes it.
 */
import { envVariable } from "../naming";

export function localStateInProduction(environmentName: string): {
  readonly warning: string;
  readonly guard: string;
} {
  const variable = envVariable(environmentName, "STATE_BUCKET");
  const fix =
    `set ${variable} to an S3 bucket name (or stateBackend in config/environments.ts) and synthesize again; ` +
    `deploy the ${environmentName}-state stack it adds first, which creates the bucket`;
  return {
    warning:
      `environments.${environmentName} is production but has no stateBackend, so its state would be local files: ` +
      `cdktf plan and deploy will stop at the production-state-guard precondition; ${fix}`,
    guard:
      `Environment ${environmentName} is production and keeps its Terraform state in local files (unlocked, on one ` +
      `machine), so plan and apply stop here. To fix it, ${fix}.`,
  };
}
