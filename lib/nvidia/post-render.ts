/**
 * A Helm post-renderer step: drops named objects, or one field of a named object, from a rendered
 * release. The DRA driver chart
 * (0.4.1, and 0.5.0 unless `imex.mode` is hostManaged) renders the ComputeDomain daemon's RBAC (ClusterRole `compute-domain-daemon-role` and its
 * binding and service account, fixed names) in every release, even with ComputeDomains off. Two
 * releases would both own them and Helm refuses the second install, so the GPU release drops them
 * and the ComputeDomain release keeps them.
 *
 * Source: kubernetes-sigs/dra-driver-nvidia-gpu deployments/helm/dra-driver-nvidia-gpu/templates/
 * rbac-compute-domain-daemon.yaml (release-0.4; main 95932046 of 2026-08-07, which became 0.5.0).
 *
 * Helm runs the post-renderer where Terraform runs, at apply time. So that it works from any
 * working directory and checkout layout, without this project's node_modules or a TypeScript
 * loader, the program is a short dependency-free script passed to `node -e`, visible in the plan.
 * It holds no `${` or `%{`: Terraform would read them in a string as interpolation.
 */

/** `Kind/name` of an object to drop. */
export type ObjectRef = `${string}/${string}`;
/** `Kind/name:field` of a field to remove from an object: a scalar line at any indentation. */
export type FieldRef = `${ObjectRef}:${string}`;
export type PostRenderEdit = ObjectRef | FieldRef;

/**
 * The DRA driver's `gpu.nvidia.com` DeviceClass maps the extended resource `nvidia.com/gpu` on
 * `resource.k8s.io/v1` (templates/deviceclass-gpu.yaml, 0.4.1 and main 95932046). With the
 * DRAExtendedResource feature on (beta from Kubernetes 1.36, GA in 1.37) a pod asking for
 * `nvidia.com/gpu` could then be served by a DRA node, outside the ResourceClaims that Kueue counts
 * and that the examples use. The blueprint removes the mapping, so only device-plugin groups serve
 * `nvidia.com/gpu` and DRA GPUs are reached through ResourceClaims alone (docs/compatibility.md).
 */
export const GPU_EXTENDED_RESOURCE_MAPPING: FieldRef =
  "DeviceClass/gpu.nvidia.com:extendedResourceName";

export const COMPUTE_DOMAIN_DAEMON_RBAC: readonly ObjectRef[] = [
  "ClusterRole/compute-domain-daemon-role",
  "ClusterRoleBinding/compute-domain-daemon-role-binding",
  "ServiceAccount/compute-domain-daemon-service-account",
];

/**
 * Reads the rendered release on stdin and writes it without the documents whose top-level `kind`
 * and `metadata.name` match an argument (`Kind/name`), and without the `field:` line of a document
 * named by a `Kind/name:field` argument; every other document is written as it came.
 * Helm renders each template as its own document, separated by `---` lines, with the object's
 * top-level keys at column 0 and `metadata` fields one level in.
 */
export const DROP_OBJECTS_SCRIPT = [
  "const args = process.argv.slice(1);",
  'const drop = new Set(args.filter((a) => !a.includes(":")));',
  'const fields = args.filter((a) => a.includes(":")).map((a) => a.split(":"));',
  'const docs = require("fs").readFileSync(0, "utf8").split(/^---[ \\t]*$/m);',
  'const scalar = (v) => v.trim().replace(/^(["\'])(.*)\\1$/, "$2");',
  "const ref = (doc) => {",
  "  const kind = /^kind:(.*)$/m.exec(doc);",
  "  const meta = /^metadata:[ \\t]*\\n((?:[ \\t]+\\S.*\\n?|[ \\t]*\\n)*)/m.exec(doc);",
  "  if (!kind || !meta) return undefined;",
  "  const indent = /^([ \\t]+)\\S/m.exec(meta[1]);",
  '  const name = indent && new RegExp("^" + indent[1] + "name:(.*)$", "m").exec(meta[1]);',
  '  return name ? scalar(kind[1]) + "/" + scalar(name[1]) : undefined;',
  "};",
  "const edit = (doc) => fields.reduce((d, [target, field]) =>",
  '  target === ref(doc) ? d.replace(new RegExp("^[ \\t]+" + field + ":.*(\\n|$)", "m"), "") : d, doc);',
  'process.stdout.write(docs.filter((doc) => !drop.has(ref(doc))).map(edit).join("---"));',
].join("\n");

/** The Helm provider's `postrender` block that drops the listed objects and fields. */
export function dropObjectsPostRender(refs: readonly PostRenderEdit[]): {
  readonly binaryPath: string;
  readonly args: string[];
} {
  return { binaryPath: "node", args: ["-e", DROP_OBJECTS_SCRIPT, ...refs] };
}
