/**
 * Derives what a test needs to know about objects a Helm chart renders, without the chart's text:
 * per object its apiVersion, kind, metadata.name and metadata.namespace, and the references of a
 * (Cluster)RoleBinding (roleRef, subjects). Rules, specs and labels are left out.
 *
 *   helm template <release> <chart> --version <v> -n <namespace> --show-only templates/<file> > /tmp/r.yaml
 *   npx tsx scripts/rendered-objects.ts /tmp/r.yaml <output.json> "<chart, version, template, namespace>"
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseYamlStrict } from "../lib/yaml";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

export function renderedObjects(yaml: string): Obj[] {
  return (parseYamlStrict(yaml) as (Obj | null)[])
    .filter((o): o is Obj => o !== null)
    .map((o) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: {
        name: o.metadata.name,
        ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      },
      ...(o.subjects ? { subjects: o.subjects } : {}),
      ...(o.roleRef ? { roleRef: o.roleRef } : {}),
    }));
}

if (require.main === module) {
  const [input, output, source] = process.argv.slice(2);
  if (!input || !output || !source) {
    console.error(
      'usage: npx tsx scripts/rendered-objects.ts <rendered.yaml> <output.json> "<source and version>"',
    );
    process.exit(2);
  }
  const objects = renderedObjects(readFileSync(input, "utf8"));
  writeFileSync(output, `${JSON.stringify({ source, objects }, null, 2)}\n`);
  console.log(`wrote ${objects.length} objects to ${output}`);
}
