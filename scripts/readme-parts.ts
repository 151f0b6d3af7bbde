import { Testing } from "cdktf";
import { loadEnvironments } from "../config/environments";
import { REFERENCE_VARIABLES } from "../config/reference-environment";
import { architectureDiagram } from "../lib/docs/diagram";
import { versionTable } from "../lib/docs/version-table";
import { autoscalerImageTable } from "../lib/docs/compatibility-table";
import { placementTable } from "../lib/docs/placement-table";
import { POLICY_RULES, type PolicyRule } from "../lib/policy/security-policy";
import { resolveEnvironments } from "../lib/resolve-environments";
import { addBlueprint } from "../stacks/blueprint";

/** Synthesizes the shipped environments, prod with its reference Capacity Blocks, for the picture. */
export function referenceStacks(): Record<string, object> {
  const app = Testing.app();
  const stacks = addBlueprint(app, resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES)));
  const out: Record<string, object> = {};
  for (const set of stacks.values()) {
    for (const stack of Object.values(set)) out[stack.node.id] = JSON.parse(Testing.synth(stack));
  }
  return out;
}

function policyTable(): string {
  const rules = Object.values(POLICY_RULES) as PolicyRule[];
  return [
    "| rule | Checkov | what it requires |",
    "| --- | --- | --- |",
    ...rules.map((r) => `| \`${r.id}\` | ${r.checkov?.join(", ") ?? "-"} | ${r.description} |`),
  ].join("\n");
}

/** The README's generated blocks: marker name -> content. */
function generatedParts(): Record<string, string> {
  return {
    architecture: ["```mermaid", architectureDiagram(referenceStacks()), "```"].join("\n"),
    "policy-rules": policyTable(),
    versions: versionTable(),
    "autoscaler-images": autoscalerImageTable(),
    placement: placementTable(resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES))),
  };
}

/** README with every block between `<!-- NAME:start (npm run docs) -->` and `<!-- NAME:end -->` regenerated. */
export function readmeWithGeneratedParts(readme: string): string {
  let out = readme;
  for (const [name, content] of Object.entries(generatedParts())) {
    const start = `<!-- ${name}:start (npm run docs) -->`;
    const end = `<!-- ${name}:end -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md needs the markers ${start} and ${end}`);
    out = `${out.slice(0, from + start.length)}\n\n${content}\n\n${out.slice(to)}`;
  }
  return out;
}
