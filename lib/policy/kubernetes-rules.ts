/**
 * The security policy's rules for the Kubernetes objects the examples render, named for the
 * Checkov checks they match (bridgecrewio/checkov 3.3.13, checkov/kubernetes/checks/resource/k8s/
 * and graph_checks/). They judge the objects as applied: every pod spec of a workload, and the
 * NetworkPolicies of its namespace. Where Checkov is looser, the rule follows the intent: a
 * NetworkPolicy counts only in the pod's own namespace (Checkov's CKV2_K8S_6 edge ignores
 * namespaces).
 */
import type { PolicyRule } from "./rules";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export const KUBERNETES_RULES = {
  K8S_IMAGE_DIGEST: {
    id: "K8S_IMAGE_DIGEST",
    // An image by tag without imagePullPolicy Always also fails the pull-policy check.
    checkov: ["CKV_K8S_43", "CKV_K8S_15"],
    description: "containers reference their image by digest",
  },
  K8S_IMAGE_TAG: {
    id: "K8S_IMAGE_TAG",
    checkov: ["CKV_K8S_14"],
    description: "an image without a digest has a fixed tag, never latest or none",
  },
  K8S_READ_ONLY_ROOT: {
    id: "K8S_READ_ONLY_ROOT",
    checkov: ["CKV_K8S_22"],
    description: "containers have a read-only root filesystem",
  },
  K8S_NON_ROOT: {
    id: "K8S_NON_ROOT",
    checkov: ["CKV_K8S_23", "CKV_K8S_40"],
    description: "containers run as a non-root UID of 10000 or more",
  },
  K8S_PROBES: {
    id: "K8S_PROBES",
    checkov: ["CKV_K8S_8", "CKV_K8S_9"],
    description:
      "containers of long-running workloads have liveness and readiness probes (Jobs and CronJobs run to completion and need none)",
  },
  K8S_NETWORK_POLICY: {
    id: "K8S_NETWORK_POLICY",
    checkov: ["CKV2_K8S_6"],
    description: "a NetworkPolicy of the pod's namespace selects the pod",
  },
  K8S_CONTAINER_PRIVILEGES: {
    id: "K8S_CONTAINER_PRIVILEGES",
    checkov: ["CKV_K8S_16", "CKV_K8S_20", "CKV_K8S_25", "CKV_K8S_28", "CKV_K8S_30", "CKV_K8S_37"],
    description:
      "containers are not privileged, cannot escalate privileges, drop every capability and add none",
  },
  K8S_POD_ISOLATION: {
    id: "K8S_POD_ISOLATION",
    checkov: [
      "CKV_K8S_17",
      "CKV_K8S_18",
      "CKV_K8S_19",
      "CKV_K8S_26",
      "CKV_K8S_27",
      "CKV_K8S_29",
      "CKV_K8S_31",
      "CKV_K8S_38",
    ],
    description:
      "pods share no host namespace, port or container runtime socket, run under the RuntimeDefault seccomp profile and mount no service-account token",
  },
  K8S_RESOURCES: {
    id: "K8S_RESOURCES",
    checkov: ["CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13"],
    description: "containers request and are limited in cpu and memory",
  },
  K8S_NAMESPACE: {
    id: "K8S_NAMESPACE",
    checkov: ["CKV_K8S_21"],
    description: "namespaced objects name a namespace other than default",
  },
} as const satisfies Record<string, PolicyRule>;

export type KubernetesRuleId = keyof typeof KUBERNETES_RULES;

/** One finding: the object (`Job/dra-basic/gpu-job`), the container if one, the image it runs. */
export interface KubernetesFinding {
  readonly rule: KubernetesRuleId;
  readonly object: string;
  readonly container?: string;
  readonly image?: string;
  readonly message: string;
}

/** Where each workload kind keeps its pod spec, and whether it runs to completion. */
const WORKLOADS: Readonly<Record<string, { path: readonly string[]; completes: boolean }>> = {
  Pod: { path: ["spec"], completes: false },
  Deployment: { path: ["spec", "template", "spec"], completes: false },
  StatefulSet: { path: ["spec", "template", "spec"], completes: false },
  DaemonSet: { path: ["spec", "template", "spec"], completes: false },
  ReplicaSet: { path: ["spec", "template", "spec"], completes: false },
  Job: { path: ["spec", "template", "spec"], completes: true },
  CronJob: { path: ["spec", "jobTemplate", "spec", "template", "spec"], completes: true },
};

/** Cluster-scoped kinds the examples may render; every other kind is namespaced. */
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterQueue",
  "ResourceFlavor",
  "DeviceClass",
  "WorkloadPriorityClass",
]);

const HIGH_UID = 10000;
const RUNTIME_SOCKETS = [
  "/var/run/docker.sock",
  "/run/containerd/containerd.sock",
  "/var/run/containerd/containerd.sock",
];

const at = (node: Json | undefined, path: readonly string[]): Json | undefined =>
  path.reduce<Json | undefined>((n, key) => n?.[key], node);

/** The pod template's labels of a workload (a Pod's own labels). */
function podLabels(object: Json): Record<string, string> {
  const path = WORKLOADS[object.kind]?.path ?? [];
  const template = object.kind === "Pod" ? object : at(object, path.slice(0, -1));
  return template?.metadata?.labels ?? {};
}

/**
 * The pod templates of a workload: its one pod spec, or for a Volcano Job (batch.volcano.sh) each
 * task's template, which runs to completion like a Job's.
 */
