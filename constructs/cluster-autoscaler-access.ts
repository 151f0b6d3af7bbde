import { AutoscalingGroupTagA } from "@cdktf/provider-aws/lib/autoscaling-group-tag";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { clusterAutoscalerPolicy } from "../lib/autoscaling/iam-policy";
import { AUTOSCALED_TAG } from "../lib/autoscaling/node-groups";
import {
  CLUSTER_AUTOSCALER_NAMESPACE,
  CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
} from "../lib/autoscaling/release";
import type { EksCluster } from "./eks-cluster";
import type { ServiceRole } from "./iam";

export interface ClusterAutoscalerAccessProps {
  readonly cluster: EksCluster;
  /** The node groups the autoscaler may resize, by the blueprint's group name. */
  readonly autoscaledNodeGroups: Readonly<Record<string, EksNodeGroup>>;
}

/**
 * The AWS side of the Cluster Autoscaler: an IAM role its service account assumes through EKS Pod
 * Identity, the role's policy (lib/autoscaling/iam-policy.ts), and the tag that marks each Auto
 * Scaling group it may resize. These are AWS resources, so they live in the cluster stack: they
 * need no API server to plan, and they exist before the platform stack starts the autoscaler's pod,
 * whose credentials EKS injects only when the association already exists.
 *
 * EKS does not copy node group tags to the group's Auto Scaling group, so the tag is put on the
 * Auto Scaling group itself.
 */
export class ClusterAutoscalerAccess extends Construct {
  readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerAccessProps) {
    super(scope, id);
    const { cluster } = props;
    this.role = cluster.podIdentityRole("cluster-autoscaler", []);
    const document = new DataAwsIamPolicyDocument(this, "policy-document", {
      statement: clusterAutoscalerPolicy(cluster.name).map((s) => ({
        sid: s.sid,
        effect: s.effect,
        actions: [...s.actions],
        resources: [...s.resources],
        ...(s.conditions
          ? {
              condition: s.conditions.map((c) => ({
                test: c.test,
                variable: c.variable,
                values: [...c.values],
              })),
            }
          : {}),
      })),
    });
    const policy = new IamRolePolicy(this, "policy", {
      name: "cluster-autoscaler",
      role: this.role.role.name,
      policy: document.json,
    });
    new EksPodIdentityAssociation(this, "pod-identity", {
      clusterName: cluster.cluster.name,
      namespace: CLUSTER_AUTOSCALER_NAMESPACE,
      serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
      roleArn: this.role.role.arn,
      dependsOn: [policy],
    });
    for (const [name, nodeGroup] of Object.entries(props.autoscaledNodeGroups)) {
      new AutoscalingGroupTagA(this, `autoscaled-${name}`, {
        autoscalingGroupName: nodeGroup.resources.get(0).autoscalingGroups.get(0).name,
        tag: { key: AUTOSCALED_TAG.key, value: AUTOSCALED_TAG.value, propagateAtLaunch: false },
      });
    }
  }
}
