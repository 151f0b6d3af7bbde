/**
 * The written exceptions of docs/scanning.md, generated from the waivers the policy applies: those
 * the environments' settings make (lib/policy/setting-waivers.ts), those each environment lists
 * in `policyWaivers`, and those of the examples (lib/examples/waivers.ts).
 */
import type { ResolvedEnvironment } from "../environment";
import { POLICY_RULES, type PolicyRule } from "../policy/rules";
import { settingWaivers, stateBucketWaivers } from "../policy/setting-waivers";
import { KUBERNETES_RULES } from "../policy/kubernetes-rules";
import { judgedFindings, type ExampleWaiver, type WaivedExample } from "../examples/waivers";

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function stackWaiverTable(environments: readonly ResolvedEnvironment[]): string {
  // The bucket's waivers hold in every `<env>-state` stack; `<env>` stands for the environment.
  const rows = [
    ...stateBucketWaivers("<env>-state"),
    ...environments.flatMap((env) => [
    ...settingWaivers(env),
    ...env.policyWaivers.map((w) => ({
      ...w,
      source: `environments.${env.name}.policyWaivers`,
      toPass: "fix the resource and remove the waiver",
    })),
    ]),
  ];
  return [
    "| caused by | resource | rule | Checkov | why | to pass instead |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map((w) => {
      const rule = POLICY_RULES[w.rule as keyof typeof POLICY_RULES] as PolicyRule;
      return `| \`${w.source}\` | \`${w.resourcePath}\` | \`${w.rule}\` | ${rule.checkov?.join(", ") ?? "-"} | ${cell(w.reason)} | ${cell(w.toPass)} |`;
    }),
  ].join("\n");
}

/** The waived findings of the shipped examples, one row per waiver with the objects it covers. */
export function exampleWaiverTable(examples: readonly WaivedExample[]): string {
  const rows = new Map<ExampleWaiver, string[]>();
  for (const example of examples)
    for (const { finding, waiver } of judgedFindings(example))
      if (waiver) rows.set(waiver, [...(rows.get(waiver) ?? []), `${example.name}: ${finding.object}`]);
  const unique = [...rows].filter(
    ([w], i, all) =>
      all.findIndex(([o]) => o.rule === w.rule && o.image === w.image && o.object === w.object) === i,
  );
  const objects = (w: ExampleWaiver) =>
    [...rows]
      .filter(([o]) => o.rule === w.rule && o.image === w.image && o.object === w.object)
      .flatMap(([, found]) => found);
  return [
    "| caused by | rule | Checkov | objects | why | to pass instead |",
    "| --- | --- | --- | --- | --- | --- |",
    ...unique.map(([w]) => {
      const source = w.image ? `image \`${w.image}\`` : `example, ${w.object ?? "every object"}`;
      const covered = [...new Set(objects(w))].map((o) => `\`${o}\``).join(", ");
      return `| ${source} | \`${w.rule}\` | ${KUBERNETES_RULES[w.rule].checkov.join(", ")} | ${covered} | ${cell(w.reason)} | ${cell(w.toPass)} |`;
    }),
  ].join("\n");
}

/** The Kubernetes rules the examples are held to. */
export function kubernetesRulesTable(): string {
  return [
    "| rule | Checkov | what it requires |",
    "| --- | --- | --- |",
    ...Object.values(KUBERNETES_RULES).map(
      (r) => `| \`${r.id}\` | ${r.checkov.join(", ")} | ${r.description} |`,
    ),
  ].join("\n");
}
