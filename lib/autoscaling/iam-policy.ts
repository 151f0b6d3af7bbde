/**
 * The Cluster Autoscaler's IAM permissions, as pure data for an IAM policy document. Reads are
 * allowed on `*` (these actions support no resource-level restriction); the two actions that
 * change capacity are allowed only on Auto Scaling groups tagged for this cluster and marked for
 * the autoscaler (node-groups.ts), so it can never resize another cluster's groups or a Capacity
 * Block group.
 *
 * Source: kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md, "IAM Policy"
 * (full-feature policy; `ec2:DescribeInstanceTypes` and `ec2:GetInstanceTypesFromInstanceRequirements`
 * for the dynamic instance list, `eks:DescribeNodegroup` for managed node group labels and taints).
 */
import { autoscalerTags } from "./node-groups";

export interface PolicyStatement {
  readonly sid: string;
  readonly effect: "Allow";
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: readonly {
    readonly test: "StringEquals";
    readonly variable: string;
    readonly values: readonly string[];
  }[];
}

export const AUTOSCALER_READ_ACTIONS = [
  "autoscaling:DescribeAutoScalingGroups",
  "autoscaling:DescribeAutoScalingInstances",
  "autoscaling:DescribeLaunchConfigurations",
  "autoscaling:DescribeScalingActivities",
  "autoscaling:DescribeTags",
  "ec2:DescribeImages",
  "ec2:DescribeInstanceTypes",
  "ec2:DescribeLaunchTemplateVersions",
  "ec2:GetInstanceTypesFromInstanceRequirements",
  "eks:DescribeNodegroup",
] as const;

export const AUTOSCALER_WRITE_ACTIONS = [
  "autoscaling:SetDesiredCapacity",
  "autoscaling:TerminateInstanceInAutoScalingGroup",
] as const;

export function clusterAutoscalerPolicy(clusterName: string): readonly PolicyStatement[] {
  return [
    {
      sid: "ReadScalingState",
      effect: "Allow",
      actions: [...AUTOSCALER_READ_ACTIONS],
      resources: ["*"],
    },
    {
      sid: "ResizeThisClustersGroups",
      effect: "Allow",
      actions: [...AUTOSCALER_WRITE_ACTIONS],
      resources: ["*"],
      conditions: Object.entries(autoscalerTags(clusterName)).map(([key, value]) => ({
        test: "StringEquals" as const,
        variable: `aws:ResourceTag/${key}`,
        values: [value],
      })),
    },
  ];
}
