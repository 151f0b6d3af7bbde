/**
 * Regenerates examples/k8s-dra from lib/examples for the reference environment:
 *   npm run examples
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  capacityReferenceEnvironment,
  gangReferenceEnvironment,
  inferenceReferenceEnvironment,
  queuedReferenceEnvironment,
  referenceEnvironment,
} from "../config/reference-environment";
import { EXAMPLES_DIR, exampleFiles } from "../lib/examples/files";

const root = join(__dirname, "..");
rmSync(join(root, EXAMPLES_DIR), { recursive: true, force: true });
const files = exampleFiles(
  referenceEnvironment(),
  queuedReferenceEnvironment(),
  capacityReferenceEnvironment(),
  gangReferenceEnvironment(),
  inferenceReferenceEnvironment(),
);
for (const [path, content] of Object.entries(files)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
console.log(`wrote ${Object.keys(files).length} files to ${EXAMPLES_DIR}`);
