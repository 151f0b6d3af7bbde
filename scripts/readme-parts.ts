import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { loadEnvironments } from "../config/environments";
import { gangTable } from "../lib/docs/gang-table";
import { estimateCost } from "../lib/cost/estimate";
import { costTable } from "../lib/cost/table";
import { architectureDiagram } from "../lib/docs/diagram";
import { versionTable } from "../lib/docs/version-table";
import { placementTable } from "../lib/docs/placement-table";
import { allocationTable } from "../lib/docs/allocation-table";
import {
  gangReferenceEnvironment,
  queuedReferenceEnvironment,
  REFERENCE_VARIABLES,
  referenceEnvironment,
} from "../config/reference-environment";
import {
  autoscalerImageTable,
  compatibilityMatrixTable,
  newerReleasesTable,
  pinnedComponentsTable,
} from "../lib/docs/compatibility-table";
import {
  exampleWaiverTable,
  kubernetesRulesTable,
  stackWaiverTable,
} from "../lib/docs/waiver-table";
import { renderExamples } from "../lib/examples/render";
import { renderQueuedExamples } from "../lib/examples/queued";
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

/** The documentation's generated blocks: marker name -> content. */
function generatedParts(): Record<string, string> {
  return {
    architecture: ["```mermaid", architectureDiagram(referenceStacks()), "```"].join("\n"),
    "policy-rules": policyTable(),
    versions: versionTable(),
    "autoscaler-images": autoscalerImageTable(),
    "compatibility-matrix": compatibilityMatrixTable(),
    "pinned-components": pinnedComponentsTable(),
    "newer-releases": newerReleasesTable(),
    placement: placementTable(resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES))),
    "gang-scheduling": gangTable([
      ...resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES)).map(
        (env) => [env.name, env] as const,
      ),
      ["examples reference (`prod` with Volcano)", gangReferenceEnvironment()],
    ]),
    allocation: allocationTable([
      ...resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES)).map((env) => ({
        label: env.name,
        env,
      })),
      { label: "examples/k8s-dra (prod + sharing)", env: referenceEnvironment() },
      {
        label: "examples/k8s-dra queued (prod on 1.35 + queues)",
        env: queuedReferenceEnvironment(),
      },
    ]),
    cost: costTable(resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES)).map(estimateCost)),
    "stack-waivers": stackWaiverTable(resolveEnvironments(loadEnvironments({}))),
    "example-waivers": exampleWaiverTable([
      ...renderExamples(referenceEnvironment()),
      ...renderQueuedExamples(queuedReferenceEnvironment()),
    ]),
    "kubernetes-rules": kubernetesRulesTable(),
  };
}

/** The pages that may hold generated blocks: the README and every page under docs/. */
export function documentationPages(root: string): string[] {
  const docs = join(root, "docs");
  const pages = existsSync(docs)
    ? readdirSync(docs)
        .filter((name) => name.endsWith(".md"))
        .sort()
        .map((name) => `docs/${name}`)
    : [];
  return ["README.md", ...pages];
}

/**
 * Every page with each block between `<!-- NAME:start (npm run docs) -->` and `<!-- NAME:end -->`
 * regenerated. Each block lives in exactly one page; a block no page holds is an error, so a moved
 * or deleted marker cannot silently stop a table from being generated.
 */
export function pagesWithGeneratedParts(pages: Record<string, string>): Record<string, string> {
  const out = { ...pages };
  for (const [name, content] of Object.entries(generatedParts())) {
    const start = `<!-- ${name}:start (npm run docs) -->`;
    const end = `<!-- ${name}:end -->`;
    const holders = Object.keys(out).filter((page) => out[page].includes(start));
    if (holders.length !== 1)
      throw new Error(
        `exactly one page needs the markers ${start} and ${end}; found ${holders.length} (${holders.join(", ") || "none"})`,
      );
    const page = holders[0];
    const text = out[page];
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (to < from) throw new Error(`${page}: ${end} must follow ${start}`);
    out[page] = `${text.slice(0, from + start.length)}\n\n${content}\n\n${text.slice(to)}`;
  }
  return out;
}

/** The documentation pages of the checkout at root, read from disk. */
export function readPages(root: string): Record<string, string> {
  return Object.fromEntries(
    documentationPages(root).map((page) => [page, readFileSync(join(root, page), "utf8")]),
  );
}
