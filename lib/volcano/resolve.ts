/**
 * Checks an environment's Volcano settings against its Kubernetes version, its GPU node groups and
 * its Kueue teams, and refuses every configuration in which Kueue and Volcano would count the same
 * devices or place pods on the same nodes.
 */
import {
  KUBERNETES_VERSIONS,
  SUPPORTED_KUBERNETES_VERSIONS,
  type KubernetesVersion,
} from "../cluster/versions";
import { show, type Problems } from "../errors";
import { resolveChart } from "../helm/chart-pin";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import type { QueueingConfig, ResolvedTeam } from "../queueing/settings";
import { VOLCANO_BUILT_IN_QUEUES, VOLCANO_CHART, VOLCANO_NODE_GROUP_LABEL } from "./chart";
import { COMPONENTS, componentSupports } from "../compat/components";
import type { ResolvedVolcano } from "./settings";

export interface VolcanoSlice {
  readonly queueing: QueueingConfig | undefined;
  readonly kubernetesVersion: KubernetesVersion;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  /** The teams as Kueue resolved them: every group's devices split between them. */
  readonly teams: readonly ResolvedTeam[];
}

/** Minors whose DRA API (`resource.k8s.io/v1`) Volcano 1.15 reads. */
export function volcanoVersions(): KubernetesVersion[] {
  return SUPPORTED_KUBERNETES_VERSIONS.filter(
    (v) => KUBERNETES_VERSIONS[v].resourceApiVersion === "v1",
  );
}

export function resolveVolcano(
  slice: VolcanoSlice,
  at: string,
  problems: Problems,
): ResolvedVolcano | undefined {
  const config = slice.queueing?.volcano;
  if (!config) return undefined;
  const where = `${at}.queueing.volcano`;
  const groups = slice.gpuNodeGroups;
  const api = KUBERNETES_VERSIONS[slice.kubernetesVersion]?.resourceApiVersion;
  if (api !== undefined && api !== "v1") {
    problems.add(
      `${where} is set, but Kubernetes ${slice.kubernetesVersion} serves DRA only as resource.k8s.io/${api}: Volcano ` +
        "1.14 and later read resource.k8s.io/v1, and 1.13, the last line that reads v1beta1, has no DRA queue " +
        `quota, so team quotas would not hold; set kubernetesVersion to ${show(volcanoVersions()[0])} or later, or ` +
        "remove queueing.volcano",
    );
  }
  if (config.nodeGroups.length === 0) {
    problems.add(
      `${where}.nodeGroups is empty: name the GPU node groups whose gangs Volcano schedules (each then leaves ` +
        "Kueue), or remove queueing.volcano",
    );
  }
  const seen = new Set<string>();
  for (const name of config.nodeGroups) {
    if (seen.has(name)) {
      problems.add(
        `${where}.nodeGroups lists ${show(name)} twice: a node group belongs to Volcano once; list it once`,
      );
    }
    seen.add(name);
    if (!groups.some((g) => g.name === name)) {
      problems.add(
        `${where}.nodeGroups names ${show(name)}, which is not a GPU node group of the environment; use one of ` +
          (groups.map((g) => g.name).join(", ") || "its GPU node groups"),
      );
    }
  }
  const volcanoGroups = groups.filter((g) => seen.has(g.name));
  if (groups.length > 0 && volcanoGroups.length === groups.length) {
    problems.add(
      `${where}.nodeGroups takes every GPU node group (${groups.map((g) => g.name).join(", ")}), so Kueue would ` +
        "queue batch/v1 Jobs for no node at all; leave at least one group to Kueue, or remove queueing",
    );
  }
  for (const group of groups) {
    const label = group.labels[VOLCANO_NODE_GROUP_LABEL];
    if (label === undefined) continue;
    problems.add(
      seen.has(group.name)
        ? `${at}.gpuNodeGroups.${group.name}.labels sets ${VOLCANO_NODE_GROUP_LABEL}, which the blueprint writes on ` +
            "Volcano's node groups itself; remove the label"
        : `${at}.gpuNodeGroups.${group.name}.labels sets ${VOLCANO_NODE_GROUP_LABEL} ${show(label)}, which would let ` +
            "Volcano place gangs on a group whose devices Kueue counts, so both would hand out the same GPUs; remove " +
            `the label, or add ${show(group.name)} to ${where}.nodeGroups`,
    );
  }
  for (const team of slice.teams) {
    const teamAt = `${at}.queueing.teams.${team.name}`;
    if ((VOLCANO_BUILT_IN_QUEUES as readonly string[]).includes(team.name)) {
      problems.add(
        `${teamAt}.name ${show(team.name)} is the name of a queue Volcano creates itself, and each team gets a ` +
          "Volcano Queue of its name; rename the team",
      );
    }
    for (const group of volcanoGroups) {
      if (team.devices[group.name] === 0) {
        problems.add(
          `${teamAt}.devices.${group.name} is 0, but Volcano 1.15 reads a device quota of 0 as no limit ` +
            "(capacity plugin, checkDRAAllocatable), so the team could take every device of the Volcano groups; " +
            `give the team at least 1 device of ${group.name}, or raise the group's maxSize`,
        );
      }
    }
  }
  return {
    chart: resolveChart(VOLCANO_CHART, config.chart, `${where}.chart`, problems),
    nodeGroups: config.nodeGroups,
  };
}

/** What synth says about Volcano on the environment's minor: outside the tested range is allowed. */
export function volcanoWarnings(
  volcano: ResolvedVolcano | undefined,
  kubernetesVersion: KubernetesVersion,
  at: string,
): string[] {
  if (!volcano || componentSupports("volcano", kubernetesVersion)) return [];
  const range = COMPONENTS.volcano.range;
  return [
    `${at}.queueing.volcano: Volcano ${volcano.chart.version} lists Kubernetes up to ${range.through} as ` +
      `compatible (README "Kubernetes compatibility"); on ${kubernetesVersion} it reads the same ` +
      "resource.k8s.io/v1 API, but gang placement of DRA claims is untested upstream: run the gang example " +
      "(docs/gang-scheduling.md) after each upgrade",
  ];
}

/** The GPU node groups Kueue queues for: every group Volcano does not take. */
export function kueueNodeGroups(
  groups: readonly ResolvedGpuNodeGroup[],
  volcano: ResolvedVolcano | undefined,
): ResolvedGpuNodeGroup[] {
  return groups.filter((g) => !volcano?.nodeGroups.includes(g.name));
}

/** The GPU node groups Volcano schedules gangs on. */
export function volcanoNodeGroups(
  groups: readonly ResolvedGpuNodeGroup[],
  volcano: ResolvedVolcano,
): ResolvedGpuNodeGroup[] {
  return groups.filter((g) => volcano.nodeGroups.includes(g.name));
}

/**
 * The groups with Volcano's node-group label on each group Volcano schedules: its nodegroup plugin
 * (strict) places a Volcano pod only on a node whose label its queue names.
 */
export function withVolcanoLabels(
  groups: readonly ResolvedGpuNodeGroup[],
  volcano: ResolvedVolcano | undefined,
): ResolvedGpuNodeGroup[] {
  return groups.map((g) =>
    volcano?.nodeGroups.includes(g.name)
      ? { ...g, labels: { ...g.labels, [VOLCANO_NODE_GROUP_LABEL]: g.name } }
      : g,
  );
}
