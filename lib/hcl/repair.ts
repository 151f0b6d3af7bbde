/**
 * Repairs the HCL that `cdktf synth --hcl` writes (cdktf 0.21.0, lib/hcl/render.js), so the exit
 * off the archived cdktf parses and means what the JSON stack means. cdktf's renderer:
 * - writes the terraform block's plain attributes by index (`0 = "required_version"`:
 *   `renderTerraform` passes the attribute names, not the attributes);
 * - ends a heredoc that is a list element with `EOF,` (`renderFuzzyJsonExpression`), where the
 *   closing marker must stand alone on its line;
 * - writes `lifecycle` preconditions as an attribute list where Terraform wants blocks;
 * - writes lists inside a dynamic attribute (kubernetes_manifest's `manifest`) as objects keyed
 *   `0`, `1`, ... (`renderMapValue`).
 * - leaves the quotes of a one-line string unescaped when it also holds an interpolation
 *   (`escapeQuotes`), as in a JSON policy document that names a resource's ARN;
 * - adds an empty last line to a heredoc whose string ends with a newline (`renderString`).
 * The text is fixed for all but the fourth; resources of the types in {@link ATTRIBUTE_ONLY_TYPES},
 * whose schemas have no nested blocks we use, are written again whole from the JSON stack.
 */
import { hclReference, hclValue, type Json } from "./values";

type Body = Record<string, Json>;
export interface StackJson {
  readonly terraform?: Record<string, Json>;
  readonly resource?: Record<string, Record<string, Body>>;
}

/** Resource types written from JSON: every argument we set is an attribute, none a block. */
export const ATTRIBUTE_ONLY_TYPES: Readonly<Record<string, readonly string[]>> = {
  kubernetes_manifest: ["manifest"],
  terraform_data: ["input", "triggers_replace"],
};
const META_ARGUMENTS = ["depends_on", "lifecycle", "provider", "count", "for_each"];

function renderLifecycle(lifecycle: Record<string, Json>): string[] {
  const lines = ["  lifecycle {"];
  for (const [key, value] of Object.entries(lifecycle)) {
    if (key === "precondition" || key === "postcondition") {
      for (const rule of value as Body[]) {
        lines.push(`    ${key} {`);
        for (const [k, v] of Object.entries(rule))
          lines.push(`      ${k} = ${hclValue(v, "      ")}`);
        lines.push("    }");
      }
    } else if (key === "ignore_changes" || key === "replace_triggered_by") {
      const refs = Array.isArray(value)
        ? (value as string[]).map(hclReference)
        : [hclReference(String(value))];
      lines.push(`    ${key} = [${refs.join(", ")}]`);
    } else {
      lines.push(`    ${key} = ${hclValue(value, "    ")}`);
    }
  }
  lines.push("  }");
  return lines;
}

/** One resource block written from its Terraform JSON. */
export function renderResourceBlock(type: string, name: string, body: Body): string {
  const allowed = [...(ATTRIBUTE_ONLY_TYPES[type] ?? []), ...META_ARGUMENTS, "//"];
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0)
    throw new Error(
      `cannot write ${type}.${name} as HCL: unexpected arguments ${unknown.join(", ")}`,
    );
  const lines = [`resource "${type}" "${name}" {`];
  for (const [key, value] of Object.entries(body)) {
    if (key === "//") continue;
    if (key === "lifecycle") lines.push(...renderLifecycle(value as Body));
    else if (key === "depends_on")
      lines.push(`  depends_on = [${(value as string[]).map(hclReference).join(", ")}]`);
    else if (key === "provider") lines.push(`  provider = ${hclReference(String(value))}`);
    else lines.push(`  ${key} = ${hclValue(value, "  ")}`);
  }
  lines.push("}");
  return lines.join("\n");
}

const TOP_LEVEL = /^(terraform|locals|provider|resource|data|module|output|variable|moved|import) /;

/** Splits cdktf's HCL into its top-level blocks (cdktf writes each one starting at column 0). */
function topLevelBlocks(hcl: string): string[] {
  const blocks: string[][] = [];
  let heredoc: string | undefined;
  for (const line of hcl.split("\n")) {
    if (heredoc === undefined && TOP_LEVEL.test(line)) blocks.push([]);
    (blocks.at(-1) ?? blocks[blocks.push([]) - 1]).push(line);
    if (heredoc !== undefined) {
      if (line.replace(/,$/, "").trim() === heredoc) heredoc = undefined;
    } else {
      const open = /<<-?([A-Z]+)$/.exec(line);
      if (open) heredoc = open[1];
    }
  }
  return blocks.map((b) => b.join("\n"));
}

function repairTerraformBlock(block: string, terraform: Record<string, Json>): string {
  return block.replace(/^(\s*)\d+ = "([a-z_]+)"$/gm, (_all, indent: string, key: string) =>
    key in terraform ? `${indent}${key} = ${hclValue(terraform[key])}` : _all,
  );
}

/**
 * The lines cdktf writes for one-line strings that hold both an interpolation and a quote, by the
 * line, with the line that means the string.
 */
function unescapedStringLines(
  json: unknown,
  into = new Map<string, string>(),
): Map<string, string> {
  if (Array.isArray(json)) for (const v of json) unescapedStringLines(v, into);
  else if (typeof json === "object" && json !== null)
    for (const [key, value] of Object.entries(json)) {
      if (
        typeof value === "string" &&
        value.includes("${") &&
        value.includes('"') &&
        !value.includes("\n")
      )
        into.set(`${key} = "${value}"`, `${key} = ${hclValue(value)}`);
      else unescapedStringLines(value, into);
    }
  return into;
}

/** cdktf's HCL for a stack, made to parse and to mean what `json` (the same stack) means. */
export function repairHcl(hcl: string, json: StackJson): string {
  const strings = unescapedStringLines(json);
  const repaired =
    strings.size === 0
      ? hcl
      : hcl
          .split("\n")
          .map((line) => strings.get(line) ?? line)
          .join("\n");
  return topLevelBlocks(repaired)
    .map((block) => {
      if (block.startsWith("terraform ")) return repairTerraformBlock(block, json.terraform ?? {});
      const resource = /^resource "([^"]+)" "([^"]+)" \{/.exec(block);
      if (resource && resource[1] in ATTRIBUTE_ONLY_TYPES) {
        const body = json.resource?.[resource[1]]?.[resource[2]];
        if (body) return `${renderResourceBlock(resource[1], resource[2], body)}\n`;
      }
      // A heredoc's value ends with the newline before its closing marker; cdktf adds that newline
      // to the string's own, so a string ending in a newline gains an empty last line.
      return block.replace(/\n\n(EOF|EOT)(,?)$/gm, "\n$1$2").replace(/^(EOF|EOT),$/gm, "$1\n,");
    })
    .join("\n");
}
