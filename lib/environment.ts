/**
 * The typed configuration of one environment. `config/environments.ts` declares the environments;
 * `validateEnvironments` checks them before any stack is created.
 */
import type { ChartPin } from "./nvidia/charts";
import type { SharingStrategy } from "./nvidia/feature-gates";
import type { ExamplesConfig, ResolvedExamples } from "./examples/catalog";
import type { GpuInstanceType, GpuInstanceTypeName, GpuModel, NvidiaAmiType } from "./nodes/gpu-catalog";
import type { MigLayout } from "./nodes/mig-layouts";
import type { PolicyWaiver } from "./policy/security-policy";
import type { KubernetesVersion, SupportType } from "./cluster/versions";

/** A VPC the blueprint creates, with one private and one public subnet per availability zone. */
export interface NewVpcNetworkConfig {
  readonly kind: "new";
  /** VPC range, /16 to /20. Private subnets take 3/8 of it, public subnets a small slice. */
  readonly vpcCidr: string;
  /**
   * Two or three zone names of the environment's region (the AZ count is the length). Named rather
   * than looked up so that synth can check a capacity reservation's zone against them offline.
   */
  readonly availabilityZones: readonly string[];
  /**
   * `single` saves cost (one NAT gateway); `one-per-az` keeps private subnets online when a zone fails.
   * @default "one-per-az"
   */
  readonly natGateways?: "single" | "one-per-az";
}

export interface ExistingSubnet {
  /** `subnet-` followed by 8 or 17 hex digits. */
  readonly id: string;
  /** The zone the subnet is in; synth checks zone spread and capacity reservations against it. */
  readonly availabilityZone: string;
}

/** A VPC that already exists. Its private subnets need a route to the internet (NAT) or VPC endpoints. */
export interface ExistingVpcNetworkConfig {
  readonly kind: "existing";
  readonly vpcId: string;
  /** Private subnets for the control plane network interfaces and the nodes, in two or more zones. */
  readonly privateSubnets: readonly ExistingSubnet[];
}

export type NetworkConfig = NewVpcNetworkConfig | ExistingVpcNetworkConfig;

export interface EndpointConfig {
  /**
   * CIDRs allowed to reach the public API endpoint. Empty turns the public endpoint off; the
   * private endpoint is always on. `0.0.0.0/0` is refused in a production environment.
   * @default []
   */
  readonly publicAccessCidrs?: readonly string[];
}

export interface AccessConfig {
  /** IAM role or user ARNs given cluster-admin through EKS access entries. @default [] */
  readonly adminPrincipalArns?: readonly string[];
  /**
   * Also give cluster-admin to the IAM principal that runs `cdktf deploy` (resolved at plan time
   * from the caller identity). The platform and example stacks need it to reach the cluster.
   * @default true
   */
  readonly grantDeployerAdmin?: boolean;
}

/** S3 state with native locking. Without it, state is kept in local files next to the project. */
export interface StateBackendConfig {
  readonly bucket: string;
  /** @default the environment's region */
  readonly region?: string;
  /** Each stack's state lives at `<keyPrefix>/<stack>.tfstate`. @default the environment name */
  readonly keyPrefix?: string;
}

export interface SystemNodeGroupConfig {
  /** @default ["m7i.xlarge"] */
  readonly instanceTypes?: readonly string[];
  /** @default 2 */
  readonly minSize?: number;
  /** @default 2 */
  readonly desiredSize?: number;
  /** @default 4 */
  readonly maxSize?: number;
  /** Root volume (gp3, encrypted). @default 50 */
  readonly diskSizeGiB?: number;
}

/**
 * Who hands a node's GPUs to pods.
 * - `dra`: the NVIDIA DRA driver; pods ask through ResourceClaims. The GPU Operator's device plugin
 *   is kept off the node, so no GPU is ever offered twice.
 * - `device-plugin`: the classic `nvidia.com/gpu` extended resource from the GPU Operator.
 */
export type GpuAllocation = "dra" | "device-plugin";

export type GpuCapacityType = "ON_DEMAND" | "CAPACITY_BLOCK";

