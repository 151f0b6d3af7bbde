/**
 * Terraform JSON values written as HCL native syntax with the same meaning. Strings in Terraform
 * JSON are templates, as quoted strings in HCL are: `${...}` and `%{...}` sequences (and their
 * escaped forms `$${`, `%%{`) are copied as they are, interpolation bodies untouched; everything
 * else is escaped, newlines included, so no heredoc adds a trailing newline.
 */
type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** The index just past the `}` that closes the template sequence opened at `start` (`${` or `%{`). */
function sequenceEnd(text: string, start: number): number {
  let depth = 0;
  let quote = false;
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  return text.length;
}

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** A quoted HCL string with the meaning of a Terraform JSON string. */
export function hclString(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const pair = text.slice(i, i + 3);
    if (pair === "$${" || pair === "%%{") {
      out += pair;
      i += 2;
    } else if (pair.startsWith("${") || pair.startsWith("%{")) {
      const end = sequenceEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else {
      out += ESCAPES[text[i]] ?? text[i];
    }
  }
  return `"${out}"`;
}

/** A reference such as `aws_vpc.main` or `helm_release.x`, written bare as HCL expects it. */
export function hclReference(text: string): string {
  return text.replace(/^\$\{(.*)\}$/s, "$1");
}

/** Any Terraform JSON value as an HCL expression; object keys are always quoted. */
export function hclValue(value: Json, indent = ""): string {
  const inner = `${indent}  `;
  if (value === null) return "null";
  if (typeof value === "string") return hclString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${hclValue(v, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, Json>);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${hclString(k)} = ${hclValue(v, inner)}`).join("\n")}\n${indent}}`;
}

export type { Json };
