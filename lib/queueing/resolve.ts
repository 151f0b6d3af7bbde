/**
 * Checks an environment's queueing settings against its Kubernetes version and GPU node groups,
 * and splits each group's devices between the teams.
 */
import {
  KUBERNETES_VERSIONS,
  SUPPORTED_KUBERNETES_VERSIONS,
  type KubernetesVersion,
} from "../cluster/versions";
import { supports } from "../compat/features";
import { show, type Problems } from "../errors";
import { resolveChart } from "../helm/chart-pin";
import { NAME_PATTERN, NAME_RULE } from "../naming";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { KUEUE_CHART, KUEUE_NAMESPACE } from "./chart";
import { groupDevices } from "./resources";
import type { QueueingConfig, ResolvedQueueing, ResolvedTeam } from "./settings";

/** A namespace name: a DNS label. */
const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A Go duration of whole seconds, minutes or hours, as Kueue's configuration reads it. */
const DURATION_PATTERN = /^[1-9][0-9]*(s|m|h)$/;

export interface QueueingSlice {
  readonly config: QueueingConfig | undefined;
  readonly kubernetesVersion: KubernetesVersion;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
}

/** Versions on which Kueue can count DRA devices: it reads only `resource.k8s.io/v1`. */
export function queueingVersions(): KubernetesVersion[] {
  return SUPPORTED_KUBERNETES_VERSIONS.filter((v) => supports("kueueDraQuotas", v));
}

export function resolveQueueing(
  slice: QueueingSlice,
  at: string,
  problems: Problems,
): ResolvedQueueing | undefined {
  const { config, kubernetesVersion, gpuNodeGroups: groups } = slice;
  if (!config) return undefined;
  const where = `${at}.queueing`;
  const api = KUBERNETES_VERSIONS[kubernetesVersion]?.resourceApiVersion;
  if (api !== undefined && !supports("kueueDraQuotas", kubernetesVersion)) {
    problems.add(
      `${where} is set, but Kubernetes ${kubernetesVersion} serves DRA as resource.k8s.io/${api} and Kueue reads ` +
        "ResourceClaims only through resource.k8s.io/v1: it could not count GPUs, so team quotas would not hold; " +
        `set kubernetesVersion to ${show(queueingVersions()[0])} or later, or remove queueing`,
    );
  }
  if (groups.length === 0) {
    problems.add(
      `${where} has no GPU node group to queue jobs for; add a GPU node group or remove queueing`,
    );
  }
  for (const group of groups) {
    if (group.allocation === "device-plugin" && Object.keys(group.mig?.layout ?? {}).length > 0) {
      problems.add(
        `${where} cannot count the MIG devices of ${at}.gpuNodeGroups.${group.name}: the device plugin offers each ` +
          'MIG profile as its own resource, which the blueprint\'s queues do not cover; set allocation "dra" on ' +
          "the group, or remove its migLayout",
      );
    }
  }
  if (config.teams.length === 0) {
    problems.add(
      `${where}.teams is empty: name at least one team that submits GPU jobs, or remove queueing`,
    );
  }

  const names = new Set<string>();
  const namespaces = new Set<string>();
  for (const team of config.teams) {
    const teamAt = `${where}.teams.${team.name}`;
    if (!NAME_PATTERN.test(team.name)) {
      problems.add(
        `${teamAt}.name ${show(team.name)} is not usable: its ClusterQueue is named after it; ${NAME_RULE}`,
      );
    }
    if (names.has(team.name)) {
      problems.add(
        `${where}.teams name ${show(team.name)} is used twice: each team gets its own ClusterQueue; rename one of them`,
      );
    }
    names.add(team.name);
    const namespace = team.namespace ?? team.name;
    if (!NAMESPACE_PATTERN.test(namespace)) {
      problems.add(
        `${teamAt}.namespace ${show(namespace)} is not a namespace name; use up to 63 lowercase letters, digits or ` +
          "'-', starting and ending with a letter or digit",
      );
    } else if (
      namespace.startsWith("kube-") ||
      namespace === "default" ||
      namespace === KUEUE_NAMESPACE
    ) {
      problems.add(
        `${teamAt}.namespace ${show(namespace)} is a system namespace; give the team a namespace of its own`,
      );
    }
    if (namespaces.has(namespace)) {
      problems.add(
        `${teamAt}.namespace ${show(namespace)} belongs to another team too: a namespace's LocalQueue feeds one ` +
          "team's ClusterQueue; give each team its own namespace",
      );
    }
    namespaces.add(namespace);
    for (const [groupName, devices] of Object.entries(team.devices ?? {})) {
      if (!groups.some((g) => g.name === groupName)) {
        problems.add(
          `${teamAt}.devices names node group ${show(groupName)}, which the environment does not have; use one of ` +
            (groups.map((g) => g.name).join(", ") || "its GPU node groups"),
        );
      } else if (!Number.isInteger(devices) || devices < 0) {
        problems.add(
          `${teamAt}.devices.${groupName} ${show(devices)} is not a device count; use a whole number of 0 or more`,
        );
      }
    }
  }

  const podsReadyTimeout = config.podsReadyTimeout ?? "10m";
  if (!DURATION_PATTERN.test(podsReadyTimeout)) {
    problems.add(
      `${where}.podsReadyTimeout ${show(podsReadyTimeout)} is not a duration Kueue reads; use whole seconds, ` +
        'minutes or hours such as "600s", "10m" or "1h"',
    );
  }

  const teams = splitDevices(config, groups, where, problems);
  return {
    kueue: resolveChart(KUEUE_CHART, config.kueue, `${where}.kueue`, problems),
    teams,
    podsReadyTimeout,
  };
}

/**
 * Each group's devices: the teams' explicit numbers, the rest split evenly between the teams that
 * name none (the first teams get one more when it does not divide). The explicit numbers may not
 * add up to more than the group holds, or Kueue would admit jobs no node can run.
 */
function splitDevices(
  config: QueueingConfig,
  groups: readonly ResolvedGpuNodeGroup[],
  where: string,
  problems: Problems,
): ResolvedTeam[] {
  const devices = config.teams.map((): Record<string, number> => ({}));
  for (const group of groups) {
    const total = groupDevices(group);
    const explicit = config.teams.map((t) => t.devices?.[group.name]);
    const claimed = explicit.reduce<number>(
      (sum, n) => sum + (Number.isInteger(n) && n! > 0 ? n! : 0),
      0,
    );
    if (claimed > total) {
      problems.add(
        `${where}.teams ask for ${claimed} devices of node group ${group.name} in total, but it holds ${total} ` +
          `(maxSize ${group.maxSize} x ${total / group.maxSize} per node); lower the teams' devices.${group.name} or ` +
          "raise the group's maxSize",
      );
    }
    const open = explicit.flatMap((n, i) => (n === undefined ? [i] : []));
    const rest = Math.max(0, total - claimed);
    explicit.forEach((n, i) => {
      if (n !== undefined) devices[i][group.name] = n;
    });
    open.forEach((teamIndex, k) => {
      devices[teamIndex][group.name] =
        Math.floor(rest / open.length) + (k < rest % open.length ? 1 : 0);
    });
  }
  return config.teams.map((team, i) => ({
    name: team.name,
    namespace: team.namespace ?? team.name,
    devices: devices[i],
  }));
}
