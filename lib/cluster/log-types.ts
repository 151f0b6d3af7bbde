/** Every control-plane log type EKS can send to CloudWatch. */
export const CONTROL_PLANE_LOG_TYPES = [
  "api",
  "audit",
  "authenticator",
  "controllerManager",
  "scheduler",
] as const;

/** The log group EKS writes control-plane logs to; the name is fixed by EKS. */
export const controlPlaneLogGroupName = (clusterName: string): string =>
  `/aws/eks/${clusterName}/cluster`;
