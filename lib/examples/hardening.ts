/**
 * The security settings every example workload gets, applied to every pod the examples render
 * (a Pod, or the pod template of a Job or other workload), so an example added later gets them
 * without asking: cpu and memory requests and limits, no privilege escalation, no capabilities,
 * the container runtime's default seccomp profile, no service-account token, and a non-root user
 * where the image is known to work as one.
 */
/** Any Kubernetes object; only its kind and the pod spec it holds matter here. */
interface Workload {
  readonly kind: string;
  readonly apiVersion?: string;
}

/** A container image the examples run, with the user it runs as. */
export interface ExampleImage {
  readonly image: string;
  /**
   * A non-root UID the workload is known to work as, or undefined when it runs as the image's
   * user. Set it only once the example has been run that way on a GPU node.
   */
  readonly nonRootUid?: number;
  /** Why the image keeps its own user, for readers of the examples. */
  readonly userNote: string;
}

/**
 * Pinned images: a CUDA vector addition for x86_64 GPUs, and a CUDA base image with arm64 builds.
 * Both run as root: NVIDIA/k8s-samples deployments/container/Dockerfile.ubuntu (the cuda-sample
 * images) and the nvidia/cuda base images set no USER. Running them as another UID is not
 * verified here: the device nodes, the MPS control daemon (which starts one MPS server per client
 * UID: kubernetes-sigs/dra-driver-nvidia-gpu#1153) and the IMEX channel devices would all have to
 * allow it. So they keep root, without capabilities or privilege escalation.
 */
export const IMAGES = {
  cudaSample: {
    image: "nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0-ubuntu22.04",
    userNote: "runs as root (the image sets no USER); a non-root UID is not verified on a GPU node",
  },
  cudaBase: {
    image: "nvcr.io/nvidia/cuda:12.9.1-base-ubuntu24.04",
    userNote: "runs as root (the image sets no USER); a non-root UID is not verified on a GPU node",
  },
} as const satisfies Record<string, ExampleImage>;

/** Enough for nvidia-smi and a CUDA sample: a CUDA context takes a few hundred MiB of host memory. */
export const EXAMPLE_RESOURCES = {
  requests: { cpu: "250m", memory: "512Mi" },
  limits: { cpu: "1", memory: "1Gi" },
} as const;

const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
} as const;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const PINNED_IMAGES: readonly ExampleImage[] = Object.values(IMAGES);

function hardenContainer(container: Json, images: readonly ExampleImage[]): Json {
  const uid = images.find((i) => i.image === container.image)?.nonRootUid;
  const resources = container.resources ?? {};
  return {
    ...container,
    resources: {
      ...resources,
      requests: { ...EXAMPLE_RESOURCES.requests, ...resources.requests },
      limits: { ...EXAMPLE_RESOURCES.limits, ...resources.limits },
    },
    securityContext: {
      ...CONTAINER_SECURITY,
      ...(uid === undefined ? {} : { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid }),
      ...container.securityContext,
    },
  };
}

/** A pod spec with the example defaults; what the spec sets itself wins. */
export function hardenPodSpec(spec: Json, images: readonly ExampleImage[] = PINNED_IMAGES): Json {
  const harden = (container: Json) => hardenContainer(container, images);
  return {
    automountServiceAccountToken: false,
    ...spec,
    securityContext: { seccompProfile: { type: "RuntimeDefault" }, ...spec.securityContext },
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(harden) } : {}),
    containers: (spec.containers ?? []).map(harden),
  };
}

/** The pod spec inside a workload object, by the path its kind keeps it at. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  Job: ["spec", "template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** The object with its pod spec hardened; objects without pods come back unchanged. */
/** A Volcano Job keeps a pod template per task (`spec.tasks[].template`), not one `spec.template`. */
function isVolcanoJob(object: Workload): boolean {
  return object.kind === "Job" && (object.apiVersion ?? "").startsWith("batch.volcano.sh/");
}

export function hardenWorkload<T extends Workload>(object: T): T {
  if (isVolcanoJob(object)) {
    const job = object as Json;
    return {
      ...job,
      spec: {
        ...job.spec,
        tasks: (job.spec?.tasks ?? []).map((task: Json) => ({
          ...task,
          template: { ...task.template, spec: hardenPodSpec(task.template?.spec ?? {}) },
        })),
      },
    } as unknown as T;
  }
  const path = POD_SPEC_PATHS[object.kind];
  if (!path) return object;
  const update = (node: Json, [key, ...rest]: readonly string[]): Json => ({
    ...node,
    [key]: rest.length === 0 ? hardenPodSpec(node[key] ?? {}) : update(node[key] ?? {}, rest),
  });
  return update(object, path) as T;
}

/** Every pod spec of an object (none for objects that run no pods). */
export function podSpecsOf(object: Workload): Json[] {
  if (isVolcanoJob(object))
    return ((object as Json).spec?.tasks ?? []).map((task: Json) => task.template?.spec ?? {});
  const path = POD_SPEC_PATHS[object.kind];
  if (!path) return [];
  let node: Json | undefined = object as Json;
  for (const key of path) node = node?.[key];
  return node ? [node] : [];
}
