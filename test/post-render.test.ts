import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { draDriverReleases } from "../lib/nvidia/dra-driver-values";
import {
  COMPUTE_DOMAIN_DAEMON_RBAC,
  DROP_OBJECTS_SCRIPT,
  GPU_EXTENDED_RESOURCE_MAPPING,
  dropObjectsPostRender,
  type PostRenderEdit,
} from "../lib/nvidia/post-render";
import { resolveEnvironments } from "../lib/resolve-environments";
import { parseYamlStrict, toYaml } from "../lib/yaml";
import rbacObjects from "./fixtures/charts/dra-driver-nvidia-gpu-0.5.0.rbac-compute-domain-daemon.json";
import { G6, P6E, resources, synthAll, testEnvironment } from "./helpers";

/**
 * A release as Helm streams it: the objects the chart's compute-domain-daemon RBAC template renders
 * (derived facts, test/fixtures/charts/...rbac-compute-domain-daemon.json), each under a
 * `# Source:` comment, then the GPU plugin's DaemonSet, which must survive post-rendering.
 */
const rendered = [
  ...rbacObjects.objects.map(
    (o) =>
      `# Source: dra-driver-nvidia-gpu/templates/rbac-compute-domain-daemon.yaml\n${toYaml(o)}`,
  ),
  "# Source: dra-driver-nvidia-gpu/templates/kubeletplugin.yaml\n" +
    toYaml({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "nvidia-dra-gpus-kubelet-plugin", namespace: "nvidia-dra-driver-gpu" },
    }),
]
  .map((doc) => `---\n${doc}`)
  .join("");
/** `Kind/name` of each object in a YAML stream; comment-only documents have none. */
const kinds = (yaml: string) =>
  (parseYamlStrict(yaml) as ({ kind: string; metadata: { name: string } } | null)[])
    .filter((o) => o !== null)
    .map((o) => `${o.kind}/${o.metadata.name}`);

/** Runs the post-renderer as Helm does: the block's binary and args, the release on stdin, from any folder. */
function postRender(
  input: string,
  refs: readonly PostRenderEdit[] = COMPUTE_DOMAIN_DAEMON_RBAC,
): string {
  const { binaryPath, args } = dropObjectsPostRender(refs);
  const binary = binaryPath === "node" ? process.execPath : binaryPath;
  return execFileSync(binary, args, { input, cwd: tmpdir() }).toString();
}

describe("post-rendering the DRA GPU release", () => {
  test("drops the ComputeDomain daemon RBAC the chart renders in every release and keeps the rest", () => {
    expect(kinds(postRender(rendered))).toEqual(["DaemonSet/nvidia-dra-gpus-kubelet-plugin"]);
  });

  test("holds nothing Terraform would interpolate in the string it is passed as", () => {
    expect(DROP_OBJECTS_SCRIPT).not.toMatch(/[$%]\{/);
  });

  test("writes the documents it keeps exactly as Helm rendered them", () => {
    const kept = rendered.split(/^---[ \t]*$/m).filter((doc) => doc.includes("kind: DaemonSet"));
    expect(postRender(rendered)).toContain(kept[0]);
  });

  test("matches kind and metadata.name only: quoted names match, labels and other kinds do not", () => {
    const stream = [
      "# Source: chart/templates/a.yaml",
      "apiVersion: rbac.authorization.k8s.io/v1",
      "kind: ClusterRole",
      "metadata:",
      '  name: "compute-domain-daemon-role"',
      "---",
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  labels:",
      "    name: compute-domain-daemon-role",
      "  name: settings",
      "---",
      "apiVersion: v1",
      "kind: ServiceAccount",
      "metadata:",
      "  name: compute-domain-daemon-role",
      "",
    ].join("\n");
    expect(kinds(postRender(stream, ["ClusterRole/compute-domain-daemon-role"]))).toEqual([
      "ConfigMap/settings",
      "ServiceAccount/compute-domain-daemon-role",
    ]);
  });

  test("removes the nvidia.com/gpu mapping of the gpu.nvidia.com DeviceClass and nothing else", () => {
    // The DeviceClasses as the chart (main 95932046, 0.5.0) renders them on resource.k8s.io/v1.
    const deviceClass = (name: string, type: string, mapped: boolean) =>
      [
        "---",
        "apiVersion: resource.k8s.io/v1",
        "kind: DeviceClass",
        "metadata:",
        `  name: ${name}`,
        "spec:",
        "  selectors:",
        "  - cel:",
        `      expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == '${type}'"`,
        ...(mapped ? ["  extendedResourceName: nvidia.com/gpu"] : []),
        "",
      ].join("\n");
    const stream =
      deviceClass("gpu.nvidia.com", "gpu", true) + deviceClass("mig.nvidia.com", "mig", false);
    const out = postRender(stream, [GPU_EXTENDED_RESOURCE_MAPPING]);
    const objects = parseYamlStrict(out) as { metadata: { name: string }; spec: object }[];
    expect(objects.map((o) => [o.metadata.name, "extendedResourceName" in o.spec])).toEqual([
      ["gpu.nvidia.com", false],
      ["mig.nvidia.com", false],
    ]);
    expect(out).toBe(stream.replace("  extendedResourceName: nvidia.com/gpu\n", ""));
  });

  const env = resolveEnvironments([testEnvironment({ gpuNodeGroups: [G6, P6E] })])[0];
  const releases = draDriverReleases(env);

  test("only the GPU release drops them, so the ComputeDomain release owns them", () => {
    expect(releases.map((r) => [r.name, r.dropObjects])).toEqual([
      ["nvidia-dra-gpus", [...COMPUTE_DOMAIN_DAEMON_RBAC, GPU_EXTENDED_RESOURCE_MAPPING]],
      ["nvidia-dra-compute-domains", []],
    ]);
  });

  test("each release names its cluster-wide objects after a name of its own", () => {
    expect(releases.map((r) => r.values.nameOverride)).toEqual([
      "nvidia-dra-gpus",
      "nvidia-dra-compute-domains",
    ]);
  });

  test("the GPU release runs the post-renderer with the objects to drop, with no file of this project", () => {
    const platform = synthAll([testEnvironment({ gpuNodeGroups: [G6, P6E] })])["test-platform"];
    const gpus = Object.values(resources(platform, "helm_release")).find(
      (r) => r.name === "nvidia-dra-gpus",
    );
    expect(gpus?.postrender).toEqual({
      binary_path: "node",
      args: [
        "-e",
        DROP_OBJECTS_SCRIPT,
        ...COMPUTE_DOMAIN_DAEMON_RBAC,
        GPU_EXTENDED_RESOURCE_MAPPING,
      ],
    });
  });
});
