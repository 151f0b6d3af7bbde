/**
 * The Kubernetes objects the examples are built from: namespaces, claims, the GPU pod and Job,
 * and the shapes they share. lib/examples/render.ts and queued.ts compose them into examples.
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { GPU_TOLERATION, LABELS } from "../nodes/labels";
import type { ResourceApiVersion } from "../cluster/versions";
import { renderDeviceClaim, type DeviceClaim } from "./dra-api";
import { IMAGES } from "./hardening";
import { DEVICE_CLASSES, GPU_DRIVER_NAME } from "../nvidia/device-classes";
import type { NvidiaDeviceConfig } from "./gpu-config";

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

/** What an example is rendered for: the API version, its node group and namespace. */
export interface Context {
  readonly api: ResourceApiVersion;
  readonly group: ResolvedGpuNodeGroup;
  readonly namespace: string;
}

const resourceApi = (ctx: Context) => `resource.k8s.io/${ctx.api}`;

export function namespace(ctx: Context): KubeObject {
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

export function resourceClaim(ctx: Context, name: string, claim: DeviceClaim): KubeObject {
  return {
    apiVersion: resourceApi(ctx),
    kind: "ResourceClaim",
    metadata: { name, namespace: ctx.namespace },
    spec: { devices: renderDeviceClaim(claim, ctx.api) },
  };
}

export type ClaimSource =
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

/**
 * A Job of `pods` pods (all at once) running `command` with the claim: the examples run to
 * completion, and a Job says so (Kubernetes keeps the pods and their logs until the Job is
 * deleted; Checkov's probe checks CKV_K8S_8/9 rightly skip Jobs). Several pods of one Job
 * naming one ResourceClaim share its device.
 */
export function gpuJob(
  ctx: Context,
  name: string,
  claim: ClaimSource,
  command: string,
  pods = 1,
): KubeObject {
  const pod = gpuPod(ctx, name, claim, command);
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: ctx.namespace },
    spec: {
      ...(pods > 1 ? { parallelism: pods, completions: pods } : {}),
      backoffLimit: 0,
      template: { metadata: { labels: pod.metadata.labels }, spec: pod.spec },
    },
  };
}

/** The label Kubernetes puts on the pods of a Job (batch/v1, 1.27+). */
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

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

export function withConfig(claim: DeviceClaim, config: NvidiaDeviceConfig): DeviceClaim {
  return {
    ...claim,
    config: [{ requests: ["gpu"], opaque: { driver: GPU_DRIVER_NAME, parameters: config } }],
  };
}

/** Deletes the Job and waits for its pods to go, so their claims are released, then the namespace. */
export function jobCleanup(ctx: Context, job: string): string[] {
  return [
    `kubectl -n ${ctx.namespace} delete job ${job} --cascade=foreground --wait`,
    `kubectl delete namespace ${ctx.namespace}`,
  ];
}
