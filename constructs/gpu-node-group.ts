import type { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import type { LaunchTemplateNetworkInterfaces } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { ResolvedGpuNodeGroup } from "../lib/nodes/settings";
import { GPU_TAINT, gpuNodeLabels } from "../lib/nodes/labels";
import { gpuNodeConfig, mimeUserData } from "../lib/nodes/user-data";
import { usesEfa } from "../lib/nodes/gpu-catalog";
import { holdsVersionAndTemplate } from "../lib/nodes/rollout";
import type { EksCluster } from "./eks-cluster";
import type { ClusterSubnet, Network } from "./network";
import { addManagedNodeGroup } from "./managed-node-group";

export interface GpuNodeGroupProps {
  readonly cluster: EksCluster;
  readonly network: Network;
  readonly group: ResolvedGpuNodeGroup;
}

/** EKS writes taint effects in upper snake case. */
const EKS_TAINT_EFFECT = { NoSchedule: "NO_SCHEDULE" } as const;

/**
 * A managed node group of GPU instances on the AL2023 NVIDIA AMI (driver, container toolkit,
 * fabric manager and IMEX are in the image), with the labels and taint that decide which NVIDIA
 * components run on it, nodeadm RAID0 over its NVMe disks, and the EFA layout of multi-card types.
 */
export class GpuNodeGroup extends Construct {
  readonly nodeGroup: EksNodeGroup;
  readonly group: ResolvedGpuNodeGroup;

  constructor(scope: Construct, id: string, props: GpuNodeGroupProps) {
    super(scope, id);
    const { cluster, network, group } = props;
    this.group = group;
    const capacity = group.capacity;
    const nodeConfig = gpuNodeConfig(group.instance);
    this.nodeGroup = addManagedNodeGroup(this, {
      cluster,
      name: group.name,
      subnets: this.subnets(network),
      amiType: group.amiType,
      capacityType: capacity.kind === "capacity-block" ? "CAPACITY_BLOCK" : "ON_DEMAND",
      instanceTypes: [group.instanceType],
      ...(capacity.kind === "capacity-block"
        ? { capacityBlockReservationId: capacity.reservationId }
        : {}),
      holdVersionAndTemplate: holdsVersionAndTemplate(group),
      minSize: group.minSize,
      desiredSize: group.desiredSize,
      maxSize: group.maxSize,
      rootVolumeGiB: group.rootVolumeGiB,
      labels: gpuNodeLabels(group),
      taints: [
        { key: GPU_TAINT.key, value: GPU_TAINT.value, effect: EKS_TAINT_EFFECT[GPU_TAINT.effect] },
      ],
      ...(nodeConfig ? { userData: mimeUserData(nodeConfig) } : {}),
      ...(usesEfa(group.instance)
        ? { networkInterfaces: this.efaInterfaces(cluster, network) }
        : {}),
    });
  }

  private subnets(network: Network): readonly ClusterSubnet[] {
    const { group } = this;
    if (group.subnets) return group.subnets;
    return group.capacity.kind === "capacity-block"
      ? network.nodeSubnetsIn(group.capacity.availabilityZone)
      : network.privateSubnets;
  }

  /**
   * The EC2 layout for EFA on multi-card instances: the node's primary ENA interface on card 0
   * (device 0), then an EFA-only interface on each of the catalog's EFA cards (device 1 beside the
   * primary interface on card 0, device 0 elsewhere). EFA-only interfaces take no VPC addresses (VPC CNI 1.18.5 or
   * later). EFA traffic bypasses the kernel and must be allowed in and out between all members of
   * the group's security group.
   * Sources: EC2 user guide, "Maximize network bandwidth on Amazon EC2 instances with multiple
   * network cards"; EKS user guide, "Run machine learning training on Amazon EKS with EFA".
   */
  private efaInterfaces(cluster: EksCluster, network: Network): LaunchTemplateNetworkInterfaces[] {
    const { group } = this;
    const efa = new SecurityGroup(this, "efa", {
      namePrefix: `${cluster.name}-${group.name}-efa-`,
      description: `EFA traffic between ${group.name} nodes`,
      vpcId: network.vpcId,
      lifecycle: { createBeforeDestroy: true },
    });
    new VpcSecurityGroupIngressRule(this, "efa-in", {
      securityGroupId: efa.id,
      referencedSecurityGroupId: efa.id,
      ipProtocol: "-1",
      description: "EFA from group members",
    });
    new VpcSecurityGroupEgressRule(this, "efa-out", {
      securityGroupId: efa.id,
      referencedSecurityGroupId: efa.id,
      ipProtocol: "-1",
      description: "EFA to group members",
    });
    const securityGroups = [cluster.cluster.vpcConfig.clusterSecurityGroupId, efa.id];
    const iface = (networkCardIndex: number, deviceIndex: number, interfaceType: string) => ({
      networkCardIndex,
      deviceIndex,
      interfaceType,
      deleteOnTermination: "true",
      securityGroups,
    });
    return [
      iface(0, 0, "interface"),
      ...group.instance.efaNetworkCards.map((card) => iface(card, card === 0 ? 1 : 0, "efa-only")),
    ];
  }
}
