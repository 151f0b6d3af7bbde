/**
 * The Cluster Autoscaler release: its chart, and where it runs. The image of each Kubernetes minor
 * is a column of the compatibility matrix (lib/compat/kubernetes.ts).
 *
 * Sources: kubernetes/autoscaler charts/cluster-autoscaler (9.59.0) values.yaml;
 * cluster-autoscaler/README.md ("Releases": run the autoscaler minor that matches the cluster);
 * cluster-autoscaler/FAQ.md and docs/dra_support.md (`--enable-dynamic-resource-allocation`).
 */
import type { KubernetesVersion } from "../cluster/versions";
import { COMPONENTS } from "../compat/components";
import { KUBERNETES_MINORS, type ClusterAutoscalerImage } from "../compat/kubernetes";
import type { ChartPin } from "../helm/chart-pin";

export const CLUSTER_AUTOSCALER_CHART: ChartPin = {
  repository: "https://kubernetes.github.io/autoscaler",
  chart: "cluster-autoscaler",
  version: COMPONENTS.clusterAutoscaler.version,
  testedVersions: [COMPONENTS.clusterAutoscaler.version],
};

export const CLUSTER_AUTOSCALER_NAMESPACE = "kube-system";
/** Fixed, because the Pod Identity association in the cluster stack names it. */
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";
export const CLUSTER_AUTOSCALER_IMAGE = "registry.k8s.io/autoscaling/cluster-autoscaler";

export type ClusterAutoscalerRelease = ClusterAutoscalerImage;

/**
 * The autoscaler reads the DRA API of its own minor (1.33: resource.k8s.io/v1beta1, 1.34+: v1), so
 * its minor must equal the cluster's. Every accepted version has an image: a minor without one is
 * refused (lib/cluster/versions.ts accepts only rows whose components all support them).
 */
export function clusterAutoscalerRelease(version: KubernetesVersion): ClusterAutoscalerRelease {
  const image = KUBERNETES_MINORS[version].clusterAutoscaler;
  if (!image) throw new Error(`no Cluster Autoscaler image for Kubernetes ${version}`);
  return image;
}
