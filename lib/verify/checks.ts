/**
 * The checks of `npm run verify`, as pure functions of what the cluster returned. Each yields rows
 * of the result table.
 */
import type { ResolvedEnvironment } from "../environment";
import { LABELS, NODE_ROLES } from "../nodes/labels";
import { FEATURES } from "../compat/features";
import { compareVersions } from "../compat/kubernetes";
import { GPU_OPERATOR_NAMESPACE } from "../nvidia/charts";
import { GPU_DRIVER_NAME } from "../nvidia/device-classes";
import { migFailureCause, migManagerReboots } from "../nvidia/mig-state";
import {
  expectedDeviceClasses,
  expectedDevices,
  expectedPlugins,
  pluginDaemonSets,
  type Plugin,
} from "./expectations";
import type {
  ClusterPolicy,
  DaemonSet,
  DeviceClass,
  List,
  Node,
  Pod,
  ResourceSlice,
  SliceDevice,
} from "./kube-objects";

export type Status = "PASS" | "FAIL" | "SKIP";

export interface Row {
  readonly check: string;
  readonly target: string;
  readonly status: Status;
  readonly detail: string;
}

/** What `kubectl get -o json` returned for the objects the checks read. */
export interface ClusterState {
  readonly nodes: List<Node>;
  readonly deviceClasses: List<DeviceClass>;
  readonly resourceSlices: List<ResourceSlice>;
  readonly daemonSets: List<DaemonSet>;
  readonly pods: List<Pod>;
  readonly clusterPolicies: List<ClusterPolicy>;
}

const HELM_RELEASE = "meta.helm.sh/release-name";

function isReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

function groupNodes(state: ClusterState, group: string): Node[] {
  return state.nodes.items.filter((n) => n.metadata.labels?.[LABELS.nodeGroup] === group);
}

/** The Ready nodes of a GPU node group. */
export function readyNodes(state: ClusterState, group: string): Node[] {
  return groupNodes(state, group).filter(isReady);
}

/** Node groups by the names their nodes carry: the system group by role, GPU groups by name. */
function nodeGroupsOf(env: ResolvedEnvironment, state: ClusterState): [string, Node[]][] {
  const system = state.nodes.items.filter(
    (n) => n.metadata.labels?.[LABELS.role] === NODE_ROLES.system,
  );
  return [
    ["system", system],
    ...env.gpuNodeGroups.map((g): [string, Node[]] => [g.name, groupNodes(state, g.name)]),
  ];
}

export function checkNodesReady(env: ResolvedEnvironment, state: ClusterState): Row[] {
  return nodeGroupsOf(env, state).map(([group, nodes]) => {
    const notReady = nodes.filter((n) => !isReady(n)).map((n) => n.metadata.name);
    if (nodes.length === 0)
      return row("nodes Ready", group, "SKIP", "no nodes: the group is at zero");
    return notReady.length === 0
      ? row("nodes Ready", group, "PASS", `${nodes.length} of ${nodes.length} Ready`)
      : row("nodes Ready", group, "FAIL", `not Ready: ${notReady.join(", ")}`);
  });
}

/**
 * Each MIG node's `nvidia.com/mig.config.state`: `success` once the layout is applied; `pending` or
 * `rebooting` while the MIG manager works; `failed` with its cause (WITH_REBOOT missing from the
 * deployed ClusterPolicy, or else the manager's log) and the fix.
 */
export function checkMigLayouts(env: ResolvedEnvironment, state: ClusterState): Row[] {
  const reboots = state.clusterPolicies.items.some((p) =>
    migManagerReboots((p.spec?.migManager?.env ?? []).map((e) => ({ ...e, value: e.value ?? "" }))),
  );
  return env.gpuNodeGroups.flatMap((group) => {
    const mig = group.mig;
    if (!mig) return [];
    const nodes = groupNodes(state, group.name);
    if (nodes.length === 0)
      return [row("MIG layout", group.name, "SKIP", "no nodes: the group is at zero")];
    return nodes.map((node) => {
      const name = node.metadata.name;
      const target = `${group.name}/${name}`;
      const migState = node.metadata.labels?.[LABELS.migConfigState];
      const restart =
        `kubectl delete pod -n ${GPU_OPERATOR_NAMESPACE} -l app=nvidia-mig-manager ` +
        `--field-selector spec.nodeName=${name}`;
      switch (migState) {
        case "success":
          return row("MIG layout", target, "PASS", `${mig.layoutName} applied`);
        case "pending":
        case "rebooting":
          return row(
            "MIG layout",
            target,
            "FAIL",
            `${mig.layoutName} not applied yet (${LABELS.migConfigState}=${migState}); the DRA GPU plugin starts once ` +
              "it is success: run verify again when the node is back",
          );
        case "failed":
          return row(
            "MIG layout",
            target,
            "FAIL",
            `${mig.layoutName} failed: ` +
              (reboots
                ? `the MIG manager could not apply it; read why in its log (kubectl logs -n ${GPU_OPERATOR_NAMESPACE} ` +
                  `-l app=nvidia-mig-manager), fix that, then restart it on the node: ${restart}`
                : `${migFailureCause(group.instanceType, mig.layoutName)}, which the deployed ClusterPolicy lacks; ` +
                  `deploy the platform stack (its GPU Operator values set it), then restart the MIG manager on the node: ${restart}`),
          );
        default:
          return row(
            "MIG layout",
            target,
            "FAIL",
            `no ${LABELS.migConfigState} label: the MIG manager has not run on the node; check that the GPU ` +
              "Operator's migManager is enabled and its pod runs there",
          );
      }
    });
  });
}

