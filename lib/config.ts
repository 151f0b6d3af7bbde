/**
 * The typed configuration of one environment. `config/environments.ts` declares the environments;
 * `validateEnvironments` checks them before any stack is created.
 */
import type { KubernetesVersion, SupportType } from "./versions";

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
  readonly systemNodeGroup?: SystemNodeGroupConfig;
  /** Added to every resource through the AWS provider's default tags. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
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
  readonly systemNodeGroup: Required<SystemNodeGroupConfig>;
  readonly tags: Readonly<Record<string, string>>;
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
    }
  | ExistingVpcNetworkConfig;

/** The zones the cluster's private subnets are in. */
export function networkZones(network: ResolvedNetwork): readonly string[] {
  return network.kind === "new"
    ? network.privateSubnets.map((s) => s.availabilityZone)
    : [...new Set(network.privateSubnets.map((s) => s.availabilityZone))];
}
