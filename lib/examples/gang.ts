/**
 * Gang examples scheduled by Volcano (lib/volcano): a multi-node training gang on DRA GPUs, and on
 * an NVLink (P6e) group a gang whose pods share one ComputeDomain. Each is a Volcano Job whose
 * `minAvailable` equals its replicas, so Volcano starts all its pods together or none; each pod gets
 * its own claim from a ResourceClaimTemplate. The job is sized to the first team's Volcano quota on
 * the group, and its namespace belongs to that team (Volcano's webhooks and the one-admitter policy
 * see team namespaces only).
 */ import { KUBERNETES_VERSIONS, type KubernetesVersion } from "../cluster/versions";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import type { ResolvedQueueing } from "../queueing/settings";
import { volcanoNodeGroups } from "../volcano/resolve";
import type { ResolvedVolcano } from "../volcano/settings";
import { gangComputeDomain } from "./gang-compute-domain";
import {
  GANG_SIZE,
  gangVerify,
  gpus,
  spreadOverNodes,
  teamNamespaceOf,
  tooBigGang,
  volcanoJob,
  type Plan,
} from "./gang-job";
import { hardenExample, hardenWorkload } from "./hardening";
import { CUDA_CHECK, claimTemplate, gpuClass, gpuPod, type Context, type Example } from "./render";

export const GANG_EXAMPLES = ["gang-gpu", "gang-compute-domain"] as const;
export type GangExampleName = (typeof GANG_EXAMPLES)[number];

/** What the gang examples are rendered from; a resolved environment is one. */
export interface GangExamplesInput {
  readonly name: string;
  readonly kubernetesVersion: KubernetesVersion;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  readonly queueing?: ResolvedQueueing;
  readonly volcano?: ResolvedVolcano;
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
      objects: hardenExample(built.objects),
      extraManifests: Object.fromEntries(
        Object.entries(built.extraManifests ?? {}).map(([file, objects]) => [
          file,
          objects.map(hardenWorkload),
        ]),
      ),
    };
  });
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
      teamNamespaceOf(ctx, p.team),
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
