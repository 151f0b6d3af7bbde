/**
 * Regenerates the generated parts of README.md and docs/compatibility.md from the code: the
 * architecture picture (from the synthesized stacks of the reference environments), the tables.
 * Run `npm run docs` after changing stacks or the compatibility matrix.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMPATIBILITY_PAGE, compatibilityPageWithGeneratedParts } from "./compatibility-page";
import { readmeWithGeneratedParts } from "./readme-parts";

const root = join(__dirname, "..");
const readme = join(root, "README.md");
writeFileSync(readme, readmeWithGeneratedParts(readFileSync(readme, "utf8")));
const page = join(root, COMPATIBILITY_PAGE);
writeFileSync(page, compatibilityPageWithGeneratedParts(readFileSync(page, "utf8")));
console.log(`README.md and ${COMPATIBILITY_PAGE} updated`);
