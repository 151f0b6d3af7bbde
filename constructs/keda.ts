import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ChartPin } from "../lib/helm/chart-pin";
import { KEDA_NAMESPACE, KEDA_RELEASE } from "../lib/keda/release";
import { kedaValues } from "../lib/keda/values";
import { PinnedHelmRelease } from "./pinned-helm-release";

export interface KedaProps {
  readonly chart: ChartPin;
  /** The Prometheus release its triggers query: KEDA is installed after it. */
  readonly after: readonly ITerraformDependable[];
}

/**
 * KEDA's operator, metrics server and admission webhook on the system nodes. Installed after
 * kube-prometheus-stack, so the Prometheus its ScaledObjects query exists when the first one is
 * created; its CRDs come with the chart, so ScaledObjects are planned by the examples stack.
 */
export class Keda extends Construct {
  readonly helm: PinnedHelmRelease;

  constructor(scope: Construct, id: string, props: KedaProps) {
    super(scope, id);
    this.helm = new PinnedHelmRelease(this, "keda", {
      name: KEDA_RELEASE,
      namespace: KEDA_NAMESPACE,
      chart: props.chart,
      values: kedaValues(),
      dependsOn: props.after,
    });
  }
}
