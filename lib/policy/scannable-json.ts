/**
 * What Checkov's `terraform_json` parser needs from a `.tf.json` file before it can report
 * anything (bridgecrewio/checkov 3.3.13, checkov/terraform_json/parser.py, `prepare_definition`,
 * `handle_block_type` and `hclify`): every top-level block is an object; under `resource` and
 * `data` every resource is an object; each `provider` is a list of objects; under every other
 * block (`terraform`, `output`, `variable`, ...) every entry is an object. A plain value where an
 * object is expected, such as `terraform.required_version`, stops the parser with "this method
 * receives only dicts" and Checkov exits 2 with no report (bridgecrewio/checkov#7454, fix PR
 * #7467 not merged). Keys named `//` (cdktf's metadata) are skipped, as the parser skips them.
 */
import type { Json } from "./terraform-checks";

const COMMENT = "//";
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Where the parser would stop, as JSON paths (`terraform.required_version`); empty if nowhere. */
export function unscannableJsonPaths(stack: Json): string[] {
  const found: string[] = [];
  for (const [blockType, blocks] of Object.entries(stack)) {
    if (blockType === COMMENT) continue;
    if (blockType === "locals") {
      if (!isObject(blocks)) found.push(blockType);
      continue;
    }
    if (!isObject(blocks)) {
      found.push(blockType);
      continue;
    }
    for (const [name, config] of Object.entries(blocks)) {
      if (name === COMMENT) continue;
      const at = `${blockType}.${name}`;
      if (blockType === "resource" || blockType === "data") {
        if (!isObject(config)) found.push(at);
        else
          for (const [id, resource] of Object.entries(config))
            if (id !== COMMENT && !isObject(resource)) found.push(`${at}.${id}`);
      } else if (blockType === "provider") {
        if (!Array.isArray(config) || !config.every(isObject)) found.push(at);
      } else if (!isObject(config)) {
        found.push(at);
      }
    }
  }
  return found;
}
