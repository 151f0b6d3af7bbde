/**
 * VPC flow logs: every accepted and rejected flow of the VPC, to a CloudWatch log group that the
 * cluster's logs key encrypts and that keeps the environment's log retention.
 */
export interface FlowLogSettings {
  /** ARN of the customer KMS key for the log group; its policy must let CloudWatch Logs use it. */
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
  /** The account whose VPC the flow logs service may log for (its confused-deputy guard). */
  readonly accountId: string;
}

export const flowLogGroupName = (clusterName: string): string =>
  `/aws/vpc-flow-logs/${clusterName}`;

/** What the flow logs service needs on its log group (Amazon VPC user guide, "IAM role for flow logs"). */
export const FLOW_LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogStream",
  "logs:PutLogEvents",
  "logs:DescribeLogGroups",
  "logs:DescribeLogStreams",
] as const;
