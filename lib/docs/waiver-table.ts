/**
 * The written exceptions of docs/scanning.md, generated from the waivers the policy applies: those
 * the environments' settings make (lib/policy/setting-waivers.ts) and those each environment lists
 * in `policyWaivers`.
 */
import type { ResolvedEnvironment } from "../environment";
import { POLICY_RULES, type PolicyRule } from "../policy/rules";
import { settingWaivers } from "../policy/setting-waivers";

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function stackWaiverTable(environments: readonly ResolvedEnvironment[]): string {
  const rows = environments.flatMap((env) => [
    ...settingWaivers(env),
    ...env.policyWaivers.map((w) => ({
      ...w,
      source: `environments.${env.name}.policyWaivers`,
      toPass: "fix the resource and remove the waiver",
    })),
  ]);
  return [
    "| caused by | resource | rule | Checkov | why | to pass instead |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map((w) => {
      const rule = POLICY_RULES[w.rule as keyof typeof POLICY_RULES] as PolicyRule;
      return `| \`${w.source}\` | \`${w.resourcePath}\` | \`${w.rule}\` | ${rule.checkov?.join(", ") ?? "-"} | ${cell(w.reason)} | ${cell(w.toPass)} |`;
    }),
  ].join("\n");
}
