/**
 * The queue objects of an environment, as plain Kubernetes objects the queues stack applies:
 * a ResourceFlavor per GPU node group, a ClusterQueue per team (all in one cohort, so a team
 * borrows what the others leave idle and gets its own quota back by preemption), each team's
 * namespace with a LocalQueue, and the WorkloadPriorityClasses jobs choose from.
 *
 * Source: kubernetes-sigs/kueue v0.19.2 apis/kueue/v1beta2 (clusterqueue_types.go,
 * resourceflavor_types.go, localqueue_types.go, workloadpriorityclass_types.go).
 */
import type { Toleration } from "../kubernetes";
import { BLUEPRINT_PREFIX, GPU_TOLERATION, LABELS } from "../nodes/labels";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { KUEUE_API_VERSION } from "./chart";
import { coveredResources, teamQuota } from "./resources";
import type { QueueingInput, ResolvedTeam } from "./settings";

/**
 * Namespace label naming the team whose ClusterQueue the namespace's LocalQueues may feed. The
 * blueprint sets it on every namespace it creates for a team; Kueue manages Jobs only in
 * namespaces that carry the key (manager-config.ts), and other schedulers (Volcano) select team
 * namespaces by it too.
 */
export const TEAM_LABEL = `${BLUEPRINT_PREFIX}/team`;

/** The cohort every team's ClusterQueue joins. */
export const COHORT = "gpus";

/**
 * The LocalQueue every team namespace gets. Jobs may name it in `kueue.x-k8s.io/queue-name`; Kueue's
 * webhook gives a Job without that label the namespace's LocalQueue named `default`
 * (kubernetes-sigs/kueue v0.19.2 pkg/controller/constants DefaultLocalQueueName), so it is queued too.
 */
export const LOCAL_QUEUE = "default";

/** Priorities a job picks with `kueue.x-k8s.io/priority-class`; without one it has priority 0. */
export const PRIORITY_CLASSES = [
  {
    name: "high",
    value: 1000,
    description: "Deadline work: preempts lower-priority jobs of its team",
  },
  { name: "normal", value: 100, description: "Regular training and batch inference" },
  { name: "low", value: 10, description: "Experiments that may be preempted at any time" },
] as const;

export interface QueueObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly spec?: object;
  readonly [field: string]: unknown;
}

export interface QueueObjects {
  readonly resourceFlavors: readonly QueueObject[];
  readonly workloadPriorityClasses: readonly QueueObject[];
  readonly clusterQueues: readonly QueueObject[];
  /** Each team's namespace, then its LocalQueue. */
  readonly namespaces: readonly QueueObject[];
  readonly localQueues: readonly QueueObject[];
}

/** The flavor of a node group: pods admitted to it are pinned to the group and tolerate its taint. */
export function resourceFlavorName(group: ResolvedGpuNodeGroup): string {
  return group.name;
}

function resourceFlavor(group: ResolvedGpuNodeGroup): QueueObject {
  const tolerations: readonly Toleration[] = [GPU_TOLERATION];
  return {
    apiVersion: KUEUE_API_VERSION,
    kind: "ResourceFlavor",
    metadata: { name: resourceFlavorName(group) },
    spec: { nodeLabels: { [LABELS.nodeGroup]: group.name }, tolerations },
  };
}

/** The namespace label selector of a team's ClusterQueue. */
export function teamNamespaceSelector(team: ResolvedTeam) {
  return { matchLabels: { [TEAM_LABEL]: team.name } };
}

function clusterQueue(team: ResolvedTeam, groups: readonly ResolvedGpuNodeGroup[]): QueueObject {
  const covered = coveredResources(groups);
  return {
    apiVersion: KUEUE_API_VERSION,
    kind: "ClusterQueue",
    metadata: { name: team.name },
    spec: {
      cohortName: COHORT,
      // Only the team's namespaces may point a LocalQueue at its quota.
      namespaceSelector: teamNamespaceSelector(team),
      // One resource group: CPU and memory are shared by every flavor, and a resource may belong
      // to one group only. A flavor lists every covered resource, 0 where its nodes have none.
      resourceGroups: [
        {
          coveredResources: covered,
          flavors: groups.map((group) => {
            const quota = teamQuota(group, team.devices[group.name] ?? 0);
            return {
              name: resourceFlavorName(group),
              resources: covered.map((name) => ({ name, nominalQuota: quota[name] ?? "0" })),
            };
          }),
        },
      ],
      preemption: {
        // A team whose quota others borrowed takes it back; within a team, priority decides.
        reclaimWithinCohort: "Any",
        withinClusterQueue: "LowerPriority",
      },
    },
  };
}

export function queueObjects(input: QueueingInput): QueueObjects {
  const queueing = input.queueing;
  if (!queueing) throw new Error("queueObjects needs resolved queueing settings");
  const groups = input.gpuNodeGroups;
  return {
    resourceFlavors: groups.map(resourceFlavor),
    workloadPriorityClasses: PRIORITY_CLASSES.map((p) => ({
      apiVersion: KUEUE_API_VERSION,
      kind: "WorkloadPriorityClass",
      metadata: { name: p.name },
      value: p.value,
      description: p.description,
    })),
    clusterQueues: queueing.teams.map((team) => clusterQueue(team, groups)),
    namespaces: queueing.teams.map((team) => teamNamespace(team.namespace, team.name)),
    localQueues: queueing.teams.map((team) => localQueue(team.namespace, team.name)),
  };
}

/** A namespace that belongs to a team, so its LocalQueues may feed the team's ClusterQueue. */
export function teamNamespace(name: string, team: string): QueueObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: { [TEAM_LABEL]: team } },
  };
}

export function localQueue(namespace: string, team: string): QueueObject {
  return {
    apiVersion: KUEUE_API_VERSION,
    kind: "LocalQueue",
    metadata: { name: LOCAL_QUEUE, namespace },
    spec: { clusterQueue: team },
  };
}
