import type { TerraformStack } from "cdktf";
import type { ResolvedEnvironment } from "../lib/environment";
import { formatViolation, policyViolations } from "../lib/policy/security-policy";

/**
 * Makes an environment's stacks check the security policy: each stack gets a validation that
 * reports its violations, which `synthesizeBlueprint` runs before anything is written (and
 * `Testing.synth(stack, true)` runs in tests). A waiver that matches no violation is reported too,
 * so stale waivers do not pile up.
 */
export function enforceSecurityPolicy(
  env: ResolvedEnvironment,
  stacks: readonly TerraformStack[],
): void {
  const unwaived = (stack: TerraformStack, waivers: ResolvedEnvironment["policyWaivers"]) =>
    policyViolations(stack.node.id, stack.toTerraform(), { production: env.production, waivers });
  for (const stack of stacks) {
    stack.node.addValidation({
      validate: () => unwaived(stack, env.policyWaivers).map(formatViolation),
    });
  }
  const [first] = stacks;
  first?.node.addValidation({
    validate: () => {
      const raw = stacks.flatMap((stack) => unwaived(stack, []));
      return env.policyWaivers
        .filter((w) => !raw.some((v) => v.rule === w.rule && v.resourcePath === w.resourcePath))
        .map(
          (w) =>
            `environments.${env.name}.policyWaivers entry for ${w.rule} on ${JSON.stringify(w.resourcePath)} ` +
            `waives nothing: no such resource breaks ${w.rule}; remove the waiver`,
        );
    },
  });
}
