import type { TerraformStack } from "cdktf";
import type { ResolvedEnvironment } from "../lib/environment";
import { formatViolation, policyViolations, type Violation } from "../lib/policy/security-policy";
import { settingWaivers, stateBucketWaivers } from "../lib/policy/setting-waivers";
import { StateBucketStack } from "./state-bucket-stack";
import { TerraformVersionFile } from "./terraform-version-file";

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
  // Every stack's validation and the waiver check below read the same violations: rendering a
  // stack to Terraform is the expensive part, so it happens once per stack and construct tree.
  const cache = new Map<
    TerraformStack,
    { readonly constructs: number; readonly found: Violation[] }
  >();
  const violationsOf = (stack: TerraformStack): Violation[] => {
    const constructs = stack.node.findAll().length;
    const cached = cache.get(stack);
    if (cached?.constructs === constructs) return cached.found;
    const found = policyViolations(stack.node.id, stack.toTerraform(), {
      production: env.production,
      waivers: [],
      files: TerraformVersionFile.filesOf(stack),
    });
    cache.set(stack, { constructs, found });
    return found;
  };
  // The environment's own waivers, and those its settings make outside production.
  const waivers = [
    ...env.policyWaivers,
    ...settingWaivers(env),
    ...stacks
      .filter((s) => s instanceof StateBucketStack)
      .flatMap((s) => stateBucketWaivers(s.node.id)),
  ];
  const waived = (v: Violation) =>
    waivers.some((w) => w.rule === v.rule && w.resourcePath === v.resourcePath);
  for (const stack of stacks) {
    stack.node.addValidation({
      validate: () =>
        violationsOf(stack)
          .filter((v) => !waived(v))
          .map(formatViolation),
    });
  }
  const [first] = stacks;
  first?.node.addValidation({
    validate: () => {
      const raw = stacks.flatMap(violationsOf);
      return waivers
        .filter((w) => !raw.some((v) => v.rule === w.rule && v.resourcePath === w.resourcePath))
        .map((w) =>
          "source" in w
            ? `the waiver ${w.source} makes for ${w.rule} on ${JSON.stringify(w.resourcePath)} matches no ` +
              "violation: lib/policy/setting-waivers.ts names a resource the stacks no longer have; fix its path"
            : `environments.${env.name}.policyWaivers entry for ${w.rule} on ${JSON.stringify(w.resourcePath)} ` +
              `waives nothing: no such resource breaks ${w.rule}; remove the waiver`,
        );
    },
  });
}
