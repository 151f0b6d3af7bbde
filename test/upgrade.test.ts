import { loadEnvironments } from "../config/environments";
import { REFERENCE_VARIABLES } from "../config/reference-environment";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../lib/cluster/versions";
import type { EnvironmentConfig } from "../lib/environment";
import { ROLLING_ATTRIBUTES } from "../lib/nodes/rollout";
import type { GpuNodeGroupConfig } from "../lib/nodes/settings";
import { resolveEnvironments } from "../lib/resolve-environments";
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
 * What every minor step may change: the control-plane version and its upgrade policy (a
 * non-production default follows the version's support dates), and the Cluster Autoscaler's values
 * (its image minor follows the cluster's; its DRA flag is locked on from 1.35). Node groups take the
 * version from the cluster by reference, so they change with it in the same apply.
 */
const ALWAYS: readonly RegExp[] = [
  /^resource\/aws_eks_cluster\/[^/]+\/version$/,
  /^resource\/aws_eks_cluster\/[^/]+\/upgrade_policy\/support_type$/,
  /^resource\/helm_release\/cluster-autoscaler_[^/]+\/values\/0$/,
];

/**
 * What only 1.33 to 1.34 may change besides: the DRA API of the driver values and of the example
 * claims, whose request fields move under `exactly` in v1; and per-pod GPU metrics for DRA pods,
 * which the DCGM exporter gets from 1.34 (operator values, and the ClusterRole that lets it read
 * ResourceSlices).
 */
const TO_V1: readonly RegExp[] = [
  /^resource\/helm_release\/dra-driver_[^/]+\/values\/0$/,
  /^resource\/helm_release\/gpu-operator_[^/]+\/values\/0$/,
  /^resource\/kubernetes_cluster_role(_binding)?_v1\/dcgm-exporter-dra-access_[^/]+\/.*$/,
  /^resource\/kubernetes_manifest\/[^/]+\/manifest\/apiVersion$/,
  /^resource\/kubernetes_manifest\/[^/]+\/manifest\/spec\/(spec\/)?devices\/requests\/\d+\/(exactly\/)?(deviceClassName|allocationMode|count|selectors\/.*)$/,
];

const STEPS = SUPPORTED_KUBERNETES_VERSIONS.slice(1).map(
  (to, i) => [SUPPORTED_KUBERNETES_VERSIONS[i], to] as const,
);

/** The problems of an environment at a version, or none. */
function refusedAt(env: EnvironmentConfig, kubernetesVersion: string): boolean {
  try {
    resolveEnvironments([{ ...env, kubernetesVersion }]);
    return false;
  } catch {
    return true;
  }
}

describe("upgrading the shipped environments one minor at a time, 1.33 to 1.36", () => {
  const shipped = loadEnvironments(REFERENCE_VARIABLES);
  const at = (env: EnvironmentConfig, kubernetesVersion: string) =>
    synthAll([{ ...env, kubernetesVersion }]);
  // Production environments are refused below 1.35 (DRA GPUs, autoscaled DRA groups), so their
  // path starts where they are accepted.
  const cases = STEPS.flatMap(([from, to]) =>
    shipped
      .filter((e) => !refusedAt(e, from) && !refusedAt(e, to))
      .map((e) => [e.name, from, to, e] as const),
  );

  test("covers every step from 1.33 to the newest accepted minor", () => {
    expect(STEPS.map(([from, to]) => `${from}->${to}`)).toEqual([
      "1.33->1.34",
      "1.34->1.35",
      "1.35->1.36",
    ]);
    expect(cases.filter(([name]) => name === "dev").map(([, from]) => from)).toEqual([
      "1.33",
      "1.34",
      "1.35",
    ]);
  });

  test.each(cases)(
    "%s from %s to %s changes only the version, its upgrade policy, the autoscaler and (to v1) the DRA API",
    (_, from, to, env) => {
      const before = at(env, from);
      const after = at(env, to);
      const allowed = [...ALWAYS, ...(from === "1.33" ? TO_V1 : [])];
      expect(Object.keys(after)).toEqual(Object.keys(before));
      const unexpected = Object.keys(before).flatMap((stack) =>
        changedPaths(before[stack], after[stack])
          .filter((path) => !allowed.some((allowed) => allowed.test(path)))
          .map((path) => `${stack}: ${path}`),
      );
      expect(unexpected).toEqual([]);
    },
  );
});

describe("upgrading an environment from Kubernetes 1.33 to 1.34", () => {
  const shipped = loadEnvironments({});
  const at = (env: EnvironmentConfig, kubernetesVersion: string) =>
    synthAll([{ ...env, kubernetesVersion }]);

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

/**
 * The node groups whose nodes an apply from `before` to `after` replaces, as Terraform plans it: a
 * rolling attribute changes, itself or through a reference to a changed resource, and lifecycle
 * ignore_changes does not list it.
 */
function rolledNodeGroups(before: SynthJson, after: SynthJson): string[] {
  const changed = changedPaths(before, after);
  const groups = Object.entries(after.resource.aws_eks_node_group as Record<string, SynthJson>);
  return groups
    .filter(([id, group]) => {
      const ignored: string[] = group.lifecycle?.ignore_changes ?? [];
      return ROLLING_ATTRIBUTES.some((attribute) => {
        if (ignored.includes(attribute)) return false;
        if (changed.some((p) => p.startsWith(`resource/aws_eks_node_group/${id}/${attribute}`)))
          return true;
        const refs = [...JSON.stringify(group[attribute] ?? "").matchAll(/\$\{(\w+)\.([^.}]+)\./g)];
        return refs.some(([, type, ref]) =>
          changed.some((p) => p.startsWith(`resource/${type}/${ref}/`)),
        );
      });
    })
    .map(([, group]) => group.node_group_name as string)
    .sort();
}

describe("Capacity Block groups on an upgrade", () => {
  const prod = loadEnvironments(REFERENCE_VARIABLES).find((e) => e.name === "prod")!;
  const cluster = (env: EnvironmentConfig) => synthAll([env])["prod-cluster"];
  const withGroup = (name: string, change: Partial<GpuNodeGroupConfig>): EnvironmentConfig => ({
    ...prod,
    gpuNodeGroups: prod.gpuNodeGroups!.map((g) => (g.name === name ? { ...g, ...change } : g)),
  });

  test("a version bump rolls the on-demand groups and never the Capacity Block groups", () => {
    const before = cluster({ ...prod, kubernetesVersion: "1.35" });
    const after = cluster({ ...prod, kubernetesVersion: "1.36" });
    expect(rolledNodeGroups(before, after)).toEqual(["g6", "system"]);
  });

  test("a launch-template change rolls an on-demand group and never a Capacity Block group", () => {
    const bigger = { rootVolumeGiB: 400 };
    const before = cluster(prod);
    const after = cluster({
      ...prod,
      gpuNodeGroups: prod.gpuNodeGroups!.map((g) => ({ ...g, ...bigger })),
    });
    expect(rolledNodeGroups(before, after)).toEqual(["g6"]);
  });

  test("a Capacity Block group declared at zero follows the cluster on the next deploy", () => {
    const atZero = withGroup("p4d", { scaledToZero: true });
    const before = cluster({ ...atZero, kubernetesVersion: "1.35" });
    const after = cluster({ ...atZero, kubernetesVersion: "1.36" });
    expect(rolledNodeGroups(before, after)).toEqual(["g6", "p4d", "system"]);
  });

  test("declaring a group at zero warns to check that it is empty and to remove the setting after", () => {
    const [env] = resolveEnvironments([withGroup("p4d", { scaledToZero: true })]);
    expect(env.warnings).toContain(
      "environments.prod.gpuNodeGroups.p4d.scaledToZero is true: the next deploy of the cluster stack moves this " +
        "Capacity Block group to the cluster's Kubernetes version and launch template. Deploy only while it has " +
        "no node (aws eks describe-nodegroup --cluster-name gpu-dra-prod --nodegroup-name p4d --query " +
        "nodegroup.scalingConfig.desiredSize prints 0), then remove scaledToZero so a later upgrade never rolls " +
        "the block's nodes in place",
    );
  });

  test("scaledToZero is refused on an on-demand group", () => {
    expect(() => resolveEnvironments([withGroup("g6", { scaledToZero: true })])).toThrow(
      "environments.prod.gpuNodeGroups.g6.scaledToZero is set on an ON_DEMAND group, but only Capacity Block " +
        "groups hold their version and launch template: an on-demand group rolls one node at a time with a " +
        "surge node; remove it",
    );
  });
});
