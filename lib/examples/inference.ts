/**
 * The inference example: a Deployment whose replicas each take one whole GPU through a DRA claim
 * template, scaled by a KEDA ScaledObject on those replicas' GPU utilization, preferring Spot GPU
 * nodes and surviving their two-minute interruption notice.
 *
 * Why a whole GPU per replica (exclusive, no sharing): a replica is the unit of capacity the
 * autoscaler adds, so it must bring a GPU of its own; DCGM_FI_DEV_GPU_UTIL is per physical GPU, so
 * with time-slicing or MPS every pod on a GPU would report the GPU's total and a scale-up would only
 * add pods to the GPU that is already busy; it reads 0 on MIG devices (dcgm-exporter#216); and a
 * model server's memory is then its own, with no neighbour to run it out of memory.
 */
import { attributesDraPods } from "../nvidia/dcgm-exporter";
import { DEVICE_CLASSES, GPU_DRIVER_NAME } from "../nvidia/device-classes";
import { toleratesAll } from "../kubernetes";
import type { KubernetesVersion } from "../cluster/versions";
import { SCALED_OBJECT_API_VERSION } from "../keda/release";
import { prometheusServerAddress } from "../monitoring/release";
import { podGpuUtilization } from "../monitoring/queries";
import { GPU_TAINT, GPU_TOLERATION, LABELS, SPOT_TAINT, SPOT_TOLERATION } from "../nodes/labels";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { scaleDownTolerance, type ResolvedInference } from "./inference-settings";
import { IMAGES } from "./hardening";
import { renderDeviceClaim, type DeviceClaim } from "./dra-api";
import type { Context, Example, KubeObject } from "./render";

export const INFERENCE_DEPLOYMENT = "inference-server";
const CLAIM_TEMPLATE = "inference-gpu";

/** EC2's Spot interruption notice: the instance stops two minutes after it. */
export const SPOT_NOTICE_SECONDS = 120;
/**
 * Of the notice, what EKS needs to cordon the node and start evicting (it drains Spot nodes of
 * managed node groups on the notice) and the kubelet to stop the containers: the pod's whole grace
 * period must fit in what is left.
 */
export const DRAIN_START_MARGIN_SECONDS = 20;
/** Seconds between the pod leaving its Service's endpoints and SIGTERM: in-flight requests finish. */
export const PRESTOP_SLEEP_SECONDS = 30;
/** preStop plus the server's own shutdown; within the notice less the margin. */
export const TERMINATION_GRACE_SECONDS = 90;

/** The HPA's scale-down tolerance is served (beta, on by default) from this minor. */
const HPA_TOLERANCE_MINOR = 35;

const minor = (version: KubernetesVersion) => Number(version.split(".")[1]);

/**
 * The groups the replicas may run on: every DRA group without MIG whose GPUs are of the primary
 * group's model, so a claim fits each of them the same way.
 */
export function inferenceNodeGroups(
  primary: ResolvedGpuNodeGroup,
  groups: readonly ResolvedGpuNodeGroup[],
): ResolvedGpuNodeGroup[] {
  return groups.filter(
    (g) => g.allocation === "dra" && !g.mig && g.gpu.productName === primary.gpu.productName,
  );
}

/** A pod spec's scheduling, to check it against the node groups it can land on. */
interface PodScheduling {
  readonly tolerations?: readonly { key: string; operator: "Exists" | "Equal"; value?: string }[];
  readonly terminationGracePeriodSeconds?: number;
  readonly containers: readonly { lifecycle?: { preStop?: { sleep?: { seconds: number } } } }[];
}

/**
 * Why the inference Deployment could not survive on the groups it targets: a Spot group it would not
 * tolerate (its replicas would never land there), or a grace period longer than a Spot notice
 * allows. Empty when it is sound.
 */
