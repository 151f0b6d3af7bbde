/**
 * A Helm post-renderer step: drops named objects from a rendered release. The DRA driver chart
 * 0.4.1 renders the ComputeDomain daemon's RBAC (ClusterRole `compute-domain-daemon-role` and its
 * binding and service account, fixed names) in every release, even with ComputeDomains off. Two
 * releases would both own them and Helm refuses the second install, so the GPU release drops them
 * and the ComputeDomain release keeps them.
 *
 * Source: kubernetes-sigs/dra-driver-nvidia-gpu deployments/helm/dra-driver-nvidia-gpu/templates/
 * rbac-compute-domain-daemon.yaml (release-0.4).
 */
import { parseAllDocuments } from "yaml";

/** `Kind/name` of an object to drop. */
export type ObjectRef = `${string}/${string}`;

export const COMPUTE_DOMAIN_DAEMON_RBAC: readonly ObjectRef[] = [
  "ClusterRole/compute-domain-daemon-role",
  "ClusterRoleBinding/compute-domain-daemon-role-binding",
  "ServiceAccount/compute-domain-daemon-service-account",
];

/** The rendered YAML stream without the listed objects; every other document is kept as written. */
export function dropObjects(rendered: string, refs: readonly ObjectRef[]): string {
  const drop = new Set(refs);
  return parseAllDocuments(rendered)
    .filter((doc) => {
      const object = doc.toJS() as { kind?: string; metadata?: { name?: string } } | null;
      return !(object && drop.has(`${object.kind}/${object.metadata?.name}`));
    })
    .map((doc) => `---\n${doc.toString()}`)
    .join("");
}
