/**
 * Two pods share one GPU by the memory their claims request, and a third that does not fit waits.
 * Needs an environment with nvidia.consumableShares (lib/nvidia/consumable-shares.ts) and a DRA node
 * group with one GPU per node, so "does not fit" cannot be met by another GPU of the same node.
 * All three pods must share a node (required pod affinity on the first pod), so the autoscaler
 * cannot make room for the third on a new node either: it stays Pending until a sharer leaves.
 */
import { DEVICE_CLASSES } from "../nvidia/device-classes";
import type { DeviceClaim } from "./dra-api";
import {
  claimTemplate,
  CUDA_CHECK,
  gpuJob,
  type Context,
  type Example,
  type KubeObject,
} from "./render";

/** Memory each pod's claim asks for; the first two fit on a 24 GB L4 together, the third does not. */
export const MEMORY_SHARE_PODS = [
  { pod: "share-a", memory: "8Gi" },
  { pod: "share-b", memory: "12Gi" },
  { pod: "share-c", memory: "8Gi" },
] as const;

const ANCHOR = { "memory-shares/anchor": "true" };

function memoryClaim(memory: string): DeviceClaim {
  return {
    requests: [
      {
        name: "gpu",
        exactly: {
          deviceClassName: DEVICE_CLASSES.gpu,
          allocationMode: "ExactCount",
          count: 1,
          capacity: { requests: { memory } },
        },
      },
    ],
  };
}

/**
 * One sharer as a one-pod Job (the demo runs to completion). The first carries the anchor label;
 * the others need a pod with it on their node, so all three meet on one node.
 */
function sharingJob(ctx: Context, name: string, template: string, anchor: boolean): KubeObject {
  const job = gpuJob(ctx, name, { resourceClaimTemplateName: template }, CUDA_CHECK);
  const spec = job.spec as {
    template: { metadata: { labels: Record<string, string> }; spec: object };
  };
  const podSpec = spec.template.spec;
  return {
    ...job,
    spec: {
      ...spec,
      template: {
        metadata: { labels: { ...spec.template.metadata.labels, ...(anchor ? ANCHOR : {}) } },
        spec: anchor
          ? podSpec
          : {
              ...podSpec,
              affinity: {
                podAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: [
                    {
                      labelSelector: { matchLabels: ANCHOR },
                      topologyKey: "kubernetes.io/hostname",
                    },
                  ],
                },
              },
            },
      },
    },
  };
}

export function memoryShares(ctx: Context): Example {
  const gpu = ctx.group.gpu;
  const templates = [...new Set(MEMORY_SHARE_PODS.map((p) => p.memory))];
  const templateName = (memory: string) => `gpu-${memory.toLowerCase()}`;
  const [a, b, c] = MEMORY_SHARE_PODS;
  return {
    name: "memory-shares",
    title: `Two pods share one ${gpu.productName} by memory; a third waits`,
    shows:
      `Each pod's claim asks for one GPU and a share of its memory (\`capacity.requests.memory\`): ${a.pod} ${a.memory}, ` +
      `${b.pod} ${b.memory}, ${c.pod} ${c.memory}. With the DRA driver's consumable shares on, the scheduler gives ` +
      `${a.pod} and ${b.pod} the same ${gpu.memoryGiB} GB GPU; ${c.pod} must share their node and does not fit in what ` +
      "is left, so it stays Pending until one of them ends. The shares are bookkeeping for the scheduler: nothing " +
      "on the GPU stops a process from using more memory than its claim asked for.",
    strategy: "consumable shares (memory)",
    isolation: "none on the GPU: memory shares are scheduled, not enforced",
    whenToUse: "several small inference servers whose memory needs are known",
    nodeGroup: ctx.group.name,
    namespace: ctx.namespace,
    objects: [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: ctx.namespace } },
      ...templates.map((memory) => claimTemplate(ctx, templateName(memory), memoryClaim(memory))),
      ...MEMORY_SHARE_PODS.map((p, i) => sharingJob(ctx, p.pod, templateName(p.memory), i === 0)),
    ],
    pending: [c.pod],
    verify: [
      {
        command: `kubectl -n ${ctx.namespace} get pods -o wide`,
        expect: `${a.pod} and ${b.pod} Running on one node, ${c.pod} Pending`,
      },
      {
        command: `kubectl -n ${ctx.namespace} get resourceclaims -o custom-columns=NAME:.metadata.name,DEVICE:.status.allocation.devices.results[0].device,MEMORY:.status.allocation.devices.results[0].consumedCapacity.memory`,
        expect: `two allocated claims on the same device, consuming ${a.memory} and ${b.memory}; ${c.pod}'s claim unallocated`,
      },
      {
        command: `kubectl -n ${ctx.namespace} describe pod -l batch.kubernetes.io/job-name=${c.pod} | tail -3`,
        expect: "a FailedScheduling event: the node cannot allocate all of the pod's claims",
      },
    ],
    cleanup: [
      `kubectl -n ${ctx.namespace} delete job ${MEMORY_SHARE_PODS.map((p) => p.pod).join(" ")} --wait`,
      `kubectl delete namespace ${ctx.namespace}`,
    ],
  };
}
