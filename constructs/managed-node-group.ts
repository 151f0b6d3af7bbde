import { EksNodeGroup, type EksNodeGroupTaint } from "@cdktf/provider-aws/lib/eks-node-group";
import type { LaunchTemplateNetworkInterfaces } from "@cdktf/provider-aws/lib/launch-template";
import type { Construct } from "constructs";
import type { EksCluster } from "./eks-cluster";
import type { ClusterSubnet } from "./network";
import { ROLLING_ATTRIBUTES } from "../lib/nodes/rollout";
import { NodeLaunchTemplate } from "./node-launch-template";

export interface ManagedNodeGroupProps {
  readonly cluster: EksCluster;
  /** The node group's name in EKS; launch template and instance names derive from it. */
  readonly name: string;
  readonly subnets: readonly ClusterSubnet[];
  readonly amiType: string;
  readonly capacityType: "ON_DEMAND" | "CAPACITY_BLOCK";
  /**
   * On the node group for on-demand capacity. A Capacity Block names its one instance type in the
   * launch template instead, and the node group then has none.
   */
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly rootVolumeGiB: number;
  readonly labels: Readonly<Record<string, string>>;
  /** @default [] */
  readonly taints?: readonly EksNodeGroupTaint[];
  /** MIME multi-part user data (nodeadm NodeConfig). */
  readonly userData?: string;
  /** A Capacity Block reservation (`cr-...`). */
  readonly capacityBlockReservationId?: string;
  /** Interfaces for multi-card instances (EFA). */
  readonly networkInterfaces?: readonly LaunchTemplateNetworkInterfaces[];
  /**
   * Keep the group's version and launch template when the cluster's change, so its nodes are never
   * replaced in place (Capacity Blocks: lib/nodes/rollout.ts). @default false
   */
  readonly holdVersionAndTemplate?: boolean;
}

/**
 * The wiring every managed node group of the blueprint shares: its hardened launch template, the
 * cluster's node role, one node replaced at a time, and creation after the add-ons nodes need to
 * join (VPC CNI, Pod Identity agent), and the desired size left to whoever resizes the group after
 * creation. A Capacity Block group launches only into its reservation.
 *
 * The resources are added to `scope` itself (ids `launch-template` and `node-group`), not to a
 * construct of their own, so their Terraform addresses stay those of the construct that owns the
 * node group: a new level in the construct tree would make Terraform replace every node group.
 */
export function addManagedNodeGroup(scope: Construct, props: ManagedNodeGroupProps): EksNodeGroup {
  const { cluster, name } = props;
  const isBlock = props.capacityType === "CAPACITY_BLOCK";
  const launchTemplate = new NodeLaunchTemplate(scope, "launch-template", {
    namePrefix: `${cluster.name}-${name}-`,
    rootVolumeGiB: props.rootVolumeGiB,
    ...(props.userData ? { userData: props.userData } : {}),
    ...(isBlock
      ? {
          instanceType: props.instanceTypes[0],
          capacityBlockReservationId: props.capacityBlockReservationId,
        }
      : {}),
    ...(props.networkInterfaces ? { networkInterfaces: props.networkInterfaces } : {}),
    tags: { Name: `${cluster.name}-${name}` },
  });
  return new EksNodeGroup(scope, "node-group", {
    clusterName: cluster.cluster.name,
    nodeGroupName: name,
    // Follows the control plane: after a version upgrade the nodes roll to the new version's AMI,
    // after the cluster (EKS refuses nodes newer than the control plane). A held group keeps the
    // version it has (lifecycle below).
    version: cluster.nodeGroupsVersion,
    nodeRoleArn: cluster.nodeRole.role.arn,
    subnetIds: props.subnets.map((s) => s.id),
    amiType: props.amiType,
    capacityType: props.capacityType,
    ...(isBlock ? {} : { instanceTypes: [...props.instanceTypes] }),
    scalingConfig: {
      minSize: props.minSize,
      desiredSize: props.desiredSize,
      maxSize: props.maxSize,
    },
    updateConfig: { maxUnavailable: 1 },
    launchTemplate: {
      id: launchTemplate.template.id,
      version: launchTemplate.template.latestVersion.toString(),
    },
    labels: { ...props.labels },
    ...(props.taints?.length ? { taint: [...props.taints] } : {}),
    // Terraform sets the desired size at creation only. Afterwards the Cluster Autoscaler owns it on
    // on-demand groups; on a Capacity Block group EKS schedules a scale-in before the block ends and
    // the size is raised by hand when the block starts. Terraform must not undo either.
    lifecycle: {
      ignoreChanges: [
        "scaling_config[0].desired_size",
        ...(props.holdVersionAndTemplate ? ROLLING_ATTRIBUTES : []),
      ],
    },
    dependsOn: [...cluster.nodeRole.attachments, ...cluster.beforeCompute],
  });
}
