/**
 * Which node group the Cluster Autoscaler grows when several fit the pending pods: Spot groups
 * first, every other group after them, and among equals the one that wastes least.
 *
 * The priority expander (cluster-autoscaler/expander/priority/priority.go, 1.36.1) keeps the
 * options whose group ID matches a regex of the highest priority present; a group no regex matches
 * is never chosen, hence the catch-all at the lowest priority. It reads the ConfigMap
 * `cluster-autoscaler-priority-expander`, which chart 9.59.0 writes from `expanderPriorities` when
 * `extraArgs.expander` lists `priority` (templates/priority-expander-configmap.yaml; the chart's Role
 * then grants the watch it needs). `--expander=priority,least-waste` runs them in turn.
 *
 * Fallback to on-demand: when a Spot group cannot launch (no capacity in any of its pools), its
 * Auto Scaling group records a failed scaling activity; the AWS provider turns the missing
 * instances into placeholders with an out-of-resources error (cloudprovider/aws/auto_scaling_groups.go,
 * createPlaceholdersForDesiredNonStartedInstances), the autoscaler backs the group off, and the next
 * loop picks the on-demand group of the same workload.
 *
 * On AWS a group's ID is its Auto Scaling group's name, which EKS generates for a managed node group
 * as `eks-<node group name>-<uuid>`; the regexes anchor on that.
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";

export const SPOT_PRIORITY = 30;
export const FALLBACK_PRIORITY = 10;

/** The regex that matches the Auto Scaling group EKS creates for a managed node group. */
export function managedNodeGroupAsgPattern(nodeGroupName: string): string {
  const escaped = nodeGroupName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return `^eks-${escaped}-[0-9a-f]{8}-[0-9a-f-]+$`;
}

/** The priorities, or undefined when no group is Spot (least-waste alone decides then). */
export function expanderPriorities(
  groups: readonly ResolvedGpuNodeGroup[],
): Readonly<Record<string, readonly string[]>> | undefined {
  const spot = groups.filter((g) => g.capacity.kind === "spot");
  if (spot.length === 0) return undefined;
  return {
    [SPOT_PRIORITY]: spot.map((g) => managedNodeGroupAsgPattern(g.name)),
    [FALLBACK_PRIORITY]: [".*"],
  };
}
