/**
 * Security rules every synthesized stack must pass. They run on the Terraform JSON of each stack
 * (and the files synth writes beside it) before anything is written, so they judge what would be
 * deployed, whichever construct made it. The rules are in ./rules.ts, the resource checks in
 * ./terraform-checks.ts; Kubernetes objects the examples render have their own rules
 * (./kubernetes-rules.ts).
 *
 * A rule is waived for one resource with an entry in the environment's `policyWaivers`, naming
 * the rule, the resource's construct path (the `//.metadata.path` in cdk.tf.json) and a reason.
 * Settings whose value breaks a rule on purpose carry their own waiver (./setting-waivers.ts).
 */
import { show, type Problems } from "../errors";
import {
  requiredVersionOf,
  TERRAFORM_REQUIRED_VERSION,
  TERRAFORM_VERSION_FILE,
} from "../terraform";
import { POLICY_RULES, type PolicyRule, type PolicyWaiver, type Violation } from "./rules";
import { unscannableJsonPaths } from "./scannable-json";
import { resourceViolations, type Json } from "./terraform-checks";

export { POLICY_RULES } from "./rules";
export type { PolicyRule, PolicyRuleId, PolicyWaiver, Violation } from "./rules";

function terraformViolations(
  stack: Json,
  stackName: string,
  files: Readonly<Record<string, string>>,
): Violation[] {
  const found: Violation[] = [];
  const s3 = stack.terraform?.backend?.s3;
  if (s3 && !(s3.encrypt === true && s3.use_lockfile === true)) {
    found.push({
      rule: "STATE_BACKEND_ENCRYPTED_LOCKED",
      resourcePath: `${stackName}/backend`,
      message: "the S3 backend must set encrypt and use_lockfile",
    });
  }
  const versionFile = files[TERRAFORM_VERSION_FILE];
  const pinned = versionFile === undefined ? undefined : requiredVersionOf(versionFile);
  if (pinned !== TERRAFORM_REQUIRED_VERSION) {
    found.push({
      rule: "TERRAFORM_VERSION_PINNED",
      resourcePath: `${stackName}/terraform`,
      message:
        versionFile === undefined
          ? `synth writes no ${TERRAFORM_VERSION_FILE} for the stack`
          : pinned === undefined
            ? `${TERRAFORM_VERSION_FILE} sets no required_version`
            : `${TERRAFORM_VERSION_FILE} sets required_version ${JSON.stringify(pinned)}`,
    });
  }
  for (const path of unscannableJsonPaths(stack)) {
    found.push({
      rule: "TERRAFORM_JSON_SCANNABLE",
      resourcePath: `${stackName}/terraform`,
      message:
        `${path} in cdk.tf.json is not an object, so Checkov's terraform_json parser stops there` +
        (path === "terraform.required_version"
          ? ` (bridgecrewio/checkov#7454); pin the version in ${TERRAFORM_VERSION_FILE} (stacks/backend.ts pinTerraformVersion)`
          : ""),
    });
  }
  return found;
}

export interface PolicyOptions {
  readonly production: boolean;
  readonly waivers: readonly PolicyWaiver[];
  /** Files synth writes beside the stack's cdk.tf.json, by name (its versions.tf). */
  readonly files?: Readonly<Record<string, string>>;
}

/** Every rule violation in one synthesized stack, minus the waived ones. */
export function policyViolations(
  stackName: string,
  stack: Json,
  options: PolicyOptions,
): Violation[] {
  const waived = (v: Violation) =>
    options.waivers.some((w) => w.rule === v.rule && w.resourcePath === v.resourcePath);
  return [
    ...resourceViolations(stack, options.production),
    ...terraformViolations(stack, stackName, options.files ?? {}),
  ].filter((v) => !waived(v));
}
/** One line per violation: the resource, the rule and its Checkov IDs, what is wrong, how to waive. */
export function formatViolation(v: Violation): string {
  const rule = POLICY_RULES[v.rule] as PolicyRule;
  return (
    `${v.resourcePath} breaks ${rule.id}${rule.checkov ? ` (${rule.checkov.join(", ")})` : ""}: ${v.message}; ` +
    `${rule.description}. Fix the resource, or add { rule: "${rule.id}", resourcePath: "${v.resourcePath}", ` +
    'reason: "..." } to the environment\'s policyWaivers'
  );
}

/** Checks an environment's policy waivers: each names a rule and gives a reason. */
export function resolvePolicyWaivers(
  waivers: readonly PolicyWaiver[],
  at: string,
  problems: Problems,
): readonly PolicyWaiver[] {
  for (const waiver of waivers) {
    if (!Object.prototype.hasOwnProperty.call(POLICY_RULES, waiver.rule)) {
      problems.add(
        `${at}.policyWaivers rule ${show(waiver.rule)} is not a policy rule; use one of ${Object.keys(POLICY_RULES).join(", ")}`,
      );
    }
    if (waiver.reason.trim().length === 0) {
      problems.add(
        `${at}.policyWaivers entry for ${waiver.rule} on ${show(waiver.resourcePath)} has no reason; say why the ` +
          "rule does not apply, for the reviewers of the change",
      );
    }
  }
  return waivers;
}
