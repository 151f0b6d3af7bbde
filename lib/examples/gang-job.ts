/**
 * The parts both gang examples share: a Volcano Job of workers that start together or not at all,
 * spread one per node, in a namespace of the first team, with the README steps that show it start
 * whole and a gang too big for its group wait whole.
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { teamNamespace } from "../queueing/queue-objects";
import type { ResolvedTeam } from "../queueing/settings";
import { VOLCANO_JOB_API_VERSION, VOLCANO_SCHEDULER_NAME } from "../volcano/chart";
import type { Context, KubeObject } from "./render";

/** Pods of each gang: the smallest gang that spans nodes. */
export const GANG_SIZE = 2;

/** The label Volcano's job controller puts on a job's pods (batch/v1alpha1 JobNameKey). */
export const VOLCANO_JOB_LABEL = "volcano.sh/job-name";

/** What a gang example is rendered with: its node group, its team and the GPUs of each pod. */
export interface Plan {
  readonly group: ResolvedGpuNodeGroup;
  readonly team: ResolvedTeam;
  /** GPUs each pod claims (DRA) or requests (device plugin). */
  readonly gpusPerPod: number;
}

export const gpus = (n: number) => (n === 1 ? "1 GPU" : `${n} GPUs`);

/** Pods of one gang on different nodes, so the gang is multi-node. */
export function spreadOverNodes(app: Readonly<Record<string, string>>) {
  return {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: app }, topologyKey: "kubernetes.io/hostname" },
      ],
    },
  };
}

/**
 * A Volcano Job of `replicas` workers that starts only when every worker fits
 * (`minAvailable` = replicas) and restarts whole when one is evicted.
 */
export function volcanoJob(
  ctx: Context,
  team: ResolvedTeam,
  name: string,
  template: { readonly metadata: object; readonly spec: object },
  replicas = GANG_SIZE,
): KubeObject {
  return {
    apiVersion: VOLCANO_JOB_API_VERSION,
    kind: "Job",
    metadata: { name, namespace: ctx.namespace },
    spec: {
      schedulerName: VOLCANO_SCHEDULER_NAME,
      queue: team.name,
      minAvailable: replicas,
      maxRetry: 1,
      policies: [{ event: "PodEvicted", action: "RestartJob" }],
      tasks: [{ name: "worker", replicas, template }],
    },
  };
}

export function teamNamespaceOf(ctx: Context, team: ResolvedTeam): KubeObject {
  return teamNamespace(ctx.namespace, team.name) as KubeObject;
}

/** The file of the gang that cannot fit, which the README applies to show all-or-nothing. */
export const TOO_BIG_FILE = "too-big-gang.yaml";

/** A gang of one pod per node and one node more than the group can have: it never fits. */
export function tooBigGang(
  ctx: Context,
  team: ResolvedTeam,
  name: string,
  template: (job: string) => { metadata: object; spec: object },
) {
  return { [TOO_BIG_FILE]: [volcanoJob(ctx, team, name, template(name), ctx.group.maxSize + 1)] };
}

/** How to watch the gang start whole, and a gang too big for the group wait whole. */
export function gangVerify(ctx: Context, job: string, tooBig: string, gpus: string) {
  const pods = ctx.group.maxSize + 1;
  return [
    {
      command: `kubectl -n ${ctx.namespace} get podgroups`,
      expect: `one PodGroup for job ${job} (named after it) with MINMEMBER ${GANG_SIZE}, phase \`Running\` once its pods run`,
    },
    {
      command: `kubectl -n ${ctx.namespace} get pods -l ${VOLCANO_JOB_LABEL}=${job} -o wide`,
      expect: `${GANG_SIZE} pods, \`Running\` together, each on a different ${ctx.group.name} node`,
    },
    {
      command: `kubectl -n ${ctx.namespace} logs -l ${VOLCANO_JOB_LABEL}=${job} --prefix`,
      expect: `from each pod: ${gpus}`,
    },
    {
      command:
        `kubectl create -f examples/k8s-dra/${ctx.namespace}/${TOO_BIG_FILE} && sleep 60 && ` +
        `kubectl -n ${ctx.namespace} get podgroups && ` +
        `kubectl -n ${ctx.namespace} get pods -l ${VOLCANO_JOB_LABEL}=${tooBig} -o wide`,
      expect:
        `all-or-nothing: ${tooBig} needs ${pods} pods, one per node, and ${ctx.group.name} has at most ` +
        `${ctx.group.maxSize} nodes (and the team's quota holds fewer GPUs), so its PodGroup stays \`Pending\` or ` +
        "`Inqueue` and no pod of it is bound to a node or `Running`: it holds no GPU while it waits. " +
        `Delete it with \`kubectl -n ${ctx.namespace} delete jobs.batch.volcano.sh ${tooBig}\``,
    },
  ];
}