export function inferenceProblems(
  deployment: KubeObject,
  groups: readonly ResolvedGpuNodeGroup[],
): string[] {
  const pod = (deployment.spec as { template: { spec: PodScheduling } }).template.spec;
  const tolerations = (pod.tolerations ?? []) as Parameters<typeof toleratesAll>[0];
  const problems: string[] = [];
  for (const group of groups.filter((g) => g.capacity.kind === "spot")) {
    if (!toleratesAll(tolerations, [GPU_TAINT, SPOT_TAINT])) {
      problems.push(
        `the ${deployment.metadata.name} pods do not tolerate the Spot taint ${SPOT_TAINT.key}=${SPOT_TAINT.value}:` +
          `${SPOT_TAINT.effect} of node group ${group.name}, so they could never run there; add the toleration ` +
          "(and a preStop drain that fits the two-minute notice) or target on-demand groups only",
      );
    }
  }
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  const budget = SPOT_NOTICE_SECONDS - DRAIN_START_MARGIN_SECONDS;
  if (groups.some((g) => g.capacity.kind === "spot") && grace > budget) {
    problems.push(
      `the ${deployment.metadata.name} pods' terminationGracePeriodSeconds ${grace} does not fit a Spot interruption: ` +
        `EC2 stops the node ${SPOT_NOTICE_SECONDS} s after the notice and draining starts up to ` +
        `${DRAIN_START_MARGIN_SECONDS} s later; use ${budget} or less`,
    );
  }
  for (const container of pod.containers) {
    const sleep = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
    if (sleep >= grace) {
      problems.push(
        `the ${deployment.metadata.name} preStop sleep of ${sleep} s uses the whole grace period of ${grace} s, leaving ` +
          "the server no time to stop; shorten the sleep",
      );
    }
  }
  return problems;
}

