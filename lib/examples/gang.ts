/**
 * Gang examples scheduled by Volcano (lib/volcano): a multi-node training gang on DRA GPUs, and on
 * an NVLink (P6e) group a gang whose pods share one ComputeDomain. Each is a Volcano Job whose
 * `minAvailable` equals its replicas, so Volcano starts all its pods together or none; each pod gets
 * its own claim from a ResourceClaimTemplate. The job is sized to the first team's Volcano quota on
 * the group, and its namespace belongs to that team (Volcano's webhooks and the one-admitter policy
 * see team namespaces only).
 */
import { KUBERNETES_VERSIONS, type KubernetesVersion } from "../cluster/versions";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { teamNamespace } from "../queueing/queue-objects";
import type { ResolvedQueueing, ResolvedTeam } from "../queueing/settings";
import { VOLCANO_JOB_API_VERSION, VOLCANO_SCHEDULER_NAME } from "../volcano/chart";
import { volcanoNodeGroups } from "../volcano/resolve";
import type { ResolvedVolcano } from "../volcano/settings";
import { hardenWorkload, IMAGES } from "./hardening";
import { NVIDIA_RESOURCE_API_VERSION } from "./gpu-config";
import {
  CUDA_CHECK,
  LINGER_SECONDS,
  claimTemplate,
  gpuClass,
  gpuPod,
  placement,
  type Context,
  type Example,
  type KubeObject,
} from "./render";

export const GANG_EXAMPLES = ["gang-gpu", "gang-compute-domain"] as const;
export type GangExampleName = (typeof GANG_EXAMPLES)[number];

/** Pods of each gang: the smallest gang that spans nodes. */
export const GANG_SIZE = 2;

/** The label Volcano's job controller puts on a job's pods (batch/v1alpha1 JobNameKey). */
const VOLCANO_JOB_LABEL = "volcano.sh/job-name";

/** What the gang examples are rendered from; a resolved environment is one. */
export interface GangExamplesInput {
  readonly name: string;
  readonly kubernetesVersion: KubernetesVersion;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  readonly queueing?: ResolvedQueueing;
  readonly volcano?: ResolvedVolcano;
}

interface Plan {
  readonly group: ResolvedGpuNodeGroup;
  readonly team: ResolvedTeam;
  /** GPUs each pod claims (DRA) or requests (device plugin). */
  readonly gpusPerPod: number;
}

/**
 * The group and size of each gang: a Volcano group of the right kind, at least {@link GANG_SIZE}
 * nodes, and a first-team quota there that holds the whole gang. Whole nodes per pod where the
 * pods share a ComputeDomain; otherwise half the team's devices, at most a node's GPUs, per pod.
 */
function plan(env: GangExamplesInput, name: GangExampleName): Plan | undefined {
  const team = env.queueing?.teams[0];
  if (!env.volcano || !team) return undefined;
  const fits = (g: ResolvedGpuNodeGroup) =>
    name === "gang-compute-domain" ? g.computeDomains : g.allocation === "dra" && !g.mig;
  for (const group of volcanoNodeGroups(env.gpuNodeGroups, env.volcano).filter(fits)) {
    const devices = team.devices[group.name] ?? 0;
    const perNode = group.instance.gpusPerInstance;
    const gpusPerPod =
      name === "gang-compute-domain" ? perNode : Math.min(perNode, Math.floor(devices / GANG_SIZE));
    if (group.maxSize >= GANG_SIZE && gpusPerPod >= 1 && gpusPerPod * GANG_SIZE <= devices)
      return { group, team, gpusPerPod };
  }
  return undefined;
}

/** The gang examples the environment can run. */
export function gangExampleNames(env: GangExamplesInput): GangExampleName[] {
  return GANG_EXAMPLES.filter((name) => plan(env, name));
}

