/** Settings of the NVIDIA platform: chart versions, DRA driver feature gates, GPU sharing. */
import type { ChartPin } from "./charts";
import type { SharingStrategy } from "./feature-gates";

/** Where a chart comes from; every field defaults to the pinned chart (lib/nvidia/charts.ts). */
export interface ChartConfig {
  readonly repository?: string;
  readonly chart?: string;
  readonly version?: string;
  /** Accept a version outside the tested list. Check the chart's values keys yourself. @default false */
  readonly allowUntestedVersion?: boolean;
}

export interface NvidiaConfig {
  readonly gpuOperator?: ChartConfig;
  readonly draDriver?: ChartConfig & {
    /** Set on top of the gates `gpuSharing` turns on. @default {} */
    readonly featureGates?: Readonly<Record<string, boolean>>;
  };
  /**
   * Sharing strategies workloads may ask for in a claim's GpuConfig. Each turns on the DRA
   * driver gate it needs (TimeSlicing: TimeSlicingSettings, MPS: MPSSupport). @default []
   */
  readonly gpuSharing?: readonly SharingStrategy[];
}

export interface ResolvedNvidia {
  readonly gpuOperator: ChartPin;
  readonly draDriver: ChartPin;
  readonly featureGates: Readonly<Record<string, boolean>>;
  readonly gpuSharing: readonly SharingStrategy[];
}
