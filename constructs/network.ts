import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import {
  FLOW_LOG_DELIVERY_ACTIONS,
  flowLogGroupName,
  type FlowLogSettings,
} from "../lib/network/flow-logs";
import type { PlannedSubnet, ResolvedNetwork } from "../lib/network/settings";

export interface NetworkProps {
  readonly clusterName: string;
  readonly network: ResolvedNetwork;
}

/** A private subnet the cluster and its nodes use. */
export interface ClusterSubnet {
  readonly id: string;
  readonly availabilityZone: string;
}

/**
 * The VPC the cluster runs in: a new one (private subnets behind NAT, public subnets for NAT and
 * internet-facing load balancers, the subnet tags the AWS Load Balancer Controller discovers), or
 * an existing one whose private subnets are passed in. {@link Network.logFlows} adds flow logs to
 * a new VPC.
 */
export class Network extends Construct {
  readonly vpcId: string;
  /** The VPC this construct created; undefined for an existing VPC. */
  readonly vpc?: Vpc;
  private readonly clusterName: string;
  /** Subnets for the control plane and node groups. */
  readonly privateSubnets: readonly ClusterSubnet[];
  /** Every subnet a node group may use: the private subnets plus node-only ones (Capacity Block zones). */
  readonly nodeSubnets: readonly ClusterSubnet[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { network, clusterName } = props;
    this.clusterName = clusterName;
    if (network.kind === "existing") {
      this.vpcId = network.vpcId;
      this.privateSubnets = network.privateSubnets;
      this.nodeSubnets = network.privateSubnets;
      return;
    }

    const vpc = new Vpc(this, "vpc", {
      cidrBlock: network.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: clusterName },
    });
    this.vpcId = vpc.id;
    this.vpc = vpc;

    // The default security group allows all traffic between its members; nothing should use it.
    new DefaultSecurityGroup(this, "default-sg", {
      vpcId: vpc.id,
      tags: { Name: `${clusterName}-default-unused` },
    });

    const internetGateway = new InternetGateway(this, "igw", {
      vpcId: vpc.id,
      tags: { Name: clusterName },
    });
    const publicRoutes = new RouteTable(this, "public-routes", {
      vpcId: vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }],
      tags: { Name: `${clusterName}-public` },
    });

    const publicSubnets = network.publicSubnets.map((planned) => {
      const subnet = new Subnet(this, `public-${planned.availabilityZone}`, {
        vpcId: vpc.id,
        cidrBlock: planned.cidr,
        availabilityZone: planned.availabilityZone,
        mapPublicIpOnLaunch: false,
        tags: {
          Name: `${clusterName}-public-${planned.availabilityZone}`,
          "kubernetes.io/role/elb": "1",
        },
      });
      new RouteTableAssociation(this, `public-${planned.availabilityZone}-routes`, {
        subnetId: subnet.id,
        routeTableId: publicRoutes.id,
      });
      return subnet;
    });

    const natCount = network.natGateways === "single" ? 1 : publicSubnets.length;
    const natGateways = publicSubnets.slice(0, natCount).map((subnet, i) => {
      const zone = network.publicSubnets[i].availabilityZone;
      const address = new Eip(this, `nat-ip-${zone}`, {
        domain: "vpc",
        tags: { Name: `${clusterName}-nat-${zone}` },
      });
      return new NatGateway(this, `nat-${zone}`, {
        allocationId: address.id,
        subnetId: subnet.id,
        tags: { Name: `${clusterName}-${zone}` },
        dependsOn: [internetGateway],
      });
    });

    const privateSubnet = (planned: PlannedSubnet, nat: NatGateway): ClusterSubnet => {
      const zone = planned.availabilityZone;
      const subnet = new Subnet(this, `private-${zone}`, {
        vpcId: vpc.id,
        cidrBlock: planned.cidr,
        availabilityZone: zone,
        tags: { Name: `${clusterName}-private-${zone}`, "kubernetes.io/role/internal-elb": "1" },
      });
      const routes = new RouteTable(this, `private-${zone}-routes`, {
        vpcId: vpc.id,
        route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
        tags: { Name: `${clusterName}-private-${zone}` },
      });
      new RouteTableAssociation(this, `private-${zone}-routes-association`, {
        subnetId: subnet.id,
        routeTableId: routes.id,
      });
      return { id: subnet.id, availabilityZone: zone };
    };
    this.privateSubnets = network.privateSubnets.map((planned, i) =>
      privateSubnet(planned, natGateways[Math.min(i, natGateways.length - 1)]),
    );
    // A node-only zone may be a Local Zone, which has no NAT gateway of its own.
    const nodeOnly = network.nodeOnlySubnets.map((planned) =>
      privateSubnet(planned, natGateways[0]),
    );
    this.nodeSubnets = [...this.privateSubnets, ...nodeOnly];
  }

  /**
   * Records every flow of the VPC this construct created. An existing VPC's flow logs belong to
   * whoever owns that VPC, so this refuses one.
   */
  logFlows(settings: FlowLogSettings): FlowLog {
    const { vpc, clusterName } = this;
    if (!vpc)
      throw new Error("flow logs of an existing VPC belong to its owner, not to this stack");
    const logGroup = new CloudwatchLogGroup(this, "flow-logs", {
      name: flowLogGroupName(clusterName),
      retentionInDays: settings.retentionDays,
      kmsKeyId: settings.kmsKeyArn,
    });
    // Only the flow logs service, and only on behalf of this account (the confused-deputy guard
    // the VPC user guide recommends).
    const trust = new DataAwsIamPolicyDocument(this, "flow-logs-trust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [settings.accountId] },
          ],
        },
      ],
    });
    const role = new IamRole(this, "flow-logs-role", {
      name: `${clusterName}-flow-logs`,
      assumeRolePolicy: trust.json,
    });
    const delivery = new DataAwsIamPolicyDocument(this, "flow-logs-delivery", {
      statement: [
        {
          effect: "Allow",
          actions: [...FLOW_LOG_DELIVERY_ACTIONS],
          resources: [logGroup.arn, `${logGroup.arn}:*`],
        },
      ],
    });
    const rolePolicy = new IamRolePolicy(this, "flow-logs-delivery-policy", {
      name: "deliver-flow-logs",
      role: role.name,
      policy: delivery.json,
    });
    return new FlowLog(this, "flow-log", {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      tags: { Name: `${clusterName}-flows` },
      dependsOn: [rolePolicy],
    });
  }

  /** Node subnets in the given zone (a Capacity Block's zone, for example). */
  nodeSubnetsIn(zone: string): readonly ClusterSubnet[] {
    return this.nodeSubnets.filter((s) => s.availabilityZone === zone);
  }
}
