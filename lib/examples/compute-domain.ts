/** The ComputeDomain example: an IMEX channel across two NVLink-connected nodes. */
import type { Example } from "./render";
import { IMAGES } from "./hardening";
import { NVIDIA_RESOURCE_API_VERSION } from "./gpu-config";
import {
  claimTemplate,
  gpuClass,
  LINGER_SECONDS,
  namespace,
  placement,
  type Context,
  type KubeObject,
} from "./objects";

/** Lists the GPUs, the IMEX channels and the fabric state a pod got, then stays up a while. */
const IMEX_CHECK =
  "nvidia-smi -L && ls -l /dev/nvidia-caps-imex-channels && " +
  `nvidia-smi -q | grep -A 3 -i fabric && sleep ${LINGER_SECONDS}`;

/**
 * A ComputeDomain pod's claims and its check container: an IMEX channel from the domain's template
 * and the node's GPUs, from a DRA claim template on a DRA group or as `nvidia.com/gpu` from the
 * device plugin on a device-plugin group.
 */
export function imexCheck(
  ctx: Context,
  channelTemplate: string,
  gpus: { readonly draTemplate: string; readonly count: number },
) {
  const draGpus = ctx.group.allocation === "dra";
  return {
    resourceClaims: [
      { name: "imex", resourceClaimTemplateName: channelTemplate },
      ...(draGpus ? [{ name: "gpus", resourceClaimTemplateName: gpus.draTemplate }] : []),
    ],
    containers: [
      {
        name: "check",
        image: IMAGES.cudaBase.image,
        command: ["bash", "-c", IMEX_CHECK],
        resources: {
          claims: [{ name: "imex" }, ...(draGpus ? [{ name: "gpus" }] : [])],
          ...(draGpus ? {} : { limits: { "nvidia.com/gpu": gpus.count } }),
        },
      },
    ],
  };
}

export function computeDomain(ctx: Context): Example {
  const group = ctx.group;
  const domain = "imex-domain";
  const channelTemplate = "imex-channel";
  const nodes = 2;
  const app = { app: "imex-check" };
  // On a device-plugin group the GPUs come as nvidia.com/gpu; on a DRA group, from a claim.
  const draGpus = group.allocation === "dra";
  const gpuCount = group.instance.gpusPerInstance;
  const job: KubeObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "imex-check", namespace: ctx.namespace },
    spec: {
      completions: nodes,
      parallelism: nodes,
      backoffLimit: 0,
      template: {
        metadata: { labels: app },
        spec: {
          restartPolicy: "Never",
          ...placement(ctx),
          affinity: {
            // All pods in one NVLink domain (GPU Feature Discovery labels nodes with their clique) ...
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: app }, topologyKey: "nvidia.com/gpu.clique" },
              ],
            },
            // ... and on different nodes, so the channel spans nodes.
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: app }, topologyKey: "kubernetes.io/hostname" },
              ],
            },
          },
          ...imexCheck(ctx, channelTemplate, { draTemplate: "all-gpus", count: gpuCount }),
        },
      },
    },
  };
  return {
    name: "compute-domain",
    title: "A ComputeDomain spanning two NVLink-connected nodes",
    shows:
      "A ComputeDomain asks the DRA driver for an IMEX domain; its controller creates the ResourceClaimTemplate " +
      `named in the spec. Each pod of the Job claims a channel from it and lands on a different ${group.name} node ` +
      "of the same NVLink clique, so GPU memory can be shared across the nodes over multi-node NVLink.",
    strategy: "ComputeDomain (IMEX)",
    isolation: "whole nodes; IMEX channel per workload",
    whenToUse: `multi-node training or inference across the ${group.gpu.productName} NVLink domain of an UltraServer`,
    nodeGroup: group.name,
    namespace: ctx.namespace,
    objects: [
      namespace(ctx),
      {
        apiVersion: NVIDIA_RESOURCE_API_VERSION,
        kind: "ComputeDomain",
        metadata: { name: domain, namespace: ctx.namespace },
        // numNodes is deprecated since driver 0.4: 0 lets the domain follow its pods.
        spec: { numNodes: 0, channel: { resourceClaimTemplate: { name: channelTemplate } } },
      },
      ...(draGpus ? [claimTemplate(ctx, "all-gpus", gpuClass(gpuCount))] : []),
      job,
    ],
    verify: [
      {
        command: `kubectl -n ${ctx.namespace} get computedomain ${domain} -o jsonpath='{.status.status}'`,
        expect: "`Ready` once both pods run",
      },
      {
        command: `kubectl -n ${ctx.namespace} logs -l app=imex-check --prefix`,
        expect: `from each pod: ${gpuCount} ${group.gpu.productName} GPUs, \`/dev/nvidia-caps-imex-channels/channel0\`, and a fabric state of \`Completed\``,
      },
    ],
    cleanup: [
      `kubectl -n ${ctx.namespace} delete job imex-check --wait`,
      `kubectl -n ${ctx.namespace} delete computedomain ${domain} --wait`,
      `kubectl delete namespace ${ctx.namespace}`,
    ],
  };
}
