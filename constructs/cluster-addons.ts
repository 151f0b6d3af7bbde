import type { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { EksCluster } from "./eks-cluster";

export interface ClusterAddonsProps {
  readonly cluster: EksCluster;
  /** The add-ons run pods, so they wait for nodes; otherwise EKS reports them degraded. */
  readonly afterNodes: readonly ITerraformDependable[];
}

/** The add-ons that need running nodes: CoreDNS, kube-proxy and the EBS CSI driver. */
export class ClusterAddons extends Construct {
  readonly addons: readonly EksAddon[];

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    const { cluster, afterNodes } = props;
    const ebsCsiRole = cluster.podIdentityRole("ebs-csi", [
      "service-role/AmazonEBSCSIDriverPolicy",
    ]);
    this.addons = [
      cluster.addAddon("coredns", { dependsOn: afterNodes }),
      cluster.addAddon("kube-proxy", { dependsOn: afterNodes }),
      cluster.addAddon("aws-ebs-csi-driver", {
        serviceAccount: "ebs-csi-controller-sa",
        role: ebsCsiRole,
        dependsOn: afterNodes,
      }),
    ];
  }
}