/** What `kubectl version --output=json` prints of the server. */
export interface ServerVersion {
  readonly major?: string;
  readonly minor?: string;
  /** e.g. `v1.34.2-eks-b707fbb`. */
  readonly gitVersion?: string;
}

/**
 * The API server runs the environment's minor, at a patch where every feature the environment uses
 * works: DRA GPU allocation needs 1.34.2, a patch EKS reaches through platform versions.
 */
export function checkServerVersion(env: ResolvedEnvironment, server: ServerVersion): Row {
  const check = "Kubernetes version";
  const version = /^v?(\d+\.\d+(?:\.\d+)?)/.exec(server.gitVersion ?? "")?.[1];
  const minor = `${server.major ?? "?"}.${(server.minor ?? "?").replace(/\D+$/, "")}`;
  if (minor !== env.kubernetesVersion)
    return row(
      check,
      "control plane",
      "FAIL",
      `the API server runs ${minor}, the environment says ${env.kubernetesVersion}: deploy the cluster stack`,
    );
  const needs = FEATURES.draGpuAllocation.since;
  if (
    version !== undefined &&
    env.gpuNodeGroups.some((g) => g.allocation === "dra") &&
    compareVersions(version, needs) < 0
  )
    return row(
      check,
      "control plane",
      "FAIL",
      `${server.gitVersion} is below ${needs}, which DRA GPU allocation needs (kubernetes/kubernetes#133920); ` +
        "update the cluster to the newest EKS platform version of its minor (aws eks update-cluster-version " +
        `--kubernetes-version ${env.kubernetesVersion})`,
    );
  return row(check, "control plane", "PASS", server.gitVersion ?? minor);
}

/**
 * Each DeviceClass the releases create exists, and none maps an extended resource: the GPU
 * release's post-renderer removes `gpu.nvidia.com`'s `nvidia.com/gpu` mapping, so only device-plugin
 * groups serve `nvidia.com/gpu` (lib/nvidia/post-render.ts).
 */
export function checkDeviceClasses(env: ResolvedEnvironment, state: ClusterState): Row[] {
  const present = new Map(state.deviceClasses.items.map((c) => [c.metadata.name, c]));
  return expectedDeviceClasses(env).map((name) => {
    const found = present.get(name);
    if (!found)
      return row("DeviceClass", name, "FAIL", "missing: is the DRA driver release deployed?");
    const mapped = found.spec?.extendedResourceName;
    return mapped
      ? row(
          "DeviceClass",
          name,
          "FAIL",
          `maps ${mapped}, so DRA nodes would serve pods that ask for it: the release was installed without the ` +
            "blueprint's post-renderer (a helm upgrade outside Terraform?); deploy the platform stack again",
        )
      : row("DeviceClass", name, "PASS", "exists");
  });
}

function attributes(device: SliceDevice) {
  return device.attributes ?? device.basic?.attributes ?? {};
}

/** `gpu`, or the MIG profile of a MIG device; other device types (vfio) are not counted. */
function deviceKind(device: SliceDevice): string | undefined {
  const attrs = attributes(device);
  const type = attrs.type?.string;
  if (type === "gpu") return "gpu";
  if (type === "mig") return attrs.profile?.string ?? "mig";
  return undefined;
}

