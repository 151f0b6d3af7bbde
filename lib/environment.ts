/**
 * The typed configuration of one environment, composed of each concern's settings, and the
 * environment once resolved. `config/environments.ts` declares the environments;
 * `resolveEnvironments` (lib/resolve-environments.ts) checks them before any stack is created.
 */
import type { AutoscalingConfig, ResolvedAutoscaling } from "./autoscaling/settings";
import type { ClusterConfig, ResolvedCluster } from "./cluster/settings";
import type { ExamplesConfig, ResolvedExamples } from "./examples/catalog";
import type { MonitoringConfig, ResolvedMonitoring } from "./monitoring/settings";
import type { NetworkConfig, ResolvedNetwork } from "./network/settings";
import type {
  GpuNodeGroupConfig,
  MigLayout,
  ResolvedGpuNodeGroup,
  SystemNodeGroupConfig,
} from "./nodes/settings";
import type { NvidiaConfig, ResolvedNvidia } from "./nvidia/settings";
import type { PolicyWaiver } from "./policy/security-policy";
import type { QueueingConfig, ResolvedQueueing } from "./queueing/settings";
import type { ResolvedVolcano } from "./volcano/settings";

export interface EnvironmentConfig extends ClusterConfig {
  /** DNS-safe name used in stack names and tags: lowercase letters, digits and `-`, at most 20. */
  readonly name: string;
  /** Production environments get stricter checks (endpoint exposure, system node count). */
  readonly production: boolean;
  readonly network: NetworkConfig;
  readonly systemNodeGroup?: SystemNodeGroupConfig;
  /** Added to every resource through the AWS provider's default tags. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly gpuNodeGroups?: readonly GpuNodeGroupConfig[];
  /** Custom MIG layouts by name: MIG profile -> devices per GPU. @default {} */
  readonly migLayouts?: Readonly<Record<string, MigLayout>>;
  readonly nvidia?: NvidiaConfig;
  /** The Cluster Autoscaler (lib/autoscaling). */
  readonly autoscaling?: AutoscalingConfig;
  /** Prometheus, Grafana and the GPU dashboard and alerts (lib/monitoring). */
  readonly monitoring?: MonitoringConfig;
  /** The example DRA workloads (examples/k8s-dra) and whether the examples stack applies them. */
  readonly examples?: ExamplesConfig;
  /**
   * GPU queues (Kueue): per-team quotas of the GPU node groups' devices. Needs Kubernetes 1.34+.
   * @default no queueing
   */
  readonly queueing?: QueueingConfig;
  /**
   * Security policy rules (lib/policy/security-policy.ts) waived for single resources, each with a
   * reason a reviewer can judge. A waiver that matches nothing fails synth. @default []
   */
  readonly policyWaivers?: readonly PolicyWaiver[];
}

/** An environment after validation, with every default filled in. */
export interface ResolvedEnvironment extends ResolvedCluster {
  readonly name: string;
  readonly production: boolean;
  readonly network: ResolvedNetwork;
  readonly systemNodeGroup: Required<SystemNodeGroupConfig>;
  readonly tags: Readonly<Record<string, string>>;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  readonly nvidia: ResolvedNvidia;
  readonly autoscaling: ResolvedAutoscaling;
  readonly monitoring: ResolvedMonitoring;
  readonly examples: ResolvedExamples;
  /** Absent when the environment does not queue GPU jobs. */
  readonly queueing?: ResolvedQueueing;
  /** Absent when the environment does not schedule gangs with Volcano (`queueing.volcano`). */
  readonly volcano?: ResolvedVolcano;
  readonly policyWaivers: readonly PolicyWaiver[];
  /** Printed at synth: configured groups left out, and how to add them. */
  readonly warnings: readonly string[];
}
