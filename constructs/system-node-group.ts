import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { Construct } from "constructs";
import type { SystemNodeGroupConfig } from "../lib/nodes/settings";
import { LABELS, NODE_ROLES } from "../lib/nodes/labels";
import type { EksCluster } from "./eks-cluster";
import type { ClusterSubnet } from "./network";
import { NodeLaunchTemplate } from "./node-launch-template";

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
    const launchTemplate = new NodeLaunchTemplate(this, "launch-template", {
      namePrefix: `${cluster.name}-${name}-`,
      rootVolumeGiB: config.diskSizeGiB,
      tags: { Name: `${cluster.name}-${name}` },
    });
    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: cluster.cluster.name,
      nodeGroupName: name,
      nodeRoleArn: cluster.nodeRole.role.arn,
      subnetIds: props.subnets.map((s) => s.id),
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: [...config.instanceTypes],
      scalingConfig: {
        minSize: config.minSize,
        desiredSize: config.desiredSize,
        maxSize: config.maxSize,
      },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: {
        id: launchTemplate.template.id,
        version: launchTemplate.template.latestVersion.toString(),
      },
      labels: { [LABELS.role]: NODE_ROLES.system, [LABELS.nodeGroup]: name },
      dependsOn: [...cluster.nodeRole.attachments, ...cluster.beforeCompute],
    });
  }
}
