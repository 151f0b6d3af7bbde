import {
  LaunchTemplate,
  type LaunchTemplateNetworkInterfaces,
} from "@cdktf/provider-aws/lib/launch-template";
import { Construct } from "constructs";

export interface NodeLaunchTemplateProps {
  /** Name prefix; the provider appends a unique suffix so templates can be replaced safely. */
  readonly namePrefix: string;
  /** Size of the encrypted gp3 root volume. */
  readonly rootVolumeGiB: number;
  /** MIME multi-part user data (nodeadm NodeConfig); EKS merges its own part into it. */
  readonly userData?: string;
  /** Set only for Capacity Blocks: the node group then has no instance types of its own. */
  readonly instanceType?: string;
  /** A Capacity Block reservation (`cr-...`); sets the `capacity-block` market type. */
  readonly capacityBlockReservationId?: string;
  /** Interfaces for multi-card instances (EFA). Without them EKS adds one interface on its own. */
  readonly networkInterfaces?: readonly LaunchTemplateNetworkInterfaces[];
  /** Tags for the instances and volumes the template launches. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The launch template every node group uses: IMDSv2 only with a hop limit of 1 (pods cannot reach
 * the node's credentials; they use EKS Pod Identity), an encrypted gp3 root volume, no SSH key.
 */
export class NodeLaunchTemplate extends Construct {
  readonly template: LaunchTemplate;

  constructor(scope: Construct, id: string, props: NodeLaunchTemplateProps) {
    super(scope, id);
    const reservation = props.capacityBlockReservationId;
    this.template = new LaunchTemplate(this, "template", {
      namePrefix: props.namePrefix,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          // AL2023 EKS images, x86_64 and arm64, boot from /dev/xvda.
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: props.rootVolumeGiB,
            volumeType: "gp3",
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      ...(props.instanceType ? { instanceType: props.instanceType } : {}),
      ...(reservation
        ? {
            instanceMarketOptions: { marketType: "capacity-block" },
            capacityReservationSpecification: {
              capacityReservationTarget: { capacityReservationId: reservation },
            },
          }
        : {}),
      ...(props.networkInterfaces ? { networkInterfaces: [...props.networkInterfaces] } : {}),
      ...(props.userData ? { userData: Buffer.from(props.userData).toString("base64") } : {}),
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
        resourceType,
        tags: { ...props.tags },
      })),
      lifecycle: { createBeforeDestroy: true },
    });
  }
}
