/**
 * The security settings every example workload gets, applied to every pod the examples render
 * (a Pod, or the pod template of a Job or other workload), so an example added later gets them
 * without asking: cpu and memory requests and limits, no privilege escalation, no capabilities,
 * the container runtime's default seccomp profile, no service-account token, a read-only root
 * filesystem with a writable /tmp, and a non-root user where the image is known to work as one.
 * Every example namespace gets a NetworkPolicy that denies all traffic to and from its pods
 * ({@link hardenExample}); an example whose pods need the network adds a policy allowing it.
 * lib/policy/kubernetes-rules.ts checks the result, so an example that loses a setting fails
 * the tests, unless a waiver next to the example or image says why.
 */
/** Any Kubernetes object; only its kind and the pod spec it holds matter here. */
interface Workload {
  readonly kind: string;
  readonly apiVersion?: string;
}

/** A container image the examples run, with the user it runs as. */
export interface ExampleImage {
  /** Repository and tag, as the registry lists it. */
  readonly image: string;
  /**
   * The digest the tag pointed to, from a source that can be cited, or undefined. Without it the
   * image is referenced by tag and {@link digestWaiver} says why and how to pin it in a fork.
   */
  readonly digest?: `sha256:${string}`;
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

/**
 * Why an image is referenced by tag: NVIDIA publishes no digest for these nvcr.io tags in a
 * source this project can cite (NGC's catalogue pages need a browser; digests found in third-party
 * repositories are for docker.io copies or for one platform, not the multi-arch index the arm64
 * P6e nodes need). The waiver says how to pin it in a fork.
 */
export function digestWaiver(image: ExampleImage): { reason: string; toPass: string } {
  return {
    reason:
      `${image.image} is referenced by tag: no digest for it could be taken from a source this project can cite ` +
      "(docs/scanning.md)",
    toPass:
      `pin the multi-arch index digest: \`crane digest ${image.image}\` (or \`docker buildx imagetools inspect ` +
      `${image.image}\`), then set the image's digest in lib/examples/hardening.ts IMAGES`,
  };
}

/** The user waiver of an image that runs as root, with what a fork changes to pass. */
export function rootUserWaiver(image: ExampleImage): { reason: string; toPass: string } {
  return {
    reason: `${image.image} ${image.userNote}`,
    toPass:
      "run the example as a UID of 10000 or more on a GPU node (with MPS, the control daemon serves one UID per " +
      "client), then set the image's nonRootUid in lib/examples/hardening.ts IMAGES",
  };
}

/** The image reference a pod uses: pinned by digest where the digest is known. */
export const imageRef = (image: ExampleImage): string =>
  image.digest ? `${image.image}@${image.digest}` : image.image;

/**
 * A writable scratch directory for every container, since the root filesystem is read-only.
 * nvidia-smi and the CUDA vector-add sample write nothing outside it; CUDA's JIT cache
 * (\`$HOME/.nv\`) is skipped when it cannot be written. The DRA driver's MPS sharing mounts the MPS
 * pipe directory at /tmp/nvidia-mps and /dev/shm itself (CDI mounts, which the runtime applies
 * after and so on top of this one: kubernetes-sigs/dra-driver-nvidia-gpu
 * cmd/gpu-kubelet-plugin/sharing.go). Programs that need more room declare their own volume.
 */
export const SCRATCH_VOLUME = {
  name: "tmp",
  mountPath: "/tmp",
  emptyDir: { sizeLimit: "1Gi" },
} as const;

/** Enough for nvidia-smi and a CUDA sample: a CUDA context takes a few hundred MiB of host memory. */
export const EXAMPLE_RESOURCES = {
  requests: { cpu: "250m", memory: "512Mi" },
  limits: { cpu: "1", memory: "1Gi" },
} as const;

const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  readOnlyRootFilesystem: true,
} as const;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const PINNED_IMAGES: readonly ExampleImage[] = Object.values(IMAGES);

function hardenContainer(container: Json, images: readonly ExampleImage[]): Json {
  const known = images.find((i) => i.image === container.image);
  const uid = known?.nonRootUid;
  const resources = container.resources ?? {};
  const mounts: Json[] = container.volumeMounts ?? [];
  const hasScratch = mounts.some((m) => m.mountPath === SCRATCH_VOLUME.mountPath);
  return {
    ...container,
    ...(known ? { image: imageRef(known) } : {}),
    ...(hasScratch
      ? {}
      : {
          volumeMounts: [
            ...mounts,
            { name: SCRATCH_VOLUME.name, mountPath: SCRATCH_VOLUME.mountPath },
          ],
        }),
    resources: {
      ...resources,
      requests: { ...EXAMPLE_RESOURCES.requests, ...resources.requests },
      limits: { ...EXAMPLE_RESOURCES.limits, ...resources.limits },
    },
    securityContext: {
      ...CONTAINER_SECURITY,
      // A copy per container: a caller that edits one container's settings edits only that one.
      capabilities: { drop: [...CONTAINER_SECURITY.capabilities.drop] },
      ...(uid === undefined ? {} : { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid }),
      ...container.securityContext,
    },
  };
}

/** A pod spec with the example defaults; what the spec sets itself wins. */
export function hardenPodSpec(spec: Json, images: readonly ExampleImage[] = PINNED_IMAGES): Json {
  const harden = (container: Json) => hardenContainer(container, images);
  const initContainers: Json[] | undefined = spec.initContainers?.map(harden);
  const containers: Json[] = (spec.containers ?? []).map(harden);
  const volumes: Json[] = spec.volumes ?? [];
  const needsScratch =
    !volumes.some((v) => v.name === SCRATCH_VOLUME.name) &&
    [...(initContainers ?? []), ...containers].some((c) =>
      (c.volumeMounts ?? []).some((m: Json) => m.name === SCRATCH_VOLUME.name),
    );
  return {
    automountServiceAccountToken: false,
    ...spec,
    securityContext: { seccompProfile: { type: "RuntimeDefault" }, ...spec.securityContext },
    ...(initContainers ? { initContainers } : {}),
    containers,
    ...(needsScratch
      ? { volumes: [...volumes, { name: SCRATCH_VOLUME.name, emptyDir: SCRATCH_VOLUME.emptyDir }] }
      : {}),
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

/** The name of the policy every example namespace gets. */
export const DEFAULT_DENY_POLICY = "default-deny";

/**
 * Denies all ingress and egress of every pod in the namespace. The example pods need no network:
 * kubelet pulls images, the DRA driver prepares devices and IMEX channels use NVLink, none
 * through the pod network. The VPC CNI enforces it (network policy on in the vpc-cni add-on,
 * constructs/eks-cluster.ts).
 */
export function defaultDenyPolicy(namespace: string) {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: DEFAULT_DENY_POLICY, namespace },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  };
}

/**
 * An example's objects as they ship: every workload hardened, and each Namespace followed by its
 * default-deny NetworkPolicy (before the workloads, so no pod starts unconfined).
 */
export function hardenExample<
  T extends Workload & { readonly metadata: { readonly name: string } },
>(objects: readonly T[]): (T | ReturnType<typeof defaultDenyPolicy>)[] {
  return objects.flatMap((o) =>
    o.kind === "Namespace" ? [o, defaultDenyPolicy(o.metadata.name)] : [hardenWorkload(o)],
  );
}
