/**
 * The Volcano chart the blueprint installs and the API names its objects use.
 *
 * Source: volcano-sh/volcano v1.15.1 installer/helm/chart/volcano (Chart.yaml, values.yaml) and the
 * repository README ("helm repo add volcano-sh https://volcano-sh.github.io/helm-charts").
 */
import { COMPONENTS } from "../compat/components";
import type { ChartPin } from "../helm/chart-pin";

export const VOLCANO_CHART: ChartPin = {
  repository: "https://volcano-sh.github.io/helm-charts",
  chart: "volcano",
  version: COMPONENTS.volcano.version,
  testedVersions: [COMPONENTS.volcano.version],
};

/** The release name: the chart names its Deployments `<release>-scheduler`, `-controllers`, `-admission`. */
export const VOLCANO_RELEASE = "volcano";

export const VOLCANO_NAMESPACE = "volcano-system";

/** The schedulerName of pods Volcano schedules (the chart's default `custom.scheduler_name`). */
export const VOLCANO_SCHEDULER_NAME = "volcano";

/** Volcano Jobs. */
export const VOLCANO_JOB_API_VERSION = "batch.volcano.sh/v1alpha1";
/** Queues and PodGroups. */
export const VOLCANO_SCHEDULING_API_VERSION = "scheduling.volcano.sh/v1beta1";

/**
 * The node label Volcano's nodegroup plugin reads (pkg/scheduler/plugins/nodegroup, NodeGroupNameKey).
 * The blueprint writes it on the node groups Volcano schedules, and only there.
 */
export const VOLCANO_NODE_GROUP_LABEL = "volcano.sh/nodegroup-name";

/** Queues Volcano's controller creates itself; a team may not take their names. */
export const VOLCANO_BUILT_IN_QUEUES = ["default", "root"] as const;
