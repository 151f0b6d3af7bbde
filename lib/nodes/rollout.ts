/**
 * Which node groups roll their nodes when the cluster's version or their launch template changes.
 * EKS updates a managed node group's version or launch template by launching a surge node, moving
 * the pods and terminating an old node, one at a time. A Capacity Block has no spare instance for
 * the surge node, so the update stalls or fails while the block's nodes run: the EKS user guide
 * ("Create a managed node group with Capacity Blocks for ML"; the P6e UltraServer page) says to
 * scale such a group to zero before upgrading it.
 *
 * So a Capacity Block group holds its version and launch template (Terraform ignores changes of
 * both) until its configuration declares it empty (`scaledToZero: true`); then the next deploy
 * moves it, at once, since there is no node to replace.
 */
import type { ResolvedGpuNodeGroup } from "./settings";

/** The node group attributes whose change replaces its nodes (aws_eks_node_group). */
export const ROLLING_ATTRIBUTES = ["version", "release_version", "launch_template"] as const;

/** Whether the group keeps its version and launch template when the cluster's change. */
export function holdsVersionAndTemplate(group: Pick<ResolvedGpuNodeGroup, "capacity">): boolean {
  return group.capacity.kind === "capacity-block" && !group.capacity.scaledToZero;
}

/** What a deploy with `scaledToZero` will do, and what to check first. */
export function scaledToZeroWarning(
  clusterName: string,
  group: ResolvedGpuNodeGroup,
  at: string,
): string {
  return (
    `${at}.scaledToZero is true: the next deploy of the cluster stack moves this Capacity Block group to the ` +
    "cluster's Kubernetes version and launch template. Deploy only while it has no node (aws eks describe-nodegroup " +
    `--cluster-name ${clusterName} --nodegroup-name ${group.name} --query nodegroup.scalingConfig.desiredSize ` +
    "prints 0), then remove scaledToZero so a later upgrade never rolls the block's nodes in place"
  );
}
