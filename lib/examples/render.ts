/**
 * The example DRA workloads of an environment, as plain Kubernetes objects. The same objects are
 * written to examples/k8s-dra/ (scripts/render-examples.ts) and applied by the examples stack.
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { GPU_TOLERATION, LABELS } from "../nodes/labels";
import { KUBERNETES_VERSIONS, type ResourceApiVersion } from "../cluster/versions";
import {
  exampleNodeGroup,
  type ExampleName,
  type ExamplesInput,
  type QueuedExampleName,
} from "./catalog";
import { renderDeviceClaim, type DeviceClaim } from "./dra-api";
import type { GangExampleName } from "./gang";
import { hardenWorkload, IMAGES } from "./hardening";
import { DEVICE_CLASSES, GPU_DRIVER_NAME } from "../nvidia/device-classes";
import { NVIDIA_RESOURCE_API_VERSION, type NvidiaDeviceConfig } from "./gpu-config";
import { memoryShares } from "./memory-shares";

/** Seconds the demo pods stay up after their checks, so sharing pods overlap and logs can be read. */
export const LINGER_SECONDS = 300;

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

export interface Verification {
  readonly command: string;
  readonly expect: string;
}

export interface Example {
  readonly name: ExampleName | QueuedExampleName | GangExampleName;
  readonly title: string;
  /** What the example demonstrates, for its README. */
  readonly shows: string;
  readonly strategy: string;
  readonly isolation: string;
  readonly whenToUse: string;
  readonly nodeGroup: string;
  readonly namespace: string;
  readonly objects: readonly KubeObject[];
  /** Pods meant to stay Pending (the allocation proof checks that they cannot be placed). @default [] */
  readonly pending?: readonly string[];
  readonly verify: readonly Verification[];
  readonly cleanup: readonly string[];
  /** Further manifest files (name -> objects) the README applies by hand; the stack applies none. */
  readonly extraManifests?: Readonly<Record<string, readonly KubeObject[]>>;
}

/** What an example is rendered for: the API version, its node group and namespace. */
export interface Context {
  readonly api: ResourceApiVersion;
  readonly group: ResolvedGpuNodeGroup;
  readonly namespace: string;
}

/** Renders every example the environment includes. */
export function renderExamples(env: ExamplesInput): Example[] {
  const api = KUBERNETES_VERSIONS[env.kubernetesVersion].resourceApiVersion;
  return env.examples.include.map((name) => {
    const group = exampleNodeGroup(name, env.gpuNodeGroups);
    if (!group)
      throw new Error(`example ${name} has no node group; resolveExamples should have refused it`);
    const ctx: Context = { api, group, namespace: `dra-${name}` };
    const example = render(ctx, name, env);
    return { ...example, objects: example.objects.map(hardenWorkload) };
  });
}

function render(ctx: Context, name: ExampleName, env: ExamplesInput): Example {
  switch (name) {
    case "basic":
      return basic(ctx);
    case "time-slicing":
      return sharedGpu(ctx, "time-slicing", env.examples.timeSlicing);
    case "mps":
      return sharedGpu(ctx, "mps", env.examples.mps);
    case "mig":
      return mig(ctx);
    case "compute-domain":
      return computeDomain(ctx);
    case "memory-shares":
      return memoryShares(ctx);
  }
}

const resourceApi = (ctx: Context) => `resource.k8s.io/${ctx.api}`;

function namespace(ctx: Context): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: ctx.namespace } };
}

export function claimTemplate(ctx: Context, name: string, claim: DeviceClaim): KubeObject {
  return {
    apiVersion: resourceApi(ctx),
    kind: "ResourceClaimTemplate",
    metadata: { name, namespace: ctx.namespace },
    spec: { spec: { devices: renderDeviceClaim(claim, ctx.api) } },
  };
}

function resourceClaim(ctx: Context, name: string, claim: DeviceClaim): KubeObject {
  return {
    apiVersion: resourceApi(ctx),
    kind: "ResourceClaim",
    metadata: { name, namespace: ctx.namespace },
    spec: { devices: renderDeviceClaim(claim, ctx.api) },
  };
}

type ClaimSource =
  { readonly resourceClaimName: string } | { readonly resourceClaimTemplateName: string };

/** Pod spec parts that put a pod on the example's node group: selector on its label, GPU toleration. */
export function placement(ctx: Context) {
  return {
    nodeSelector: { [LABELS.nodeGroup]: ctx.group.name },
    tolerations: [GPU_TOLERATION],
  };
}

