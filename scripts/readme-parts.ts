import { Testing } from "cdktf";
import { loadEnvironments } from "../config/environments";
import { REFERENCE_VARIABLES } from "../config/reference-environment";
import { architectureDiagram } from "../lib/diagram";
import { resolveEnvironments } from "../lib/validate";
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

const START = "<!-- architecture:start (npm run docs) -->";
const END = "<!-- architecture:end -->";

/** README with the block between the architecture markers regenerated. */
export function readmeWithGeneratedParts(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${START} and ${END}`);
  const block = ["", "", "```mermaid", architectureDiagram(referenceStacks()), "```", "", ""].join(
    "\n",
  );
  return readme.slice(0, start + START.length) + block + readme.slice(end);
}