export interface GpuNodeGroupConfig {
  /** DNS-safe and unique in the environment; the node group and its labels carry it. */
  readonly name: string;
  /** One of the catalog's GPU instance types (lib/nodes/gpu-catalog.ts). */
  readonly instanceType: string;
  /** `ON_DEMAND`, or `CAPACITY_BLOCK` for a purchased EC2 Capacity Block for ML. */
  readonly capacityType: GpuCapacityType;
  /**
   * CAPACITY_BLOCK only: the reservation (`cr-` and 17 hex digits). The blueprint never buys one.
   * Without it the group is left out and synth prints a warning.
   */
  readonly capacityReservationId?: string;
  /** CAPACITY_BLOCK only: the reservation's zone; the group's subnets are limited to it. */
  readonly capacityReservationAz?: string;
  /** Subnets to launch into instead of the network's private subnets (in an existing VPC). */
  readonly subnets?: readonly ExistingSubnet[];
  readonly allocation: GpuAllocation;
  /**
   * Let workloads span nodes over multi-node NVLink through DRA ComputeDomains (IMEX). Only for
   * instance types with multi-node NVLink (P6e-GB200). @default false
   */
  readonly computeDomains?: boolean;
  /** A MIG layout name: a built-in `all-<profile>` / `all-disabled`, or one of the environment's `migLayouts`. */
  readonly migLayout?: string;
  /** @default the AL2023 NVIDIA AMI for the instance's architecture */
  readonly amiType?: string;
  /** @default 0 */
  readonly minSize?: number;
  /** @default 0 (a Capacity Block group scales up when its reservation is active) */
  readonly desiredSize?: number;
  /** @default 2 on demand, 1 for a Capacity Block, 9 (one u-p6e-gb200x36) for P6e-GB200 */
  readonly maxSize?: number;
  /** @default 200 */
  readonly rootVolumeGiB?: number;
  /**
   * Extra node labels. Labels the blueprint manages (its own prefix, `nvidia.com/gpu.deploy.*`,
   * `nvidia.com/mig.config`) are refused: they decide which GPU stack owns the node. @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

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

export interface EnvironmentConfig {
  /** DNS-safe name used in stack names and tags: lowercase letters, digits and `-`, at most 20. */
  readonly name: string;
  /** Production environments get stricter checks (endpoint exposure, system node count). */
  readonly production: boolean;
  readonly region: string;
  readonly clusterName: string;
  /** @default "1.33" */
  readonly kubernetesVersion?: string;
  /**
   * EKS upgrade policy. STANDARD on a version past standard support is refused, because EKS
   * would upgrade the cluster on its own. @default EXTENDED for versions past standard support
   */
  readonly supportType?: SupportType;
  readonly network: NetworkConfig;
  /** Kubernetes service range; must not overlap the VPC. @default "172.20.0.0/16" */
  readonly serviceIpv4Cidr?: string;
  readonly endpoint?: EndpointConfig;
  readonly access?: AccessConfig;
  readonly stateBackend?: StateBackendConfig;
  /** Retention of the control-plane log group. @default 90 */
  readonly logRetentionDays?: number;
  /** EKS refuses to delete the cluster while this is on; turn it off before a destroy. @default production */
  readonly deletionProtection?: boolean;
  readonly systemNodeGroup?: SystemNodeGroupConfig;
  /** Added to every resource through the AWS provider's default tags. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly gpuNodeGroups?: readonly GpuNodeGroupConfig[];
  /** Custom MIG layouts by name: MIG profile -> devices per GPU. @default {} */
  readonly migLayouts?: Readonly<Record<string, MigLayout>>;
  readonly nvidia?: NvidiaConfig;
  /** The example DRA workloads (examples/k8s-dra) and whether the examples stack applies them. */
  readonly examples?: ExamplesConfig;
  /**
   * Security policy rules (lib/policy/security-policy.ts) waived for single resources, each with a reason
   * a reviewer can judge. A waiver that matches nothing fails synth. @default []
   */
  readonly policyWaivers?: readonly PolicyWaiver[];
}

export interface ResolvedNvidia {
  readonly gpuOperator: ChartPin;
  readonly draDriver: ChartPin;
  readonly featureGates: Readonly<Record<string, boolean>>;
  readonly gpuSharing: readonly SharingStrategy[];
}

export type ResolvedCapacity =
  | { readonly kind: "on-demand" }
  | {
      readonly kind: "capacity-block";
      readonly reservationId: string;
      readonly availabilityZone: string;
    };

export interface ResolvedGpuNodeGroup {
  readonly name: string;
  readonly instanceType: GpuInstanceTypeName;
  readonly instance: GpuInstanceType;
  readonly gpu: GpuModel;
  readonly amiType: NvidiaAmiType;
  readonly capacity: ResolvedCapacity;
  /** Explicit subnets; otherwise the network's private subnets (in the reservation's zone). */
  readonly subnets?: readonly ExistingSubnet[];
  readonly allocation: GpuAllocation;
  readonly computeDomains: boolean;
  readonly mig?: { readonly layoutName: string; readonly layout: MigLayout };
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly rootVolumeGiB: number;
  readonly labels: Readonly<Record<string, string>>;
}

/** An environment after validation, with every default filled in. */
export interface ResolvedEnvironment {
  readonly name: string;
  readonly production: boolean;
  readonly region: string;
  readonly clusterName: string;
  readonly kubernetesVersion: KubernetesVersion;
  readonly supportType: SupportType;
  readonly network: ResolvedNetwork;
  readonly serviceIpv4Cidr: string;
  readonly publicAccessCidrs: readonly string[];
  readonly adminPrincipalArns: readonly string[];
  readonly grantDeployerAdmin: boolean;
  readonly stateBackend?: Required<StateBackendConfig>;
  readonly logRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly systemNodeGroup: Required<SystemNodeGroupConfig>;
  readonly tags: Readonly<Record<string, string>>;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  readonly nvidia: ResolvedNvidia;
  readonly examples: ResolvedExamples;
  readonly policyWaivers: readonly PolicyWaiver[];
  /** Printed at synth: configured groups left out, and how to add them. */
  readonly warnings: readonly string[];
}

export interface PlannedSubnet {
  readonly availabilityZone: string;
  readonly cidr: string;
}

export type ResolvedNetwork =
  | {
      readonly kind: "new";
      readonly vpcCidr: string;
      readonly natGateways: "single" | "one-per-az";
      readonly privateSubnets: readonly PlannedSubnet[];
      readonly publicSubnets: readonly PlannedSubnet[];
      /**
       * Private subnets only node groups use, in zones outside `availabilityZones` (a Capacity
       * Block's zone, which may be a Local Zone the control plane cannot use).
       */
      readonly nodeOnlySubnets: readonly PlannedSubnet[];
    }
  | ExistingVpcNetworkConfig;
