/**
 * Derives what the Kueue chart's webhook configurations cover from the chart's
 * `templates/webhook/manifests.yaml` (kubernetes-sigs/kueue charts/kueue, the pinned version) and
 * writes test/fixtures/charts/kueue-<version>.webhooks.json: per webhook its name, failure policy
 * (fixed, or Fail only when a framework is enabled), whether its namespaceSelector is the
 * Configuration's managedJobsNamespaceSelector (with the namespaces excluded when that is unset)
 * and the resources it intercepts. No template text is kept. Run it when the Kueue pin changes:
 *
 *   helm pull oci://registry.k8s.io/kueue/charts/kueue --version <v> --untar -d /tmp/kueue
 *   npx tsx scripts/kueue-webhooks.ts <v> /tmp/kueue/kueue/templates/webhook/manifests.yaml
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseYamlStrict } from "../lib/yaml";

const [version, templateFile] = process.argv.slice(2);
if (!version || !templateFile) {
  console.error("usage: npx tsx scripts/kueue-webhooks.ts <version> <manifests.yaml>");
  process.exit(2);
}
const text = readFileSync(templateFile, "utf8");
const RELEASE_NAMESPACE = "{{ .Release.Namespace }}";

/** The selector the template renders when the Configuration sets no managedJobsNamespaceSelector. */
function defaultSelector(block: string): string {
  const start = block.indexOf("{{- else }}", block.indexOf('"managedJobsNamespaceSelector"'));
  const end = block.indexOf("{{- end }}", start);
  const selector = block.slice(start, end);
  if (
    !selector.includes("key: kubernetes.io/metadata.name") ||
    !selector.includes("operator: NotIn")
  )
    throw new Error(`unexpected default namespaceSelector:\n${selector}`);
  return selector.slice(selector.indexOf("values:"));
}

function webhook(kind: "mutating" | "validating", block: string) {
  const name = /\n {4}name: (\S+)/.exec(block)?.[1];
  if (!name) throw new Error(`a ${kind} webhook without a name:\n${block}`);
  const framework =
    /if has "([^"]+)" \$integrationsConfig\.frameworks \}\}\s*\n\s*failurePolicy: Fail/.exec(
      block,
    )?.[1];
  const fixed = /\n {4}failurePolicy: (Fail|Ignore)/.exec(block)?.[1];
  const failurePolicy = framework ? { failWhenFramework: framework } : fixed;
  if (!failurePolicy) throw new Error(`webhook ${name}: no failurePolicy found`);
  const managed = block.includes('hasKey $managerConfig "managedJobsNamespaceSelector"');
  const excluded = managed
    ? [...defaultSelector(block).matchAll(/\n\s+- '?([^'\n]+?)'?(?=\n|$)/g)]
        .map((m) => m[1].trim())
        .map((v) => (v === RELEASE_NAMESPACE ? "<release namespace>" : v))
    : [];
  const rulesText = /\n {4}rules:\n([\s\S]*?)\n {4}sideEffects:/.exec(block)?.[1];
  if (!rulesText) throw new Error(`webhook ${name}: no rules found`);
  const [rules] = parseYamlStrict(rulesText.replace(/^ {4}/gm, "")) as {
    apiGroups: string[];
    resources: string[];
    operations: string[];
  }[][];
  if (/objectSelector|matchConditions/.test(block))
    throw new Error(`webhook ${name} has an objectSelector or matchConditions: extend the script`);
  return {
    configuration: kind,
    name,
    failurePolicy,
    namespaceSelector: managed
      ? { from: "managedJobsNamespaceSelector", whenUnsetExcludes: excluded }
      : { from: "none" },
    rules: rules.map((r) => ({
      apiGroups: r.apiGroups,
      resources: r.resources,
      operations: r.operations,
    })),
  };
}

const parts = text.split(/\nkind: (Mutating|Validating)WebhookConfiguration\n/);
const webhooks = [];
for (let i = 1; i < parts.length; i += 2) {
  const kind = parts[i] === "Mutating" ? "mutating" : "validating";
  const blocks = parts[i + 1].split(/\n {2}- admissionReviewVersions:/).slice(1);
  for (const block of blocks) webhooks.push(webhook(kind, block));
}
const out = join(__dirname, "..", "test", "fixtures", "charts", `kueue-${version}.webhooks.json`);
const source = `kubernetes-sigs/kueue charts/kueue ${version} templates/webhook/manifests.yaml (derived by scripts/kueue-webhooks.ts)`;
writeFileSync(out, `${JSON.stringify({ source, webhooks }, null, 2)}\n`);
console.log(`wrote ${webhooks.length} webhooks to ${out}`);
