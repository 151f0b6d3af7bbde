/**
 * The P6e gang example: a ComputeDomain and a Volcano Job whose workers each claim an IMEX channel
 * of it and a whole node's GPUs, in one NVLink clique, all started together or none.
 */
import { NVIDIA_RESOURCE_API_VERSION } from "./gpu-config";
import {
  GANG_SIZE,
  gangVerify,
  spreadOverNodes,
  teamNamespaceOf,
  tooBigGang,
  volcanoJob,
  type Plan,
} from "./gang-job";
import { imexCheck } from "./compute-domain";
import { placement } from "./objects";
import { claimTemplate, gpuClass, type Context, type Example } from "./render";

export function gangComputeDomain(ctx: Context, p: Plan): Example {
  const group = ctx.group;
  const job = "imex-gang";
  const tooBig = "imex-gang-too-big";
  const domain = "gang-domain";
  const channelTemplate = "gang-channel";
  const app = { app: ctx.namespace };
  const draGpus = group.allocation === "dra";
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
      ...imexCheck(ctx, channelTemplate, { draTemplate: "node-gpus", count: p.gpusPerPod }),
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
      teamNamespaceOf(ctx, p.team),
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
