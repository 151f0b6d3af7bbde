import { parseAllDocuments, stringify } from "yaml";

/**
 * Renders a value as YAML. Objects are written out in full (no anchors), and the library writes
 * each key once, so duplicate keys cannot appear the way they do in hand-written values files.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Parses every document of a YAML stream, failing on a duplicate key or any other error. */
export function parseYamlStrict(text: string): unknown[] {
  return parseAllDocuments(text, { uniqueKeys: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("\n"));
    return doc.toJS();
  });
}