function podTemplates(
  object: Json,
): { spec: Json; labels: Record<string, string>; completes: boolean }[] {
  if (object.kind === "Job" && String(object.apiVersion ?? "").startsWith("batch.volcano.sh/"))
    return (object.spec?.tasks ?? []).map((task: Json) => ({
      spec: task.template?.spec ?? {},
      labels: task.template?.metadata?.labels ?? {},
      completes: true,
    }));
  const workload = WORKLOADS[object.kind];
  if (!workload) return [];
  return [
    {
      spec: at(object, workload.path) ?? {},
      labels: podLabels(object),
      completes: workload.completes,
    },
  ];
}

/** Whether a NetworkPolicy's podSelector selects pods with these labels (matchLabels only). */
function selects(policy: Json, labels: Record<string, string>): boolean {
  const selector = policy.spec?.podSelector;
  if (!selector) return false;
  if (selector.matchExpressions?.length) return false;
  return Object.entries<string>(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function containerFindings(
  container: Json,
  uidFromPod: number | undefined,
  nonRootFromPod: boolean | undefined,
  completes: boolean,
): [KubernetesRuleId, string][] {
  const found: [KubernetesRuleId, string][] = [];
  const image = String(container.image ?? "");
  const sc = container.securityContext ?? {};
  if (!image.includes("@")) {
    found.push(["K8S_IMAGE_DIGEST", `image ${image} has no digest`]);
    const tag = /:([^/:]+)$/.exec(image)?.[1];
    if (!tag || tag === "latest") found.push(["K8S_IMAGE_TAG", `image ${image} has no fixed tag`]);
  }
  if (sc.readOnlyRootFilesystem !== true)
    found.push(["K8S_READ_ONLY_ROOT", "securityContext.readOnlyRootFilesystem is not true"]);
  const uid: number | undefined = sc.runAsUser ?? uidFromPod;
  if (uid === undefined || uid < HIGH_UID)
    found.push([
      "K8S_NON_ROOT",
      uid === undefined
        ? (sc.runAsNonRoot ?? nonRootFromPod)
          ? `runAsNonRoot without a runAsUser of ${HIGH_UID} or more`
          : "no runAsUser: runs as the image's user"
        : `runAsUser ${uid} is under ${HIGH_UID}`,
    ]);
  if (!completes && !(container.livenessProbe && container.readinessProbe))
    found.push(["K8S_PROBES", "no liveness and readiness probe on a long-running workload"]);
  const drop: string[] = sc.capabilities?.drop ?? [];
  if (
    sc.privileged === true ||
    sc.allowPrivilegeEscalation !== false ||
    !drop.some((d) => d.toUpperCase() === "ALL") ||
    (sc.capabilities?.add ?? []).length > 0
  )
    found.push([
      "K8S_CONTAINER_PRIVILEGES",
      "privileged, allowPrivilegeEscalation not false, or capabilities not dropped to none",
    ]);
  const r = container.resources ?? {};
  if (!r.requests?.cpu || !r.requests?.memory || !r.limits?.cpu || !r.limits?.memory)
    found.push(["K8S_RESOURCES", "cpu or memory request or limit missing"]);
  if ((container.ports ?? []).some((p: Json) => p.hostPort !== undefined))
    found.push(["K8S_POD_ISOLATION", "a container port binds a hostPort"]);
  return found;
}

function podFindings(spec: Json, volumes: Json[]): string[] {
  const problems: string[] = [];
  if (spec.hostPID || spec.hostIPC || spec.hostNetwork) problems.push("shares a host namespace");
  if (spec.securityContext?.seccompProfile?.type !== "RuntimeDefault")
    problems.push("no RuntimeDefault seccomp profile");
  if (spec.automountServiceAccountToken !== false) problems.push("mounts a service-account token");
  if (volumes.some((v) => RUNTIME_SOCKETS.includes(v.hostPath?.path)))
    problems.push("mounts the container runtime socket");
  return problems;
}

/** Every finding in a set of objects applied together (an example), before waivers. */
export function kubernetesFindings(objects: readonly Json[]): KubernetesFinding[] {
  const found: KubernetesFinding[] = [];
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  for (const object of objects) {
    const namespace = object.metadata?.namespace;
    const name = `${object.kind}/${namespace ?? "-"}/${object.metadata?.name}`;
    if (!CLUSTER_SCOPED.has(object.kind) && (!namespace || namespace === "default"))
      found.push({
        rule: "K8S_NAMESPACE",
        object: name,
        message: "no namespace, or the default one",
      });
    for (const { spec, labels, completes } of podTemplates(object)) {
      const pod = spec.securityContext ?? {};
      for (const problem of podFindings(spec, spec.volumes ?? []))
        found.push({ rule: "K8S_POD_ISOLATION", object: name, message: problem });
      if (!policies.some((p) => p.metadata?.namespace === namespace && selects(p, labels)))
        found.push({
          rule: "K8S_NETWORK_POLICY",
          object: name,
          message: `no NetworkPolicy of namespace ${namespace} selects its pods`,
        });
      // Init containers run to completion whatever the workload: they need no probes.
      const containers = [
        ...(spec.initContainers ?? []).map((c: Json) => [c, true] as const),
        ...(spec.containers ?? []).map((c: Json) => [c, completes] as const),
      ];
      for (const [container, runsToEnd] of containers)
        for (const [rule, message] of containerFindings(
          container,
          pod.runAsUser,
          pod.runAsNonRoot,
          runsToEnd,
        ))
          found.push({
            rule,
            object: name,
            container: container.name,
            image: container.image,
            message,
          });
    }
  }
  return found;
}
