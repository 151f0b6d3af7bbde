/**
 * Derives what the Volcano chart's webhook configurations cover from the chart's
 * `templates/webhooks.yaml` (volcano-sh/volcano installer/helm/chart/volcano, the pinned version) and
 * writes test/fixtures/charts/volcano-<version>.webhooks.json: per webhook the `enabled_admissions`
 * entry that renders it, its name, failure policy, the namespaces its namespaceSelector leaves out,
 * whether it appends `custom.webhooks_namespace_selector_expressions`, and the resources it
 * intercepts. No template text is kept. Run it when the Volcano pin changes:
 *
 *   git -C <volcano-sh/volcano clone> show v<v>:installer/helm/chart/volcano/templates/webhooks.yaml > /tmp/webhooks.yaml
 *   npx tsx scripts/volcano-webhooks.ts <v> /tmp/webhooks.yaml
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseYamlStrict } from "../lib/yaml";

const [version, templateFile] = process.argv.slice(2);
if (!version || !templateFile) {
  console.error("usage: npx tsx scripts/volcano-webhooks.ts <version> <webhooks.yaml>");
  process.exit(2);
}
const RELEASE_NAMESPACE = "<release namespace>";
const text = readFileSync(templateFile, "utf8")
  .replaceAll("{{ .Release.Namespace }}", RELEASE_NAMESPACE)
  .replaceAll("{{ .Release.Name }}", "<release>");
const EXPRESSIONS = "webhooks_namespace_selector_expressions";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const blocks = text.split(
  /\{\{- if \.Values\.custom\.enabled_admissions \| regexMatch "([^"]+)" \}\}/,
);
const webhooks = [];
for (let i = 1; i < blocks.length; i += 2) {
  const admission = blocks[i];
  const body = blocks[i + 1];
  // Template control lines go; the YAML they guard stays (an unset `labels:` parses as null).
  const yaml = body
    .split("\n")
    .filter((line) => !line.trim().startsWith("{{"))
    .join("\n");
  const [config] = parseYamlStrict(yaml) as Json[];
  for (const hook of config.webhooks as Json[]) {
    const excluded = (hook.namespaceSelector?.matchExpressions ?? [])
      .filter((e: Json) => e.key === "kubernetes.io/metadata.name" && e.operator === "NotIn")
      .flatMap((e: Json) => e.values);
    webhooks.push({
      admission,
      kind: config.kind,
      name: hook.name,
      failurePolicy: hook.failurePolicy,
      excludedNamespaces: excluded,
      appendsValuesExpressions: body.includes(EXPRESSIONS),
      rules: (hook.rules as Json[]).map((r) => ({
        apiGroups: r.apiGroups,
        resources: r.resources,
        operations: r.operations,
      })),
    });
  }
}
const out = join(__dirname, "..", "test", "fixtures", "charts", `volcano-${version}.webhooks.json`);
const fixture = {
  source: `volcano-sh/volcano v${version} installer/helm/chart/volcano/templates/webhooks.yaml`,
  releaseNamespace: RELEASE_NAMESPACE,
  webhooks,
};
writeFileSync(out, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`wrote ${webhooks.length} webhooks to ${out}`);