export function gpuPod(
  ctx: Context,
  name: string,
  claim: ClaimSource,
  command: string,
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ctx.namespace, labels: { app: ctx.namespace } },
    spec: {
      restartPolicy: "Never",
      ...placement(ctx),
      resourceClaims: [{ name: "gpu", ...claim }],
      containers: [
        {
          name: "cuda",
          image: IMAGES.cudaSample.image,
          command: ["bash", "-c", command],
          resources: { claims: [{ name: "gpu" }] },
        },
      ],
    },
  };
}

/** Lists the devices the container got, runs a CUDA kernel on them, then stays up a while. */
export const CUDA_CHECK = `nvidia-smi -L && /cuda-samples/vectorAdd && sleep ${LINGER_SECONDS}`;

export const gpuClass = (count = 1): DeviceClaim => ({
  requests: [
    {
      name: "gpu",
      exactly: { deviceClassName: DEVICE_CLASSES.gpu, allocationMode: "ExactCount", count },
    },
  ],
});

function withConfig(claim: DeviceClaim, config: NvidiaDeviceConfig): DeviceClaim {
  return {
    ...claim,
    config: [{ requests: ["gpu"], opaque: { driver: GPU_DRIVER_NAME, parameters: config } }],
  };
}

function workloadCleanup(ctx: Context, kind: string, names: readonly string[]): string[] {
  return [
    `kubectl -n ${ctx.namespace} delete ${kind} ${names.join(" ")} --wait`,
    `kubectl delete namespace ${ctx.namespace}`,
  ];
}

function basic(ctx: Context): Example {
  const gpu = ctx.group.gpu.productName;
  return {
    name: "basic",
    title: "One exclusive GPU per pod",
    shows:
      "A pod asks for one GPU through a ResourceClaimTemplate. Kubernetes creates a claim for the pod, the DRA " +
      "driver allocates a whole GPU to it, and no other claim can get that GPU until the pod is gone.",
    strategy: "exclusive",
    isolation: "full GPU, nothing shared",
    whenToUse: "training and inference that need a whole GPU",
    nodeGroup: ctx.group.name,
    namespace: ctx.namespace,
    objects: [
      namespace(ctx),
      claimTemplate(ctx, "single-gpu", gpuClass()),
      gpuPod(ctx, "gpu-pod", { resourceClaimTemplateName: "single-gpu" }, CUDA_CHECK),
    ],
    verify: [
      {
        command: `kubectl -n ${ctx.namespace} get resourceclaims`,
        expect: "one claim named gpu-pod-gpu-<suffix>, state allocated,reserved",
      },
      {
        command: `kubectl -n ${ctx.namespace} logs gpu-pod`,
        expect: `one line \`GPU 0: ${gpu} (UUID: GPU-...)\`, then \`Test PASSED\``,
      },
    ],
    cleanup: workloadCleanup(ctx, "pod", ["gpu-pod"]),
  };
}

function sharedGpu(
  ctx: Context,
  name: "time-slicing" | "mps",
  config: NvidiaDeviceConfig,
): Example {
  const claimName = "shared-gpu";
  const pods = [`${name}-pod-a`, `${name}-pod-b`];
  const isMps = name === "mps";
  return {
    name,
    title: isMps ? "Two pods share one GPU through MPS" : "Two pods share one GPU by time-slicing",
    shows: isMps
      ? "Both pods reference the same ResourceClaim, whose GpuConfig asks for MPS. The driver starts an MPS " +
        "control daemon for the claim; the pods' CUDA work runs concurrently on the GPU, each limited to a share " +
        "of its SMs and pinned memory."
      : "Both pods reference the same ResourceClaim (not a template, which would give each pod a GPU of its " +
        "own), whose GpuConfig asks for time-slicing. The GPU runs the pods' kernels in turns with the " +
        "configured time slice.",
    strategy: isMps ? "MPS" : "time-slicing",
    isolation: isMps
      ? "SM share and pinned-memory limit per client; one fault affects all"
      : "none: shared memory, turns on the GPU",
    whenToUse: isMps
      ? "several small inference servers that must run at once"
      : "light, bursty jobs: notebooks, CI, dev",
    nodeGroup: ctx.group.name,
    namespace: ctx.namespace,
    objects: [
      namespace(ctx),
      resourceClaim(ctx, claimName, withConfig(gpuClass(), config)),
      ...pods.map((pod) => gpuPod(ctx, pod, { resourceClaimName: claimName }, CUDA_CHECK)),
    ],
    verify: [
      {
        command: `kubectl -n ${ctx.namespace} get resourceclaim ${claimName} -o jsonpath='{.status.reservedFor[*].name}'`,
        expect: `both pods: \`${pods.join(" ")}\``,
      },
      {
        command: pods
          .map((pod) => `kubectl -n ${ctx.namespace} logs ${pod} | head -1`)
          .join(" && "),
        expect: "the same GPU UUID twice: both pods run on one GPU",
      },
    ],
    cleanup: workloadCleanup(ctx, "pod", pods),
  };
}

