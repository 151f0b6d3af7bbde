/**
 * Example jobs submitted through the environment's GPU queues: one exclusive GPU, and one MIG
 * device, each from a ResourceClaimTemplate so Kueue counts the device against the team's quota.
 * Each example brings a namespace of its own that belongs to the first team, with a LocalQueue
 * feeding that team's ClusterQueue, so deleting the example never touches a team's namespace.
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { KUBERNETES_VERSIONS } from "../cluster/versions";
import { PRIORITY_CLASS_LABEL, QUEUE_NAME_LABEL } from "../queueing/chart";
import { queuedWorkloadProblems, uncoveredResourceProblems } from "../queueing/admissible";
import { LOCAL_QUEUE, localQueue, teamNamespace } from "../queueing/queue-objects";
import {
  DEVICE_CLASSES,
  QUOTA_RESOURCES,
  coveredResources,
  deviceClassMappings,
} from "../queueing/resources";
import type { ResolvedQueueing, ResolvedTeam } from "../queueing/settings";
import type { KubernetesVersion } from "../cluster/versions";
import { QUEUED_EXAMPLES, exampleNodeGroup, type QueuedExampleName } from "./catalog";
import type { DeviceClaim } from "./dra-api";
import { hardenExample } from "./hardening";
import { GPU_DRIVER_NAME } from "../nvidia/device-classes";
import {
  CUDA_CHECK,
  claimTemplate,
  gpuClass,
  gpuPod,
  type Context,
  type Example,
  type KubeObject,
} from "./render";

/** The queued examples the environment can run: it queues jobs and has each one's node group. */
/** What the queued examples are rendered from; a resolved environment is one. */
export interface QueuedExamplesInput {
  readonly name: string;
  readonly kubernetesVersion: KubernetesVersion;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  readonly queueing?: ResolvedQueueing;
}

export function queuedExampleNames(env: QueuedExamplesInput): QueuedExampleName[] {
  if (!env.queueing) return [];
  return (Object.keys(QUEUED_EXAMPLES) as QueuedExampleName[]).filter((name) =>
    exampleNodeGroup(QUEUED_EXAMPLES[name], env.gpuNodeGroups),
  );
}

/** Renders every queued example of the environment, refusing one Kueue could not count. */
export function renderQueuedExamples(env: QueuedExamplesInput): Example[] {
  const team = env.queueing?.teams[0];
  if (!team) return [];
  const api = KUBERNETES_VERSIONS[env.kubernetesVersion].resourceApiVersion;
  const mappings = deviceClassMappings(env.gpuNodeGroups);
  const mapped = mappings.flatMap((m) => m.deviceClassNames);
  const covered = coveredResources(env.gpuNodeGroups);
  return queuedExampleNames(env).map((name) => {
    const group = exampleNodeGroup(QUEUED_EXAMPLES[name], env.gpuNodeGroups)!;
    const ctx: Context = { api, group, namespace: name };
    const built = name === "queued-gpu" ? queuedGpu(ctx, team) : queuedMig(ctx, team);
    const example = { ...built, objects: hardenExample(built.objects) };
    const problems = [
      ...queuedWorkloadProblems(example.objects, mapped),
      ...uncoveredResourceProblems(example.objects, mappings, team.name, covered),
    ];
    if (problems.length > 0) throw new Error(`example ${name}: ${problems.join("; ")}`);
    return example;
  });
}

/** A Job of one pod submitted to the namespace's LocalQueue at priority `normal`. */
function queuedJob(ctx: Context, name: string, claimTemplateName: string): KubeObject {
  const pod = gpuPod(ctx, name, { resourceClaimTemplateName: claimTemplateName }, CUDA_CHECK);
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: ctx.namespace,
      labels: { [QUEUE_NAME_LABEL]: LOCAL_QUEUE, [PRIORITY_CLASS_LABEL]: "normal" },
    },
    spec: {
      backoffLimit: 0,
      template: { metadata: { labels: pod.metadata.labels }, spec: pod.spec },
    },
  };
}

/** The example's namespace, owned by the team, and its LocalQueue. */
function queue(ctx: Context, team: ResolvedTeam): KubeObject[] {
  return [teamNamespace(ctx.namespace, team.name), localQueue(ctx.namespace, team.name)];
}

