/**
 * The Kueue chart and image the blueprint installs.
 *
 * Source: kubernetes-sigs/kueue charts/kueue (0.19.2). The values.yaml in git names a staging
 * image (us-central1-docker.pkg.dev/k8s-staging-images/kueue/kueue:release-0.19); the release
 * image is registry.k8s.io/kueue/kueue:v0.19.2, so the values pin it.
 */
import { COMPONENTS } from "../compat/components";
import type { ChartPin } from "../helm/chart-pin";

export const KUEUE_CHART: ChartPin = {
  repository: "oci://registry.k8s.io/kueue/charts",
  chart: "kueue",
  version: COMPONENTS.kueue.version,
  testedVersions: [COMPONENTS.kueue.version],
};

export const KUEUE_IMAGE = {
  repository: "registry.k8s.io/kueue/kueue",
  tag: `v${COMPONENTS.kueue.version}`,
} as const;

export const KUEUE_NAMESPACE = "kueue-system";

/** The API group and version of the queue objects Kueue 0.19 serves. */
export const KUEUE_API_VERSION = "kueue.x-k8s.io/v1beta2";

/** Job label naming the LocalQueue a job is submitted to (Kueue pkg/controller/constants). */
export const QUEUE_NAME_LABEL = "kueue.x-k8s.io/queue-name";

/** Job label naming the job's WorkloadPriorityClass (Kueue pkg/controller/constants). */
export const PRIORITY_CLASS_LABEL = "kueue.x-k8s.io/priority-class";