export function renderGangExamples(env: GangExamplesInput): Example[] {
  const api = KUBERNETES_VERSIONS[env.kubernetesVersion].resourceApiVersion;
  return gangExampleNames(env).map((name) => {
    const p = plan(env, name)!;
    const ctx: Context = { api, group: p.group, namespace: name };
    const built = name === "gang-gpu" ? gangGpu(ctx, p) : gangComputeDomain(ctx, p);
    return {
      ...built,
      objects: built.objects.map(hardenWorkload),
      extraManifests: Object.fromEntries(
        Object.entries(built.extraManifests ?? {}).map(([file, objects]) => [
          file,
          objects.map(hardenWorkload),
        ]),
      ),
    };
  });
}

const gpus = (n: number) => (n === 1 ? "1 GPU" : `${n} GPUs`);

/** Pods of one gang on different nodes, so the gang is multi-node. */
function spreadOverNodes(app: Readonly<Record<string, string>>) {
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
function volcanoJob(
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

function namespace(ctx: Context, team: ResolvedTeam): KubeObject {
  return teamNamespace(ctx.namespace, team.name) as KubeObject;
}

/** The file of the gang that cannot fit, which the README applies to show all-or-nothing. */
const TOO_BIG_FILE = "too-big-gang.yaml";

/** A gang of one pod per node and one node more than the group can have: it never fits. */
function tooBigGang(
  ctx: Context,
  team: ResolvedTeam,
  name: string,
  template: (job: string) => { metadata: object; spec: object },
) {
  return { [TOO_BIG_FILE]: [volcanoJob(ctx, team, name, template(name), ctx.group.maxSize + 1)] };
}

/** How to watch the gang start whole, and a gang too big for the group wait whole. */
function gangVerify(ctx: Context, job: string, tooBig: string, gpus: string) {
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

function gangGpu(ctx: Context, p: Plan): Example {
  const job = "gang-training";
  const tooBig = "gang-too-big";
  const app = { app: ctx.namespace };
  const pod = gpuPod(ctx, "worker", { resourceClaimTemplateName: "worker-gpus" }, CUDA_CHECK);
  const template = (jobName: string) => ({
    metadata: { labels: { ...app, job: jobName } },
    spec: {
      ...(pod.spec as object),
      affinity: spreadOverNodes({ ...app, job: jobName }),
    },
  });
  const gpu = ctx.group.gpu.productName;
  return {
    name: "gang-gpu",
    title: `A ${GANG_SIZE}-node training gang with ${gpus(p.gpusPerPod)} per pod (DRA)`,
    shows:
      `A Volcano Job of ${GANG_SIZE} workers with \`minAvailable: ${GANG_SIZE}\`: Volcano places all workers, each on its ` +
      `own ${ctx.group.name} node with its own claim of ${gpus(p.gpusPerPod)} from a ResourceClaimTemplate, in one ` +
      "scheduling decision, or none of them. Half a gang never holds GPUs while it waits for the rest. The job " +
      `runs in team ${p.team.name}'s Volcano Queue, which counts the claimed devices against the team's quota.`,
    strategy: "exclusive, gang (Volcano)",
    isolation: "full GPUs; all pods start together or none",
    whenToUse: "multi-node distributed training",
    nodeGroup: ctx.group.name,
    namespace: ctx.namespace,
    objects: [
      namespace(ctx, p.team),
      claimTemplate(ctx, "worker-gpus", gpuClass(p.gpusPerPod)),
      volcanoJob(ctx, p.team, job, template(job)),
    ],
    extraManifests: tooBigGang(ctx, p.team, tooBig, template),
    verify: gangVerify(
      ctx,
      job,
      tooBig,
      `${p.gpusPerPod === 1 ? "one line" : `${p.gpusPerPod} lines`} \`GPU n: ${gpu} (UUID: GPU-...)\`, then \`Test PASSED\``,
    ),
    cleanup: [
      `kubectl -n ${ctx.namespace} delete jobs.batch.volcano.sh ${job} ${tooBig} --ignore-not-found --wait`,
      `kubectl delete namespace ${ctx.namespace}`,
    ],
  };
}

function gangComputeDomain(ctx: Context, p: Plan): Example {
  const group = ctx.group;
  const job = "imex-gang";
  const tooBig = "imex-gang-too-big";
  const domain = "gang-domain";
  const channelTemplate = "gang-channel";
  const app = { app: ctx.namespace };
  const draGpus = group.allocation === "dra";
  const command =
    "nvidia-smi -L && ls -l /dev/nvidia-caps-imex-channels && " +
    `nvidia-smi -q | grep -A 3 -i fabric && sleep ${LINGER_SECONDS}`;
  const template = (jobName: string) => ({
    metadata: { labels: { ...app, job: jobName } },
    spec: {
      restartPolicy: "Never",
      ...placement(ctx),
      affinity: {
        // One NVLink domain (GPU Feature Discovery writes the clique label), one pod per node.
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchLabels: { ...app, job: jobName } },
              topologyKey: "nvidia.com/gpu.clique",
            },
          ],
        },
        ...spreadOverNodes({ ...app, job: jobName }),
      },
      resourceClaims: [
        { name: "imex", resourceClaimTemplateName: channelTemplate },
        ...(draGpus ? [{ name: "gpus", resourceClaimTemplateName: "node-gpus" }] : []),
      ],
      containers: [
        {
          name: "check",
          image: IMAGES.cudaBase.image,
          command: ["bash", "-c", command],
          resources: {
            claims: [{ name: "imex" }, ...(draGpus ? [{ name: "gpus" }] : [])],
            ...(draGpus ? {} : { limits: { "nvidia.com/gpu": p.gpusPerPod } }),
          },
        },
      ],
    },
  });
  return {
    name: "gang-compute-domain",
    title: `A ${GANG_SIZE}-node gang sharing one ComputeDomain`,
    shows:
      `A ComputeDomain and a Volcano Job of ${GANG_SIZE} workers with \`minAvailable: ${GANG_SIZE}\`. Each worker claims ` +
      `its own IMEX channel from the domain's ResourceClaimTemplate and all ${p.gpusPerPod} GPUs of a ${group.name} ` +
      "node; Volcano starts the workers together in one NVLink clique, or none, so a half-started gang never holds " +
      `an UltraServer's nodes. The job runs in team ${p.team.name}'s Volcano Queue.`,
    strategy: "ComputeDomain (IMEX), gang (Volcano)",
    isolation: "whole nodes; all pods start together or none",
    whenToUse: `multi-node training across the ${group.gpu.productName} NVLink domain of an UltraServer`,
    nodeGroup: group.name,
    namespace: ctx.namespace,
    objects: [
      namespace(ctx, p.team),
      {
        apiVersion: NVIDIA_RESOURCE_API_VERSION,
        kind: "ComputeDomain",
        metadata: { name: domain, namespace: ctx.namespace },
        spec: { numNodes: 0, channel: { resourceClaimTemplate: { name: channelTemplate } } },
      },
      ...(draGpus ? [claimTemplate(ctx, "node-gpus", gpuClass(p.gpusPerPod))] : []),
      volcanoJob(ctx, p.team, job, template(job)),
    ],
    extraManifests: tooBigGang(ctx, p.team, tooBig, template),
    verify: [
      ...gangVerify(
        ctx,
        job,
        tooBig,
        `${p.gpusPerPod} ${group.gpu.productName} GPUs, \`/dev/nvidia-caps-imex-channels/channel0\` and a fabric state of \`Completed\``,
      ),
      {
        command: `kubectl -n ${ctx.namespace} get computedomain ${domain} -o jsonpath='{.status.status}'`,
        expect: "`Ready` once the gang runs",
      },
    ],
    cleanup: [
      `kubectl -n ${ctx.namespace} delete jobs.batch.volcano.sh ${job} ${tooBig} --ignore-not-found --wait`,
      `kubectl -n ${ctx.namespace} delete computedomain ${domain} --wait`,
      `kubectl delete namespace ${ctx.namespace}`,
    ],
  };
}
