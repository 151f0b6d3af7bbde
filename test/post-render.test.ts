import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { POST_RENDERER_FROM_STACK_DIR } from "../constructs/pinned-helm-release";
import { draDriverReleases } from "../lib/nvidia/dra-driver-values";
import { COMPUTE_DOMAIN_DAEMON_RBAC, dropObjects } from "../lib/nvidia/post-render";
import { resolveEnvironments } from "../lib/resolve-environments";
import { parseYamlStrict } from "../lib/yaml";
import { G6, P6E, resources, synthAll, testEnvironment } from "./helpers";

const ROOT = join(__dirname, "..");
const rendered = readFileSync(
  join(
    __dirname,
    "fixtures",
    "charts",
    "dra-driver-nvidia-gpu-0.4.1-rbac-compute-domain-daemon.yaml",
  ),
  "utf8",
);
/** `Kind/name` of each object in a YAML stream; comment-only documents have none. */
const kinds = (yaml: string) =>
  (parseYamlStrict(yaml) as ({ kind: string; metadata: { name: string } } | null)[])
    .filter((o) => o !== null)
    .map((o) => `${o.kind}/${o.metadata.name}`);

describe("post-rendering the DRA GPU release", () => {
  test("drops the ComputeDomain daemon RBAC the chart renders in every release and keeps the rest", () => {
    expect(kinds(dropObjects(rendered, COMPUTE_DOMAIN_DAEMON_RBAC))).toEqual([
      "DaemonSet/nvidia-dra-gpus-kubelet-plugin",
    ]);
  });

  test("the script Helm runs from a stack folder exists and filters stdin", () => {
    const stackDir = join(ROOT, "cdktf.out", "stacks", "any-platform");
    expect(existsSync(join(stackDir, POST_RENDERER_FROM_STACK_DIR))).toBe(true);
    const output = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(ROOT, "scripts", "helm-postrender.ts"),
        ...COMPUTE_DOMAIN_DAEMON_RBAC,
      ],
      { input: rendered, cwd: ROOT },
    ).toString();
    expect(kinds(output)).toEqual(["DaemonSet/nvidia-dra-gpus-kubelet-plugin"]);
  });

  const env = resolveEnvironments([testEnvironment({ gpuNodeGroups: [G6, P6E] })])[0];
  const releases = draDriverReleases(env);

  test("only the GPU release drops them, so the ComputeDomain release owns them", () => {
    expect(releases.map((r) => [r.name, r.dropObjects])).toEqual([
      ["nvidia-dra-gpus", COMPUTE_DOMAIN_DAEMON_RBAC],
      ["nvidia-dra-compute-domains", []],
    ]);
  });

  test("each release names its cluster-wide objects after a name of its own", () => {
    expect(releases.map((r) => r.values.nameOverride)).toEqual([
      "nvidia-dra-gpus",
      "nvidia-dra-compute-domains",
    ]);
  });

  test("the GPU release runs the post-renderer with the objects to drop", () => {
    const platform = synthAll([testEnvironment({ gpuNodeGroups: [G6, P6E] })])["test-platform"];
    const gpus = Object.values(resources(platform, "helm_release")).find(
      (r) => r.name === "nvidia-dra-gpus",
    );
    expect(gpus?.postrender).toEqual({
      binary_path: "node",
      args: ["--import", "tsx", POST_RENDERER_FROM_STACK_DIR, ...COMPUTE_DOMAIN_DAEMON_RBAC],
    });
  });
});
