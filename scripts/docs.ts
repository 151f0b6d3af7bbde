/**
 * Regenerates the generated parts of README.md from the code: the architecture picture (from the
 * synthesized stacks of the reference environments). Run `npm run docs` after changing stacks.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readmeWithGeneratedParts } from "./readme-parts";

const path = join(__dirname, "..", "README.md");
writeFileSync(path, readmeWithGeneratedParts(readFileSync(path, "utf8")));
console.log("README.md updated");
