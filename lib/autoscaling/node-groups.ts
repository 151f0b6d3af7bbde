/**
 * Which node groups the Cluster Autoscaler resizes, and what it must know about a group that has
 * no node yet.
 *
 * Discovery: EKS tags every managed node group's Auto Scaling group with
 * `k8s.io/cluster-autoscaler/enabled` and `k8s.io/cluster-autoscaler/<cluster>`. The blueprint
 * adds {@link AUTOSCALED_TAG} only to the groups the autoscaler may resize, and the autoscaler
 * discovers groups that carry all three (its `--node-group-auto-discovery` tag list).
 *
 * Capacity Block groups are left out. The autoscaler knows nothing of a block's window: outside it
 * every scale-up fails and backs off; inside it the block is paid whether nodes run or not, so a
 * scale-down saves nothing and costs the next job a boot; and EKS scales the group to zero 40
 * minutes before the block ends ("Amazon EKS Node Group Capacity Scaledown Before Reservation End"),
 * after which the autoscaler would launch nodes again for the evicted pods, nodes that EC2 shuts
 * down 30 minutes before the end. A block's group is sized by hand when the block starts (EKS user
 * guide, "Create a managed node group with Capacity Blocks for ML").
 *
 * Scale from zero: at zero the autoscaler builds a template node from the instance type
 * (DescribeInstanceTypes: CPU, memory, `nvidia.com/gpu` count) and from the managed node group
 * (eks:DescribeNodegroup: its labels and taints, taint values included). Every label and taint the
 * blueprint schedules on is set on the managed node group, so no `node-template` ASG tag is needed.
 * The template has no ResourceSlices, so a group whose GPUs only DRA offers cannot be scaled up
 * from zero for a claim (cloudprovider/aws/aws_cloud_provider.go TemplateNodeInfo; docs/dra_support.md).
 */
import { show, type Problems } from "../errors";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";

/** Put on the Auto Scaling groups the autoscaler may resize. */
export const AUTOSCALED_TAG = { key: "eks-gpu-dra.blueprint/autoscaled", value: "true" } as const;

/** The tags the autoscaler's IAM policy and discovery require, for one cluster. */
export function autoscalerTags(clusterName: string): Readonly<Record<string, string>> {
  return {
    "k8s.io/cluster-autoscaler/enabled": "true",
    [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
    [AUTOSCALED_TAG.key]: AUTOSCALED_TAG.value,
  };
}

/** On-demand and Spot groups; never a Capacity Block's. */
export function isAutoscaled(group: ResolvedGpuNodeGroup): boolean {
  return group.capacity.kind !== "capacity-block";
}

/**
 * The autoscaler's GPU label on AWS. On a node that has it, the autoscaler waits for an
 * `nvidia.com/gpu` capacity before it counts the node ready; a DRA node never gets one, so the
 * autoscaler would treat it as unready forever and keep adding nodes.
 */
export const AWS_GPU_LABEL = "k8s.amazonaws.com/accelerator";

/** Node group settings the autoscaler cannot work with; see {@link scaleFromZeroProblems}. */
export function autoscalingProblems(
  groups: readonly ResolvedGpuNodeGroup[],
  at: string,
  problems: Problems,
): void {
  scaleFromZeroProblems(groups, at, problems);
  for (const group of groups) {
    if (group.allocation === "dra" && AWS_GPU_LABEL in group.labels) {
      problems.add(
        `${at}.gpuNodeGroups.${group.name}.labels sets ${show(AWS_GPU_LABEL)} on a group whose allocation is "dra": ` +
          "the Cluster Autoscaler would wait for an nvidia.com/gpu capacity these nodes never report and count them " +
          "unready; remove the label",
      );
    }
  }
}

/**
 * A DRA group the autoscaler resizes must keep a node: from zero it would never come back for a
 * claim. An error rather than a warning, because the failure is silent and late (pods Pending, the
 * autoscaler reporting that no group fits) and the fix is one setting.
 */
export function scaleFromZeroProblems(
  groups: readonly ResolvedGpuNodeGroup[],
  at: string,
  problems: Problems,
): void {
  for (const group of groups) {
    if (group.allocation === "dra" && isAutoscaled(group) && group.minSize < 1) {
      problems.add(
        `${at}.gpuNodeGroups.${group.name}.minSize ${show(group.minSize)} lets the group scale to zero, and the Cluster ` +
          "Autoscaler cannot scale a DRA group up from zero on AWS (its template node has no ResourceSlices), so " +
          'claims would stay Pending; keep minSize 1 or more, or use allocation "device-plugin" for a group that must ' +
          "scale to zero",
      );
    }
  }
}
