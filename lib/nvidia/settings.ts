/** Settings of the NVIDIA platform: chart versions, DRA driver feature gates, GPU sharing. */
import type { KubernetesVersion } from "../cluster/versions";
import type { ChartConfig, ChartPin } from "../helm/chart-pin";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import type { SharingStrategy } from "./feature-gates";
import type { ConsumableShares } from "../allocation/devices";

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
  /**
   * Share GPUs by the memory claims request (DRA driver gate ConsumableShares, alpha; Kubernetes
   * 1.36+; not in production, not beside MPS): `"memory"`, `"unlimited"` or a number of shares per
   * GPU. Applies to every DRA GPU node group (docs/allocation.md). @default off
   */
  readonly consumableShares?: ConsumableShares;
}

export interface ResolvedNvidia {
  readonly gpuOperator: ChartPin;
  readonly draDriver: ChartPin;
  readonly featureGates: Readonly<Record<string, boolean>>;
  readonly gpuSharing: readonly SharingStrategy[];
  readonly consumableShares?: ConsumableShares;
}

/**
 * What the NVIDIA platform is built from: the cluster's version (which DRA API), its GPU node
 * groups (who owns each group's GPUs) and the resolved NVIDIA settings. A resolved environment is one.
 */
export interface NvidiaPlatformInput {
  readonly kubernetesVersion: KubernetesVersion;
  /** The kubelets' minor, where node groups are held one behind. @default kubernetesVersion */
  readonly nodeGroupsKubernetesVersion?: KubernetesVersion;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  readonly nvidia: ResolvedNvidia;
}