export function inference(
  ctx: Context,
  settings: ResolvedInference,
  kubernetesVersion: KubernetesVersion,
  groups: readonly ResolvedGpuNodeGroup[],
): Example {
  if (!attributesDraPods(kubernetesVersion))
    throw new Error(
      `the inference example needs per-pod DRA GPU metrics (Kubernetes 1.34+), not ${kubernetesVersion}; resolveExamples should have refused it`,
    );
  const targets = inferenceNodeGroups(ctx.group, groups);
  const app = { app: INFERENCE_DEPLOYMENT };
  const claim: DeviceClaim = {
    requests: [
      {
        name: "gpu",
        exactly: { deviceClassName: DEVICE_CLASSES.gpu, allocationMode: "ExactCount", count: 1 },
      },
    ],
  };
  const claimTemplate: KubeObject = {
    apiVersion: `resource.k8s.io/${ctx.api}`,
    kind: "ResourceClaimTemplate",
    metadata: { name: CLAIM_TEMPLATE, namespace: ctx.namespace },
    spec: { spec: { devices: renderDeviceClaim(claim, ctx.api) } },
  };
  const deployment: KubeObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: INFERENCE_DEPLOYMENT, namespace: ctx.namespace, labels: app },
    // No `replicas`: KEDA's HPA owns the count, and the examples stack must not reset it.
    spec: {
      selector: { matchLabels: app },
      // A new replica gets its GPU before an old one gives its own up.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: app },
        spec: {
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: LABELS.nodeGroup, operator: "In", values: targets.map((g) => g.name) },
                    ],
                  },
                ],
              },
              // Spot first; on-demand nodes of the same GPU take replicas Spot cannot.
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  preference: {
                    matchExpressions: [{ key: LABELS.spot, operator: "In", values: ["true"] }],
                  },
                },
              ],
            },
          },
          tolerations: [GPU_TOLERATION, SPOT_TOLERATION],
          resourceClaims: [{ name: "gpu", resourceClaimTemplateName: CLAIM_TEMPLATE }],
          containers: [
            {
              name: "server",
              image: IMAGES.cudaSample.image,
              // Stands in for a model server: keeps the GPU busy so the ScaledObject has a reading.
              command: [
                "bash",
                "-c",
                "nvidia-smi -L && while true; do /cuda-samples/vectorAdd > /dev/null; done",
              ],
              resources: { claims: [{ name: "gpu" }] },
              // Ready and alive while the claimed GPU answers; a model server probes its health endpoint.
              readinessProbe: {
                exec: { command: ["nvidia-smi", "-L"] },
                periodSeconds: 10,
                timeoutSeconds: 10,
              },
              livenessProbe: {
                exec: { command: ["nvidia-smi", "-L"] },
                periodSeconds: 30,
                timeoutSeconds: 10,
                failureThreshold: 3,
              },
              lifecycle: { preStop: { sleep: { seconds: PRESTOP_SLEEP_SECONDS } } },
            },
          ],
        },
      },
    },
  };
  const { thresholds } = settings;
  const tolerance = minor(kubernetesVersion) >= HPA_TOLERANCE_MINOR;
  const scaledObject: KubeObject = {
    apiVersion: SCALED_OBJECT_API_VERSION,
    kind: "ScaledObject",
    metadata: { name: INFERENCE_DEPLOYMENT, namespace: ctx.namespace },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: INFERENCE_DEPLOYMENT },
      pollingInterval: 15,
      // Applies to scaling to zero only, which minReplicaCount >= 1 rules out; kept at KEDA's default.
      cooldownPeriod: 300,
      minReplicaCount: settings.minReplicas,
      maxReplicaCount: settings.maxReplicas,
      // While the query fails (Prometheus down, no attributed series): never fewer replicas than now.
      fallback: {
        failureThreshold: 3,
        replicas: settings.fallbackReplicas,
        behavior: "currentReplicasIfHigher",
      },
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            scaleUp: {
              stabilizationWindowSeconds: 0,
              selectPolicy: "Max",
              policies: [
                { type: "Percent", value: 100, periodSeconds: 15 },
                { type: "Pods", value: 2, periodSeconds: 15 },
              ],
              ...(tolerance ? { tolerance: 0 } : {}),
            },
            scaleDown: {
              stabilizationWindowSeconds: 600,
              selectPolicy: "Min",
              policies: [{ type: "Pods", value: 1, periodSeconds: 120 }],
              ...(tolerance ? { tolerance: scaleDownTolerance(thresholds) } : {}),
            },
          },
        },
      },
      triggers: [
        {
          type: "prometheus",
          name: "gpu-utilization",
          metricType: "Value",
          metadata: {
            serverAddress: prometheusServerAddress(),
            query: podGpuUtilization({
              namespace: ctx.namespace,
              podPattern: `${INFERENCE_DEPLOYMENT}-[a-z0-9]+-[a-z0-9]+`,
              draDriver: GPU_DRIVER_NAME,
            }),
            threshold: String(thresholds.scaleUp),
            activationThreshold: String(thresholds.scaleDown),
            // No series is a failure, not 0%: fallback holds the replicas instead of shrinking them.
            ignoreNullValues: "false",
          },
        },
      ],
    },
  };
  const problems = inferenceProblems(deployment, targets);
  if (problems.length > 0) throw new Error(`example inference: ${problems.join("; ")}`);
  const names = targets.map((g) => `\`${g.name}\``).join(", ");
  return {
    name: "inference",
    title: "GPU inference that scales on its GPU utilization",
    shows:
      `A Deployment whose replicas each claim one whole ${ctx.group.gpu.productName} through a ResourceClaimTemplate, ` +
      `scaled by a KEDA ScaledObject on the replicas' average GPU utilization (workload type ${settings.workloadType}: ` +
      `add replicas above ${thresholds.scaleUp}%, remove them below ${thresholds.scaleDown}%, ${settings.minReplicas}-` +
      `${settings.maxReplicas} replicas, ${settings.fallbackReplicas} or the current count while the metric is missing). ` +
      `Replicas run on the node groups ${names}, Spot first; a replica that does not fit brings a new node through ` +
      `the Cluster Autoscaler. On a Spot interruption each pod gets a ${PRESTOP_SLEEP_SECONDS} s preStop drain within a ` +
      `${TERMINATION_GRACE_SECONDS} s grace period, inside the two-minute notice; its claim is deallocated and the ` +
      "replacement replica gets a new GPU. The container stands in for a model server (it runs a CUDA kernel in a " +
      "loop); put your server's image and command in its place and keep the claim, tolerations and lifecycle.",
    strategy: "exclusive, autoscaled",
    isolation: "full GPU per replica",
    whenToUse: "model serving that follows its traffic",
    nodeGroup: ctx.group.name,
    namespace: ctx.namespace,
    objects: [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: ctx.namespace } },
      claimTemplate,
      deployment,
      scaledObject,
    ],
    verify: [
      {
        command: `kubectl -n ${ctx.namespace} get scaledobject ${INFERENCE_DEPLOYMENT}`,
        expect:
          "READY `True`; ACTIVE turns `True` once the replicas' GPU utilization passes the scale-down point",
      },
      {
        command: `kubectl -n ${ctx.namespace} get hpa keda-hpa-${INFERENCE_DEPLOYMENT}`,
        expect: `the HPA KEDA created, target ${thresholds.scaleUp} for the external metric`,
      },
      {
        command: `kubectl -n ${ctx.namespace} get resourceclaims`,
        expect: "one allocated claim per replica, named after its pod",
      },
    ],
    cleanup: [
      `kubectl -n ${ctx.namespace} delete scaledobject ${INFERENCE_DEPLOYMENT} --wait`,
      `kubectl -n ${ctx.namespace} delete deployment ${INFERENCE_DEPLOYMENT} --wait`,
      `kubectl delete namespace ${ctx.namespace}`,
    ],
  };
}
