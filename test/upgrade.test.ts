import { loadEnvironments } from "../config/environments";
import type { EnvironmentConfig } from "../lib/environment";
import { parseYamlStrict } from "../lib/yaml";
import { synthAll, type SynthJson } from "./helpers";

/** Every leaf of a synthesized stack by its path, e.g. `resource/aws_eks_cluster/<id>/version`. */
function leaves(value: unknown, path = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value))
      leaves(child, path ? `${path}/${key}` : key, out);
  } else {
    out.set(path, value);
  }
  return out;
}

function changedPaths(before: SynthJson, after: SynthJson): string[] {
  const a = leaves(before);
  const b = leaves(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p)).sort();
}

/**
 * What moving from 1.33 to 1.34 may change: the control-plane version and its upgrade policy (a
 * non-production default follows the version's support dates), the DRA API of the driver values
 * and of the example claims, whose request fields move under `exactly` in v1; the Cluster
 * Autoscaler's image (its minor follows the cluster's) and DRA flag; and per-pod GPU metrics for DRA
 * pods, which the DCGM exporter gets from 1.34 (operator values, and the ClusterRole that lets it
 * read ResourceSlices). Node groups take the version from the cluster by reference, so they change
 * with it in the same apply.
 */
const ALLOWED: readonly RegExp[] = [
  /^resource\/aws_eks_cluster\/[^/]+\/version$/,
  /^resource\/aws_eks_cluster\/[^/]+\/upgrade_policy\/support_type$/,
  /^resource\/helm_release\/dra-driver_[^/]+\/values\/0$/,
  /^resource\/helm_release\/cluster-autoscaler_[^/]+\/values\/0$/,
  /^resource\/helm_release\/gpu-operator_[^/]+\/values\/0$/,
  /^resource\/kubernetes_cluster_role(_binding)?_v1\/dcgm-exporter-dra-access_[^/]+\/.*$/,
  /^resource\/kubernetes_manifest\/[^/]+\/manifest\/apiVersion$/,
  /^resource\/kubernetes_manifest\/[^/]+\/manifest\/spec\/(spec\/)?devices\/requests\/\d+\/(exactly\/)?(deviceClassName|allocationMode|count|selectors\/.*)$/,
];

describe("upgrading an environment from Kubernetes 1.33 to 1.34", () => {
  const shipped = loadEnvironments({});
  const upgrades = shipped.filter((e) => (e.kubernetesVersion ?? "1.33") === "1.33");
  const at = (env: EnvironmentConfig, kubernetesVersion: string) =>
    synthAll([{ ...env, kubernetesVersion }]);

  test.each(upgrades.map((e) => [e.name, e] as const))(
    "%s changes only the version, its upgrade policy and the DRA API",
    (_, env) => {
      const before = at(env, "1.33");
      const after = at(env, "1.34");
      expect(Object.keys(after)).toEqual(Object.keys(before));
      const unexpected = Object.keys(before).flatMap((stack) =>
        changedPaths(before[stack], after[stack])
          .filter((path) => !ALLOWED.some((allowed) => allowed.test(path)))
          .map((path) => `${stack}: ${path}`),
      );
      expect(unexpected).toEqual([]);
    },
  );

  test("changes the DRA driver values in the resourceApiVersion line only", () => {
    const dev = shipped.find((e) => e.name === "dev")!;
    const values = (stacks: Record<string, SynthJson>) =>
      Object.entries(stacks["dev-platform"].resource.helm_release)
        .filter(([id]) => id.startsWith("dra-driver_"))
        .map(([, release]) => (release as SynthJson).values[0].split("\n") as string[]);
    const [before] = values(at(dev, "1.33"));
    const [after] = values(at(dev, "1.34"));
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [[line, after[i]]]));
    expect(after).toHaveLength(before.length);
    expect(changed).toEqual([
      ["resourceApiVersion: resource.k8s.io/v1beta1", "resourceApiVersion: resource.k8s.io/v1"],
    ]);
  });

  /** The values of one dev release at 1.33 and 1.34, parsed. */
  const releaseValues = (idPrefix: string) =>
    (["1.33", "1.34"] as const).map((version) => {
      const stacks = at(
        shipped.find((e) => e.name === "dev")!,
        version,
      );
      const [release] = Object.entries(stacks["dev-platform"].resource.helm_release)
        .filter(([id]) => id.startsWith(idPrefix))
        .map(([, r]) => r as SynthJson);
      return parseYamlStrict(release.values[0])[0] as SynthJson;
    });

  test("moves the Cluster Autoscaler to the image of 1.34 and keeps its DRA flag on (off by default before 1.35)", () => {
    const [before, after] = releaseValues("cluster-autoscaler_");
    expect({ ...after, image: before.image, extraArgs: before.extraArgs }).toEqual(before);
    expect([before.image.tag, after.image.tag]).toEqual(["v1.33.6", "v1.34.5"]);
    expect(after.extraArgs["enable-dynamic-resource-allocation"]).toBe(true);
  });

  test("changes the GPU Operator values only in the DCGM exporter, which attributes DRA pods from 1.34", () => {
    const [before, after] = releaseValues("gpu-operator_");
    expect({ ...after, dcgmExporter: before.dcgmExporter }).toEqual(before);
    expect(after.dcgmExporter.env).toContainEqual({ name: "KUBERNETES_ENABLE_DRA", value: "true" });
  });

  test("rolls the node groups in the same apply, after the control plane", () => {
    const dev = shipped.find((e) => e.name === "dev")!;
    const cluster = at(dev, "1.34")["dev-cluster"];
    const [clusterId] = Object.keys(cluster.resource.aws_eks_cluster);
    for (const group of Object.values(cluster.resource.aws_eks_node_group) as SynthJson[])
      expect(group.version).toBe(`\${aws_eks_cluster.${clusterId}.version}`);
  });

  test("can hold the node groups on 1.33 while the control plane moves to 1.34", () => {
    const dev = shipped.find((e) => e.name === "dev")!;
    const cluster = synthAll([
      { ...dev, kubernetesVersion: "1.34", nodeGroupsKubernetesVersion: "1.33" },
    ])["dev-cluster"];
    expect(
      Object.values(cluster.resource.aws_eks_cluster).map((c) => (c as SynthJson).version),
    ).toEqual(["1.34"]);
    for (const group of Object.values(cluster.resource.aws_eks_node_group) as SynthJson[])
      expect(group.version).toBe("1.33");
  });
});
