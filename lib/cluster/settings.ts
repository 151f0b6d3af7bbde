/** Settings of the EKS control plane: API endpoint exposure, admin access, Terraform state. */

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
