/**
 * The Cluster Autoscaler release: its chart, the image of each Kubernetes minor, and where it runs.
 *
 * Sources: kubernetes/autoscaler charts/cluster-autoscaler (9.59.0) values.yaml;
 * cluster-autoscaler/README.md ("Releases": run the autoscaler minor that matches the cluster);
 * cluster-autoscaler/FAQ.md and docs/dra_support.md (`--enable-dynamic-resource-allocation`).
 */
import type { KubernetesVersion } from "../cluster/versions";
import type { ChartPin } from "../helm/chart-pin";

export const CLUSTER_AUTOSCALER_CHART: ChartPin = {
  repository: "https://kubernetes.github.io/autoscaler",
  chart: "cluster-autoscaler",
  version: "9.59.0",
  testedVersions: ["9.59.0"],
};

export const CLUSTER_AUTOSCALER_NAMESPACE = "kube-system";
/** Fixed, because the Pod Identity association in the cluster stack names it. */
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";
export const CLUSTER_AUTOSCALER_IMAGE = "registry.k8s.io/autoscaling/cluster-autoscaler";

export interface ClusterAutoscalerRelease {
  /** The latest patch of the autoscaler minor equal to the cluster minor (checked November 2026). */
  readonly imageTag: string;
  /**
   * How `--enable-dynamic-resource-allocation` is handled: `set` where it defaults to false (1.33,
   * 1.34), `locked` where it defaults to true and setting false makes the autoscaler exit (1.35+).
   */
  readonly draFlag: "set" | "locked";
}

/**
 * One row per Kubernetes minor the blueprint supports. The autoscaler reads the DRA API of its
 * own minor (1.33: resource.k8s.io/v1beta1, 1.34+: v1), so its minor must equal the cluster's.
 * Keyed by KubernetesVersion: a version added to lib/cluster/versions.ts without a row here does
 * not compile. Rows for minors the blueprint does not support yet are allowed, so a release
 * can be prepared ahead.
 */
export const CLUSTER_AUTOSCALER_RELEASES = {
  "1.33": { imageTag: "v1.33.6", draFlag: "set" },
  "1.34": { imageTag: "v1.34.5", draFlag: "set" },
  "1.35": { imageTag: "v1.35.2", draFlag: "locked" },
  "1.36": { imageTag: "v1.36.1", draFlag: "locked" },
} as const satisfies Record<KubernetesVersion, ClusterAutoscalerRelease> &
  Record<string, ClusterAutoscalerRelease>;

export function clusterAutoscalerRelease(version: KubernetesVersion): ClusterAutoscalerRelease {
  return CLUSTER_AUTOSCALER_RELEASES[version];
}
