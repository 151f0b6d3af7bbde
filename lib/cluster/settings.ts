/** Settings of the EKS control plane: API endpoint exposure, admin access, Terraform state. */
import type { KubernetesVersion, SupportType } from "./versions";

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

/** S3 state with native locking. Without it, each stack keeps its state in `state/<stack>.tfstate` at the project root. */
export interface StateBackendConfig {
  readonly bucket: string;
  /** @default the environment's region */
  readonly region?: string;
  /** Each stack's state lives at `<keyPrefix>/<stack>.tfstate`. @default the environment name */
  readonly keyPrefix?: string;
}

/** The control plane's settings, as an environment declares them. */
export interface ClusterConfig {
  readonly region: string;
  readonly clusterName: string;
  /** One of lib/cluster/versions.ts: "1.33", "1.34", "1.35", "1.36". @default "1.33" */
  readonly kubernetesVersion?: string;
  /**
   * Keeps the node groups on the previous minor while the control plane and add-ons move to
   * `kubernetesVersion` (docs/upgrades.md "Upgrading Kubernetes"); remove it to roll the nodes.
   * @default kubernetesVersion
   */
  readonly nodeGroupsKubernetesVersion?: string;
  /**
   * EKS upgrade policy. STANDARD on a version past standard support is refused, because EKS
   * would upgrade the cluster on its own. EXTENDED costs $0.60/h instead of $0.10/h, but only
   * while the version is past standard support.
   * @default EXTENDED in production and for versions past standard support, else STANDARD
   */
  readonly supportType?: SupportType;
  /** Kubernetes service range; must not overlap the VPC. @default "172.20.0.0/16" */
  readonly serviceIpv4Cidr?: string;
  readonly endpoint?: EndpointConfig;
  readonly access?: AccessConfig;
  readonly stateBackend?: StateBackendConfig;
  /**
   * Retention of the control-plane log group (and of the flow log group). Checkov's CKV_AWS_338
   * asks for a year; outside production the default is shorter, see {@link SHORT_LOG_RETENTION_REASON},
   * and the policy records the exception for the log groups itself. A production environment
   * under 365 days needs a `policyWaivers` entry.
   * @default 365 in production, else 90
   */
  readonly logRetentionDays?: number;
  /** EKS refuses to delete the cluster while this is on; turn it off before a destroy. @default production */
  readonly deletionProtection?: boolean;
}

/** Days Checkov's CKV_AWS_338 asks log groups to keep their logs (0, never expire, passes too). */
export const ONE_YEAR_RETENTION_DAYS = 365;

/** The default retention of a production environment's log groups, and of any other's. */
export const defaultLogRetentionDays = (production: boolean): number =>
  production ? ONE_YEAR_RETENTION_DAYS : 90;

/**
 * Why a non-production environment keeps its logs under a year, which the security policy's
 * waiver and docs/scanning.md quote. A forker who wants a year sets `logRetentionDays: 365`.
 */
export const SHORT_LOG_RETENTION_REASON =
  "outside production, control-plane and flow logs serve debugging, not audit: the cluster is rebuilt often and " +
  "a shorter retention keeps CloudWatch Logs storage down";

/** The control plane's settings with every default filled in. */
export interface ResolvedCluster {
  readonly region: string;
  readonly clusterName: string;
  readonly kubernetesVersion: KubernetesVersion;
  /** The node groups' version: the control plane's, or the minor before it during an upgrade. */
  readonly nodeGroupsKubernetesVersion: KubernetesVersion;
  readonly supportType: SupportType;
  readonly serviceIpv4Cidr: string;
  readonly publicAccessCidrs: readonly string[];
  readonly adminPrincipalArns: readonly string[];
  readonly grantDeployerAdmin: boolean;
  readonly stateBackend?: Required<StateBackendConfig>;
  readonly logRetentionDays: number;
  readonly deletionProtection: boolean;
}
