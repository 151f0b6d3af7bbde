/**
 * Keeps GPU work in team namespaces inside the teams' quotas. Kueue manages only batch/v1 Jobs
 * there (manager-config.ts), so a bare Pod, a Deployment or a StatefulSet that claims a GPU would
 * run outside every quota and take devices the quota split gave to queued work. This policy refuses
 * them in namespaces with the team label; pods that a controller creates (a Job's, a Volcano Job's)
 * carry an owner reference and pass, and so do bare pods of a scheduler that queues them itself
 * (Volcano, when the environment runs it).
 *
 * Enforced by the API server (ValidatingAdmissionPolicy, GA since Kubernetes 1.30), so nothing can be
 * down when it is needed. An owner reference is not proof of an owner: this stops mistakes, not a
 * user who forges one (grant such users no pod creation in team namespaces).
 */
import { MANAGED_JOBS_NAMESPACE_SELECTOR } from "./manager-config";
import type { QueueObject } from "./queue-objects";

export const QUEUED_GPU_POLICY = "gpu-work-through-queues";

/** A pod spec's claims: DRA ResourceClaims, or an NVIDIA extended resource from the device plugin. */
const claimsGpu = (spec: string) =>
  `((has(${spec}.resourceClaims) && size(${spec}.resourceClaims) > 0) || ` +
  `${spec}.containers.exists(c, has(c.resources) && has(c.resources.limits) && ` +
  "c.resources.limits.exists(r, r.startsWith('nvidia.com/'))))";

/**
 * A ValidatingAdmissionPolicy and the binding without which the API server would not enforce it:
 * what the policy refuses is denied.
 */
export function denyingPolicy(name: string, spec: object): QueueObject[] {
  const apiVersion = "admissionregistration.k8s.io/v1";
  return [
    { apiVersion, kind: "ValidatingAdmissionPolicy", metadata: { name }, spec },
    {
      apiVersion,
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name },
      spec: { policyName: name, validationActions: ["Deny"] },
    },
  ];
}

/** The policy and its binding; `selfQueuingSchedulers` admit bare pods into a team queue themselves. */
export function queuedGpuPolicy(selfQueuingSchedulers: readonly string[] = []): QueueObject[] {
  const schedulerExemption = selfQueuingSchedulers.length
    ? ` || (has(object.spec.schedulerName) && object.spec.schedulerName in ${JSON.stringify(selfQueuingSchedulers).replaceAll('"', "'")})`
    : "";
  const workloads = ["deployments", "statefulsets", "replicasets", "daemonsets"];
  return denyingPolicy(QUEUED_GPU_POLICY, {
    failurePolicy: "Fail",
    matchConstraints: {
      // The namespaces Kueue manages: what it does not queue there, this policy refuses.
      namespaceSelector: MANAGED_JOBS_NAMESPACE_SELECTOR,
      resourceRules: [
        { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"] },
        {
          apiGroups: ["apps"],
          apiVersions: ["v1"],
          operations: ["CREATE", "UPDATE"],
          resources: workloads,
        },
      ],
    },
    validations: [
      {
        expression:
          `request.kind.kind != 'Pod' || !${claimsGpu("object.spec")} || ` +
          "(has(object.metadata.ownerReferences) && size(object.metadata.ownerReferences) > 0)" +
          schedulerExemption,
        message:
          "a bare Pod that claims a GPU in a team namespace would run outside the team's GPU quota; " +
          "submit it as a batch/v1 Job, which Kueue queues in the namespace's LocalQueue",
      },
      {
        expression: `request.kind.group != 'apps' || !${claimsGpu("object.spec.template.spec")}`,
        messageExpression:
          "'a ' + request.kind.kind + ' that claims GPUs in a team namespace would run outside the " +
          "team\\'s GPU quota (Kueue queues only batch/v1 Jobs here); run it as a Job, or in a " +
          "namespace of its own on devices the quota split leaves out'",
      },
    ],
  });
}
