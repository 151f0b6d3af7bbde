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
  /** Retention of the control-plane log group. @default 90 */
  readonly logRetentionDays?: number;
  /** EKS refuses to delete the cluster while this is on; turn it off before a destroy. @default production */
  readonly deletionProtection?: boolean;
}

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
