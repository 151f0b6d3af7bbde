import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ChartPin } from "../lib/helm/chart-pin";
import { CLUSTER_AUTOSCALER_NAMESPACE } from "../lib/autoscaling/release";
import { clusterAutoscalerValues, type ClusterAutoscalerInput } from "../lib/autoscaling/values";
import { PinnedHelmRelease } from "./pinned-helm-release";

export interface ClusterAutoscalerProps {
  /** Cluster name, region and Kubernetes version the values are rendered from. */
  readonly cluster: ClusterAutoscalerInput;
  readonly chart: ChartPin;
  /** @default [] */
  readonly after?: readonly ITerraformDependable[];
}

/**
 * The Cluster Autoscaler on the system nodes, at the image of the cluster's Kubernetes minor. It
 * resizes the node groups the cluster stack tagged for it, through the IAM role the cluster stack
 * associated with its service account (ClusterAutoscalerAccess).
 */
export class ClusterAutoscaler extends Construct {
  readonly helm: PinnedHelmRelease;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    this.helm = new PinnedHelmRelease(this, "cluster-autoscaler", {
      name: "cluster-autoscaler",
      namespace: CLUSTER_AUTOSCALER_NAMESPACE,
      chart: props.chart,
      values: clusterAutoscalerValues(props.cluster),
      ...(props.after?.length ? { dependsOn: props.after } : {}),
    });
  }
}
