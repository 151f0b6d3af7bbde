/** Network settings of an environment: a new VPC the blueprint plans, or an existing one. */

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
  /**
   * Log every accepted and rejected flow of the VPC to an encrypted CloudWatch log group kept
   * for `logRetentionDays` (Checkov CKV2_AWS_11). Off outside production by default: see
   * {@link NO_FLOW_LOGS_REASON}; the policy then records the exception for the VPC itself.
   * @default production
   */
  readonly flowLogs?: boolean;
}

/**
 * Why a non-production VPC logs no flows by default, which the security policy's waiver and
 * docs/scanning.md quote. A forker who wants them sets `network.flowLogs: true`.
 */
export const NO_FLOW_LOGS_REASON =
  "outside production the VPC's flows are not logged by default: a dev or lab cluster is short-lived and " +
  "carries no production traffic, and CloudWatch Logs charges for every GB of flow records ingested";

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

export interface PlannedSubnet {
  readonly availabilityZone: string;
  readonly cidr: string;
}

export type ResolvedNetwork =
  | {
      readonly kind: "new";
      readonly vpcCidr: string;
      /** Whether the VPC's flows go to a log group (`network.flowLogs`, default: production). */
      readonly flowLogs: boolean;
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
