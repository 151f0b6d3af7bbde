import type { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { Construct } from "constructs";
import type { SystemNodeGroupConfig } from "../lib/nodes/settings";
import { LABELS, NODE_ROLES } from "../lib/nodes/labels";
import type { EksCluster } from "./eks-cluster";
import type { ClusterSubnet } from "./network";
import { addManagedNodeGroup } from "./managed-node-group";

export interface SystemNodeGroupProps {
  readonly cluster: EksCluster;
  readonly subnets: readonly ClusterSubnet[];
  readonly config: Required<SystemNodeGroupConfig>;
}

/**
 * On-demand x86_64 nodes for cluster controllers: CoreDNS, the GPU Operator, the DRA driver's
 * controller. GPU workloads never land here (GPU pods select GPU node groups).
 */
export class SystemNodeGroup extends Construct {
  readonly nodeGroup: EksNodeGroup;

  constructor(scope: Construct, id: string, props: SystemNodeGroupProps) {
    super(scope, id);
    const { cluster, config } = props;
    const name = "system";
    this.nodeGroup = addManagedNodeGroup(this, {
      cluster,
      name,
      subnets: props.subnets,
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: config.instanceTypes,
      minSize: config.minSize,
      desiredSize: config.desiredSize,
      maxSize: config.maxSize,
      rootVolumeGiB: config.diskSizeGiB,
      labels: { [LABELS.role]: NODE_ROLES.system, [LABELS.nodeGroup]: name },
    });
  }
}
