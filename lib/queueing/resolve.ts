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
/**
 * A Go duration as Kueue's configuration reads it (metav1.Duration, Go's time.ParseDuration):
 * numbers with units, such as "90s", "1h30m" or "1.5h".
 */
const GO_DURATION = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h)/;
const SECONDS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Seconds of a Go duration without a sign, or undefined when Go would not parse it. */
export function goDurationSeconds(text: string): number | undefined {
  let rest = text;
  let seconds = 0;
  if (rest === "") return undefined;
  while (rest !== "") {
    const match = GO_DURATION.exec(rest);
    if (!match) return undefined;
    seconds += Number(match[1]) * SECONDS[match[3]];
    rest = rest.slice(match[0].length);
  }
  return seconds;
}

export interface QueueingSlice {
  readonly config: QueueingConfig | undefined;
  readonly kubernetesVersion: KubernetesVersion;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  /**
   * Devices per group name that workloads outside the queues hold (outside-queues.ts); the teams
   * share only the rest. @default none
   */
  readonly heldOutsideQueues?: Readonly<Record<string, number>>;
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
  const timeoutSeconds = goDurationSeconds(podsReadyTimeout);
  if (timeoutSeconds === undefined) {
    problems.add(
      `${where}.podsReadyTimeout ${show(podsReadyTimeout)} is not a duration Kueue reads; use a Go duration: ` +
        'numbers with the units h, m, s or ms, such as "10m", "600s" or "1h30m"',
    );
  } else if (timeoutSeconds < 1) {
    problems.add(
      `${where}.podsReadyTimeout ${show(podsReadyTimeout)} is under a second: every admitted job would be evicted ` +
        'before its pods could start; use a duration of minutes, such as "10m"',
    );
  }

  const teams = splitDevices(config, groups, slice.heldOutsideQueues ?? {}, where, problems);
  return {
    kueue: resolveChart(KUEUE_CHART, config.kueue, `${where}.kueue`, problems),
    teams,
    podsReadyTimeout,
  };
}

/**
 * Each group's devices, less those held outside the queues: the teams' explicit numbers, the rest
 * split evenly between the teams that name none (the first teams get one more when it does not
 * divide). The explicit numbers may not add up to more than that, or Kueue would admit jobs no
 * node can run.
 */
function splitDevices(
  config: QueueingConfig,
  groups: readonly ResolvedGpuNodeGroup[],
  heldOutside: Readonly<Record<string, number>>,
  where: string,
  problems: Problems,
): ResolvedTeam[] {
  const devices = config.teams.map((): Record<string, number> => ({}));
  for (const group of groups) {
    const held = heldOutside[group.name] ?? 0;
    const total = Math.max(0, groupDevices(group) - held);
    const explicit = config.teams.map((t) => t.devices?.[group.name]);
    const claimed = explicit.reduce<number>(
      (sum, n) => sum + (Number.isInteger(n) && n! > 0 ? n! : 0),
      0,
    );
    if (claimed > total) {
      const examples = where.replace(/\.queueing$/, ".examples");
      const outside = held > 0 ? `, less ${held} that examples outside the queues hold` : "";
      const fix =
        held > 0
          ? `lower the teams' devices.${group.name}, raise the group's maxSize or leave those examples out of ${examples}.include`
          : `lower the teams' devices.${group.name} or raise the group's maxSize`;
      problems.add(
        `${where}.teams ask for ${claimed} devices of node group ${group.name} in total, but it holds ${total} ` +
          `for the queues (maxSize ${group.maxSize} x ${groupDevices(group) / group.maxSize} per node${outside}); ${fix}`,
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
