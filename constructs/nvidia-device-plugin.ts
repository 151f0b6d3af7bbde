import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ChartPin } from "../lib/helm/chart-pin";
import { DEVICE_PLUGIN_CHART, DEVICE_PLUGIN_NAMESPACE } from "../lib/nvidia/charts";
import type { DevicePluginValues } from "../lib/nvidia/device-plugin-values";
import { PinnedHelmRelease } from "./pinned-helm-release";

export interface NvidiaDevicePluginProps {
  /** Rendered by lib/nvidia/device-plugin-values.ts for the environment's device-plugin groups. */
  readonly values: DevicePluginValues;
  /** The chart to install. @default the pinned nvidia-device-plugin chart */
  readonly chart?: ChartPin;
  /** Installed after these: the GPU Operator, which labels the nodes the plugin selects. */
  readonly after: readonly ITerraformDependable[];
}

/**
 * The standalone NVIDIA device plugin (`nvidia.com/gpu`), on device-plugin node groups only. The
 * GPU Operator's own device plugin stays off in every environment (NVIDIA/gpu-operator#2550).
 */
export class NvidiaDevicePlugin extends Construct {
  readonly helm: PinnedHelmRelease;

  constructor(scope: Construct, id: string, props: NvidiaDevicePluginProps) {
    super(scope, id);
    this.helm = new PinnedHelmRelease(this, "nvidia-device-plugin", {
      name: "nvidia-device-plugin",
      namespace: DEVICE_PLUGIN_NAMESPACE,
      chart: props.chart ?? DEVICE_PLUGIN_CHART,
      values: props.values,
      dependsOn: props.after,
    });
  }
}
