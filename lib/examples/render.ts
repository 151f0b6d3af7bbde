/**
 * The example DRA workloads of an environment, as plain Kubernetes objects. The same objects are
 * written to examples/k8s-dra/ (scripts/render-examples.ts) and applied by the examples stack.
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { KUBERNETES_VERSIONS } from "../cluster/versions";
import {
  exampleNodeGroup,
  type ExampleName,
  type ExamplesInput,
  type QueuedExampleName,
} from "./catalog";
import type { DeviceClaim } from "./dra-api";
import type { ExampleWaiver } from "./waivers";
import type { GangExampleName } from "./gang";
import { hardenExample } from "./hardening";
import { inference } from "./inference";
import { DEVICE_CLASSES, GPU_DRIVER_NAME } from "../nvidia/device-classes";
import { memoryShares } from "./memory-shares";
import type { NvidiaDeviceConfig } from "./gpu-config";
import { computeDomain } from "./compute-domain";
import {
  claimTemplate,
  CUDA_CHECK,
  gpuClass,
  gpuJob,
  JOB_NAME_LABEL,
  jobCleanup,
  namespace,
  resourceClaim,
  withConfig,
  type Context,
  type KubeObject,
  type Verification,
} from "./objects";

export {
  claimTemplate,
  CUDA_CHECK,
  gpuClass,
  gpuJob,
  gpuPod,
  JOB_NAME_LABEL,
  type Context,
  type KubeObject,
  type Verification,
} from "./objects";

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
  /**
   * Scanner findings this example keeps on purpose, each with why and what a fork changes to pass
   * (a long-running Deployment that cannot offer probes, say). Findings its images cause are
   * waived next to the image (lib/examples/hardening.ts IMAGES); lib/examples/waivers.ts
   * gathers both, and a finding with no waiver fails the tests and the examples stack's synth.
   */
  readonly waivers?: readonly ExampleWaiver[];
  readonly verify: readonly Verification[];
  readonly cleanup: readonly string[];
  /** Further manifest files (name -> objects) the README applies by hand; the stack applies none. */
  readonly extraManifests?: Readonly<Record<string, readonly KubeObject[]>>;
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
    return { ...example, objects: hardenExample(example.objects) };
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
    case "inference": {
      // Groups Volcano schedules belong to its gangs, and the memory-shares example needs its node
      // to itself (its third pod must find the GPU's memory taken by the other two, nothing else).
      const taken = new Set([
        ...(env.volcano?.nodeGroups ?? []),
        ...(env.examples.include.includes("memory-shares")
          ? [exampleNodeGroup("memory-shares", env.gpuNodeGroups)?.name]
          : []),
      ]);
      return inference(
        ctx,
        env.examples.inference,
        env.kubernetesVersion,
        env.gpuNodeGroups.filter((g) => !taken.has(g.name)),
      );
    }
    case "memory-shares":
      return memoryShares(ctx);
  }
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
      gpuJob(ctx, "gpu-job", { resourceClaimTemplateName: "single-gpu" }, CUDA_CHECK),
    ],
    verify: [
      {
        command: `kubectl -n ${ctx.namespace} get resourceclaims`,
        expect:
          "while the pod runs, one claim named gpu-job-<suffix>-gpu-<suffix>, state allocated,reserved",
      },
      {
        command: `kubectl -n ${ctx.namespace} logs job/gpu-job`,
        expect: `one line \`GPU 0: ${gpu} (UUID: GPU-...)\`, then \`Test PASSED\``,
      },
    ],
    cleanup: jobCleanup(ctx, "gpu-job"),
  };
}

function sharedGpu(
  ctx: Context,
  name: "time-slicing" | "mps",
  config: NvidiaDeviceConfig,
): Example {
  const claimName = "shared-gpu";
  const job = `${name}-job`;
  const isMps = name === "mps";
  return {
    name,
    title: isMps ? "Two pods share one GPU through MPS" : "Two pods share one GPU by time-slicing",
    shows: isMps
      ? "Both pods of the Job reference the same ResourceClaim, whose GpuConfig asks for MPS. The driver starts an MPS " +
        "control daemon for the claim; the pods' CUDA work runs concurrently on the GPU, each limited to a share " +
        "of its SMs and pinned memory."
      : "Both pods of the Job reference the same ResourceClaim (not a template, which would give each pod a GPU of its " +
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
      gpuJob(ctx, job, { resourceClaimName: claimName }, CUDA_CHECK, 2),
    ],
    verify: [
      {
        command: `kubectl -n ${ctx.namespace} get resourceclaim ${claimName} -o jsonpath='{.status.reservedFor[*].name}'`,
        expect: `while they run, both pods of the Job: \`${job}-<suffix> ${job}-<suffix>\``,
      },
      {
        command: `kubectl -n ${ctx.namespace} logs -l ${JOB_NAME_LABEL}=${job} --prefix | grep UUID`,
        expect: "one line per pod, both with the same GPU UUID: both pods run on one GPU",
      },
    ],
    cleanup: jobCleanup(ctx, job),
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
      gpuJob(ctx, "mig-job", { resourceClaimTemplateName: "mig-pair" }, CUDA_CHECK),
    ],
    verify: [
      {
        command: `kubectl -n ${ctx.namespace} logs job/mig-job`,
        expect: `one GPU with two MIG devices under it, \`MIG ${large} Device 0\` and \`MIG ${small} Device 1\`, then \`Test PASSED\``,
      },
    ],
    cleanup: jobCleanup(ctx, "mig-job"),
  };
}
