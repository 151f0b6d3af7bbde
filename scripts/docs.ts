/**
 * Regenerates the generated parts of README.md and docs/*.md from the code: the architecture
 * picture (from the synthesized stacks of the reference environments) and the tables. Run
 * `npm run docs` after changing stacks, versions, placement or policy rules.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pagesWithGeneratedParts, readPages } from "./readme-parts";

const root = join(__dirname, "..");
const before = readPages(root);
const after = pagesWithGeneratedParts(before);
const changed = Object.keys(after).filter((page) => after[page] !== before[page]);
for (const page of changed) writeFileSync(join(root, page), after[page]);
console.log(
  changed.length === 0
    ? "Generated documentation is up to date; nothing changed."
    : `Regenerated: ${changed.join(", ")}`,
);