function describeCounts(counts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${n} x ${kind}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

export function checkResourceSlices(env: ResolvedEnvironment, state: ClusterState): Row[] {
  const placement = expectedPlugins(env);
  return env.gpuNodeGroups
    .filter((g) => placement.get(g.name)?.has("dra-gpu"))
    .flatMap((group) => {
      const want = expectedDevices(group);
      const countsMig = !("gpu" in want);
      const nodes = readyNodes(state, group.name);
      if (nodes.length === 0)
        return [row("ResourceSlices", group.name, "SKIP", "no Ready nodes to publish devices")];
      return nodes.map((node) => {
        const got: Record<string, number> = {};
        for (const slice of state.resourceSlices.items) {
          if (slice.spec.driver !== GPU_DRIVER_NAME || slice.spec.nodeName !== node.metadata.name)
            continue;
          for (const device of slice.spec.devices ?? []) {
            const kind = deviceKind(device);
            if (kind === undefined || (countsMig && kind === "gpu")) continue;
            got[kind] = (got[kind] ?? 0) + 1;
          }
        }
        const target = `${group.name}/${node.metadata.name}`;
        const same = Object.keys({ ...want, ...got }).every(
          (k) => (want[k] ?? 0) === (got[k] ?? 0),
        );
        return same
          ? row("ResourceSlices", target, "PASS", describeCounts(got))
          : row(
              "ResourceSlices",
              target,
              "FAIL",
              `publishes ${describeCounts(got)}; expected ${describeCounts(want)}` +
                (countsMig ? ` (MIG layout ${group.mig?.layoutName})` : ""),
            );
      });
    });
}

/**
 * The DaemonSets each plugin runs as: the placement proof's DaemonSet, in its release's namespace,
 * owned by that release (the ComputeDomain daemons the controller creates carry no Helm annotation).
 */
function clusterPluginDaemonSets(
  env: ResolvedEnvironment,
  state: ClusterState,
): Map<Plugin, string[]> {
  const found = new Map<Plugin, string[]>();
  for (const want of pluginDaemonSets(env)) {
    for (const ds of state.daemonSets.items) {
      if (
        ds.metadata.namespace === want.namespace &&
        ds.metadata.name === want.name &&
        ds.metadata.annotations?.[HELM_RELEASE] === want.release
      )
        found.set(want.plugin, [
          ...(found.get(want.plugin) ?? []),
          `${want.namespace}/${want.name}`,
        ]);
    }
  }
  return found;
}

export function checkPluginPlacement(env: ResolvedEnvironment, state: ClusterState): Row[] {
  const placement = expectedPlugins(env);
  const daemonSets = clusterPluginDaemonSets(env, state);
  const plugins = [...new Set(pluginDaemonSets(env).map((p) => p.plugin))];
  const podsOn = (plugin: Plugin, node: string) =>
    state.pods.items.some(
      (p) =>
        p.spec.nodeName === node &&
        p.status?.phase === "Running" &&
        (p.metadata.ownerReferences ?? []).some(
          (o) =>
            o.kind === "DaemonSet" &&
            (daemonSets.get(plugin) ?? []).includes(`${p.metadata.namespace}/${o.name}`),
        ),
    );
  return env.gpuNodeGroups.flatMap((group) => {
    const want = placement.get(group.name) ?? new Set<Plugin>();
    const nodes = readyNodes(state, group.name);
    if (nodes.length === 0)
      return [row("plugins", group.name, "SKIP", "no Ready nodes to run plugins")];
    return nodes.map((node) => {
      const problems: string[] = [];
      for (const plugin of plugins) {
        const runs = podsOn(plugin, node.metadata.name);
        if (want.has(plugin) && !runs) problems.push(`${plugin} not running`);
        if (!want.has(plugin) && runs) problems.push(`${plugin} runs but must not`);
      }
      const target = `${group.name}/${node.metadata.name}`;
      return problems.length === 0
        ? row("plugins", target, "PASS", [...want].join(", ") || "none expected")
        : row("plugins", target, "FAIL", problems.join("; "));
    });
  });
}

export function checkClusterPolicy(state: ClusterState): Row[] {
  const policies = state.clusterPolicies.items;
  if (policies.length === 0)
    return [row("ClusterPolicy", "-", "FAIL", "none found: is the GPU Operator release deployed?")];
  return policies.map((p) =>
    p.status?.state === "ready"
      ? row("ClusterPolicy", p.metadata.name, "PASS", "ready")
      : row("ClusterPolicy", p.metadata.name, "FAIL", `state ${p.status?.state ?? "unknown"}`),
  );
}

export function clusterChecks(env: ResolvedEnvironment, state: ClusterState): Row[] {
  return [
    ...checkNodesReady(env, state),
    ...checkMigLayouts(env, state),
    ...checkDeviceClasses(env, state),
    ...checkResourceSlices(env, state),
    ...checkPluginPlacement(env, state),
    ...checkClusterPolicy(state),
  ];
}

export function row(check: string, target: string, status: Status, detail: string): Row {
  return { check, target, status, detail };
}

/** The rows as an aligned text table. */
export function formatTable(rows: readonly Row[]): string {
  const header: Row = { check: "check", target: "target", status: "PASS", detail: "detail" };
  const cells = [header, ...rows].map((r, i) => [
    r.check,
    r.target,
    i === 0 ? "result" : r.status,
    r.detail,
  ]);
  const widths = [0, 1, 2].map((c) => Math.max(...cells.map((line) => line[c].length)));
  return cells
    .map((line) => line.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell)).join("  "))
    .join("\n");
}
