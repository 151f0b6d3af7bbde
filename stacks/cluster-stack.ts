import { BlueprintStack } from "./blueprint-stack";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Annotations, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { ClusterAddons } from "../constructs/cluster-addons";
import { ClusterAutoscalerAccess } from "../constructs/cluster-autoscaler-access";
import { EksCluster } from "../constructs/eks-cluster";
import { GpuNodeGroup } from "../constructs/gpu-node-group";
import { Network } from "../constructs/network";
import { SystemNodeGroup } from "../constructs/system-node-group";
import { isAutoscaled } from "../lib/autoscaling/node-groups";
import type { ResolvedEnvironment } from "../lib/environment";
import { flowLogGroupName } from "../lib/network/flow-logs";
import { configureBackend } from "./backend";
import { ENVIRONMENT_TAG } from "../lib/tags";

export interface ClusterStackProps {
  readonly environment: ResolvedEnvironment;
}

/** Everything AWS-side for one environment: network, EKS control plane, node groups, add-ons. */
export class ClusterStack extends BlueprintStack {
  readonly cluster: EksCluster;
  readonly gpuNodeGroups: readonly GpuNodeGroup[];

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id);
    const env = props.environment;
    configureBackend(this, id, env);
    new AwsProvider(this, "aws", {
      region: env.region,
      defaultTags: [{ tags: { ...env.tags, [ENVIRONMENT_TAG]: env.name } }],
    });

    const network = new Network(this, "network", {
      clusterName: env.clusterName,
      network: env.network,
    });
    // Flow logs for the VPC this stack creates (an existing VPC's are its owner's), when its
    // `network.flowLogs` setting (default: production) asks for them.
    const flowLogs = env.network.kind === "new" && env.network.flowLogs;
    this.cluster = new EksCluster(this, "eks", {
      settings: env,
      subnets: network.privateSubnets,
      encryptedLogGroups: flowLogs ? [flowLogGroupName(env.clusterName)] : [],
    });
    if (flowLogs) {
      network.logFlows({
        kmsKeyArn: this.cluster.logsKey.key.arn,
        retentionDays: env.logRetentionDays,
        accountId: this.cluster.accountId,
      });
    }
    const system = new SystemNodeGroup(this, "system-nodes", {
      cluster: this.cluster,
      subnets: network.privateSubnets,
      config: env.systemNodeGroup,
    });
    new ClusterAddons(this, "addons", { cluster: this.cluster, afterNodes: [system.nodeGroup] });
    this.gpuNodeGroups = env.gpuNodeGroups.map(
      (group) =>
        new GpuNodeGroup(this, `gpu-${group.name}`, { cluster: this.cluster, network, group }),
    );
    new ClusterAutoscalerAccess(this, "cluster-autoscaler", {
      cluster: this.cluster,
      autoscaledNodeGroups: Object.fromEntries([
        ["system", system.nodeGroup],
        ...this.gpuNodeGroups
          .filter((g) => isAutoscaled(g.group))
          .map((g) => [g.group.name, g.nodeGroup] as const),
      ]),
    });
    for (const warning of env.warnings) Annotations.of(this).addWarning(warning);

    new TerraformOutput(this, "cluster_name", { value: this.cluster.cluster.name });
    new TerraformOutput(this, "cluster_endpoint", { value: this.cluster.cluster.endpoint });
    new TerraformOutput(this, "kubeconfig_command", {
      description: "Writes a kubeconfig entry for the cluster",
      value: `aws eks update-kubeconfig --region ${env.region} --name ${env.clusterName}`,
    });
  }
}