/** Two MIG devices of the node group's layout, the largest and the smallest profile. */
function migProfiles(group: ResolvedGpuNodeGroup): [string, string] {
  const layout = group.mig!.layout;
  const bySize = group.gpu.migProfiles.filter((p) => (layout[p.name] ?? 0) > 0).map((p) => p.name);
  const large = bySize[bySize.length - 1];
  const small = bySize.length > 1 ? bySize[0] : large;
  return [large, small];
}

function mig(ctx: Context): Example {
  const [large, small] = migProfiles(ctx.group);
  const profileIs = (profile: string) => ({
    cel: { expression: `device.attributes['${GPU_DRIVER_NAME}'].profile == '${profile}'` },
  });
  const claim: DeviceClaim = {
    requests: [
      {
        name: "large",
        exactly: { deviceClassName: DEVICE_CLASSES.mig, selectors: [profileIs(large)] },
      },
      {
        name: "small",
        exactly: { deviceClassName: DEVICE_CLASSES.mig, selectors: [profileIs(small)] },
      },
    ],
    // Both MIG devices must come from the same physical GPU.
    constraints: [
      { requests: ["large", "small"], matchAttribute: `${GPU_DRIVER_NAME}/parentUUID` },
    ],
  };
  return {
    name: "mig",
    title: `Two MIG devices (${large} and ${small}) of one GPU`,
    shows:
      `The ${ctx.group.name} nodes split each ${ctx.group.gpu.productName} with the MIG layout ` +
      `"${ctx.group.mig!.layoutName}". The claim asks for a ${large} and a ${small} device by profile and, through a ` +
      "parentUUID constraint, for both to come from the same physical GPU.",
    strategy: "MIG",
    isolation: "hardware: own SMs, memory and cache per device",
    whenToUse: "several workloads that each need guaranteed GPU memory and compute",
    nodeGroup: ctx.group.name,
    namespace: ctx.namespace,
    objects: [
      namespace(ctx),
      claimTemplate(ctx, "mig-pair", claim),
      gpuPod(ctx, "mig-pod", { resourceClaimTemplateName: "mig-pair" }, CUDA_CHECK),
    ],
    verify: [
      {
        command: `kubectl -n ${ctx.namespace} logs mig-pod`,
        expect: `one GPU with two MIG devices under it, \`MIG ${large} Device 0\` and \`MIG ${small} Device 1\`, then \`Test PASSED\``,
      },
    ],
    cleanup: workloadCleanup(ctx, "pod", ["mig-pod"]),
  };
}

function computeDomain(ctx: Context): Example {
  const group = ctx.group;
  const domain = "imex-domain";
  const channelTemplate = "imex-channel";
  const nodes = 2;
  const app = { app: "imex-check" };
  // On a device-plugin group the GPUs come as nvidia.com/gpu; on a DRA group, from a claim.
  const draGpus = group.allocation === "dra";
  const gpuCount = group.instance.gpusPerInstance;
  const command =
    "nvidia-smi -L && ls -l /dev/nvidia-caps-imex-channels && " +
    `nvidia-smi -q | grep -A 3 -i fabric && sleep ${LINGER_SECONDS}`;
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
          resourceClaims: [
            { name: "imex", resourceClaimTemplateName: channelTemplate },
            ...(draGpus ? [{ name: "gpus", resourceClaimTemplateName: "all-gpus" }] : []),
          ],
          containers: [
            {
              name: "check",
              image: IMAGES.cudaBase.image,
              command: ["bash", "-c", command],
              resources: {
                claims: [{ name: "imex" }, ...(draGpus ? [{ name: "gpus" }] : [])],
                ...(draGpus ? {} : { limits: { "nvidia.com/gpu": gpuCount } }),
              },
            },
          ],
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