function verify(ctx: Context, team: ResolvedTeam, job: string, resource: string) {
  return [
    {
      command: `kubectl -n ${ctx.namespace} get workloads`,
      expect: `one workload for job ${job}, ADMITTED \`True\`, in ClusterQueue \`${team.name}\``,
    },
    {
      command: `kubectl get clusterqueue ${team.name} -o jsonpath='{.status.flavorsReservation}'`,
      expect: `\`${resource}\` with a total of 1 on flavor \`${ctx.group.name}\` while the job runs`,
    },
  ];
}

function cleanup(ctx: Context, job: string): string[] {
  return [
    `kubectl -n ${ctx.namespace} delete job ${job} --wait`,
    `kubectl delete namespace ${ctx.namespace}`,
  ];
}

function queuedGpu(ctx: Context, team: ResolvedTeam): Example {
  const job = "queued-gpu";
  const gpu = ctx.group.gpu.productName;
  return {
    name: "queued-gpu",
    title: "A queued job with one exclusive GPU",
    shows:
      `The job is submitted to the LocalQueue \`${LOCAL_QUEUE}\`, which feeds team ${team.name}'s ClusterQueue. Kueue ` +
      "holds it suspended until the team's quota (or quota borrowed from an idle team) has a GPU free, counts the " +
      "GPU its ResourceClaimTemplate asks for, and then lets it start; the DRA driver still picks the device.",
    strategy: "exclusive, queued",
    isolation: "full GPU; quota per team",
    whenToUse: "teams sharing GPUs under quotas",
    nodeGroup: ctx.group.name,
    namespace: ctx.namespace,
    objects: [
      ...queue(ctx, team),
      claimTemplate(ctx, "single-gpu", gpuClass()),
      queuedJob(ctx, job, "single-gpu"),
    ],
    verify: [
      ...verify(ctx, team, job, QUOTA_RESOURCES.gpu),
      {
        command: `kubectl -n ${ctx.namespace} logs job/${job}`,
        expect: `one line \`GPU 0: ${gpu} (UUID: GPU-...)\`, then \`Test PASSED\``,
      },
    ],
    cleanup: cleanup(ctx, job),
  };
}

/** The smallest MIG profile of the group's layout. */
function smallestProfile(group: ResolvedGpuNodeGroup): string {
  const layout = group.mig!.layout;
  return group.gpu.migProfiles.find((p) => (layout[p.name] ?? 0) > 0)!.name;
}

function queuedMig(ctx: Context, team: ResolvedTeam): Example {
  const job = "queued-mig";
  const profile = smallestProfile(ctx.group);
  const claim: DeviceClaim = {
    requests: [
      {
        name: "gpu",
        exactly: {
          deviceClassName: DEVICE_CLASSES.mig,
          allocationMode: "ExactCount",
          count: 1,
          selectors: [
            {
              cel: {
                expression: `device.attributes['${GPU_DRIVER_NAME}'].profile == '${profile}'`,
              },
            },
          ],
        },
      },
    ],
  };
  return {
    name: "queued-mig",
    title: `A queued job with one MIG device (${profile})`,
    shows:
      `The job asks for one ${profile} MIG device of the ${ctx.group.name} nodes through a ResourceClaimTemplate and ` +
      `waits in team ${team.name}'s queue. Kueue counts the MIG device as one unit of the team's MIG quota, ` +
      "whatever its profile: a quota in MIG devices is only meaningful when the layout's devices are alike.",
    strategy: "MIG, queued",
    isolation: "hardware MIG slice; quota per team",
    whenToUse: "many small queued jobs on partitioned GPUs",
    nodeGroup: ctx.group.name,
    namespace: ctx.namespace,
    objects: [
      ...queue(ctx, team),
      claimTemplate(ctx, "one-mig", claim),
      queuedJob(ctx, job, "one-mig"),
    ],
    verify: [
      ...verify(ctx, team, job, QUOTA_RESOURCES.mig),
      {
        command: `kubectl -n ${ctx.namespace} logs job/${job}`,
        expect: `one GPU with one MIG device under it, \`MIG ${profile} Device 0\`, then \`Test PASSED\``,
      },
    ],
    cleanup: cleanup(ctx, job),
  };
}
