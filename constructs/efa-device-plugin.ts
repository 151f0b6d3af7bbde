import { Construct } from "constructs";
import type { ChartPin } from "../lib/helm/chart-pin";
import { EFA_DEVICE_PLUGIN_CHART, EFA_DEVICE_PLUGIN_NAMESPACE } from "../lib/efa/charts";
import type { EfaDevicePluginValues } from "../lib/efa/device-plugin-values";
import { PinnedHelmRelease } from "./pinned-helm-release";

export interface EfaDevicePluginProps {
  /** Rendered by lib/efa/device-plugin-values.ts for the environment's EFA node groups. */
  readonly values: EfaDevicePluginValues;
  /** The chart to install. @default the pinned aws-efa-k8s-device-plugin chart */
  readonly chart?: ChartPin;
}

/**
 * The AWS EFA device plugin: offers `vpc.amazonaws.com/efa` on node groups with EFA interfaces,
 * so NCCL can use EFA between nodes.
 */
export class EfaDevicePlugin extends Construct {
  readonly helm: PinnedHelmRelease;

  constructor(scope: Construct, id: string, props: EfaDevicePluginProps) {
    super(scope, id);
    this.helm = new PinnedHelmRelease(this, "aws-efa-k8s-device-plugin", {
      name: "aws-efa-k8s-device-plugin",
      namespace: EFA_DEVICE_PLUGIN_NAMESPACE,
      chart: props.chart ?? EFA_DEVICE_PLUGIN_CHART,
      values: props.values,
    });
  }
}
