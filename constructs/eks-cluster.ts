import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsIamSessionContext } from "@cdktf/provider-aws/lib/data-aws-iam-session-context";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedCluster } from "../lib/cluster/settings";
import { CONTROL_PLANE_LOG_TYPES, controlPlaneLogGroupName } from "../lib/cluster/log-types";
import { keyAdministration, SECRETS_KEY_USE_ACTIONS } from "../lib/cluster/key-policy";
import { ServiceRole } from "./iam";
import { LogsKey } from "./logs-key";
import type { ClusterSubnet } from "./network";

const CLUSTER_ADMIN_POLICY = "AmazonEKSClusterAdminPolicy";

export interface EksClusterProps {
  /** Version, endpoint exposure, admins, logging and protection of the control plane. */
  readonly settings: ResolvedCluster;
  /** Private subnets for the control plane's network interfaces, in two or more zones. */
  readonly subnets: readonly ClusterSubnet[];
  /**
   * Further log groups the cluster's logs key may encrypt, by name (the VPC flow logs).
   * @default only the control-plane log group
   */
  readonly encryptedLogGroups?: readonly string[];
}

/**
 * The VPC CNI enforces Kubernetes NetworkPolicies (the examples' default-deny policies) through
 * its node agent: `enableNetworkPolicy` in the add-on configuration, a string as the add-on's
 * schema has it (EKS user guide, "Configure your cluster for Kubernetes network policies"; VPC
 * CNI 1.14+, which every EKS version this blueprint accepts installs by default). Pods that no
 * policy selects keep all traffic.
 */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: "true" } as const;

/**
 * An EKS control plane with the defaults of a hardened cluster: access entries only (no aws-auth
 * ConfigMap), secrets encrypted with a rotating customer KMS key whose policy names who administers
 * and who uses it, every control-plane log type kept encrypted for a set retention, no self-managed add-ons, and the add-ons nodes need before they can join
 * (VPC CNI and the Pod Identity agent). DRA needs nothing here beyond the Kubernetes version.
 */
export class EksCluster extends Construct {
  readonly cluster: EksClusterResource;
  readonly name: string;
  /** `arn:<partition>:iam::aws:policy/`, for AWS managed policies in any partition. */
  readonly awsManagedPolicyPrefix: string;
  /** Node groups depend on these so that networking and Pod Identity exist when nodes boot. */
  readonly beforeCompute: readonly ITerraformDependable[];
  readonly secretsKey: KmsKey;
  /** The role every managed node group's instances run as. */
  readonly nodeRole: ServiceRole;
  /** The IAM role or user that runs Terraform (the issuer of an assumed-role session). */
  readonly deployerArn: string;
  readonly accountId: string;
  /** Encrypts the cluster's CloudWatch log groups. */
  readonly logsKey: LogsKey;
  /**
   * The Kubernetes version of the managed node groups. The control plane's version by reference
   * when they match, so that in an upgrade Terraform rolls the nodes after the control plane.
   */
  readonly nodeGroupsVersion: string;
  private readonly partition: string;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const env = props.settings;
    this.name = env.clusterName;
    this.partition = new DataAwsPartition(this, "partition").partition;
    this.awsManagedPolicyPrefix = `arn:${this.partition}:iam::aws:policy/`;

    const clusterRole = new ServiceRole(this, "cluster-role", {
      name: `${env.clusterName}-cluster`,
      servicePrincipal: "eks.amazonaws.com",
      tagSession: true,
      awsManagedPolicyPrefix: this.awsManagedPolicyPrefix,
      managedPolicies: ["AmazonEKSClusterPolicy"],
    });

    const caller = new DataAwsCallerIdentity(this, "deployer");
    // Turns an assumed-role session ARN into the role ARN that access entries and key policies accept.
    const deployer = new DataAwsIamSessionContext(this, "deployer-session", { arn: caller.arn });
    this.deployerArn = deployer.issuerArn;
    this.accountId = caller.accountId;
    // Named administrators and one user, instead of the default policy's whole account through root.
    const secretsKeyPolicy = new DataAwsIamPolicyDocument(this, "secrets-key-policy", {
      statement: [
        ...keyAdministration(this.deployerArn, env.adminPrincipalArns),
        {
          sid: "ClusterRoleEncryptsSecrets",
          effect: "Allow",
          actions: [...SECRETS_KEY_USE_ACTIONS],
          resources: ["*"],
          principals: [{ type: "AWS", identifiers: [clusterRole.role.arn] }],
        },
      ],
    });
    this.secretsKey = new KmsKey(this, "secrets-key", {
      description: `Envelope encryption of Kubernetes secrets in EKS cluster ${env.clusterName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: secretsKeyPolicy.json,
    });
    new KmsAlias(this, "secrets-key-alias", {
      name: `alias/eks/${env.clusterName}`,
      targetKeyId: this.secretsKey.keyId,
    });
    const keyUse = new DataAwsIamPolicyDocument(this, "secrets-key-use", {
      statement: [
        {
          effect: "Allow",
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
          resources: [this.secretsKey.arn],
        },
      ],
    });
    const keyPolicy = new IamRolePolicy(this, "cluster-role-secrets-key", {
      name: "secrets-encryption",
      role: clusterRole.role.name,
      policy: keyUse.json,
    });

    this.logsKey = new LogsKey(this, "logs-key", {
      clusterName: env.clusterName,
      partition: this.partition,
      accountId: this.accountId,
      deployerArn: this.deployerArn,
      adminPrincipalArns: env.adminPrincipalArns,
      logGroupNames: [
        controlPlaneLogGroupName(env.clusterName),
        ...(props.encryptedLogGroups ?? []),
      ],
    });
    // EKS creates this group on first log write without a retention; creating it first keeps control.
    const logGroup = new CloudwatchLogGroup(this, "control-plane-logs", {
      name: controlPlaneLogGroupName(env.clusterName),
      retentionInDays: env.logRetentionDays,
      kmsKeyId: this.logsKey.key.arn,
    });

    this.cluster = new EksClusterResource(this, "cluster", {
      name: env.clusterName,
      version: env.kubernetesVersion,
      roleArn: clusterRole.role.arn,
      bootstrapSelfManagedAddons: false,
      deletionProtection: env.deletionProtection,
      accessConfig: {
        authenticationMode: "API",
        bootstrapClusterCreatorAdminPermissions: false,
      },
      encryptionConfig: {
        resources: ["secrets"],
        provider: { keyArn: this.secretsKey.arn },
      },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      upgradePolicy: { supportType: env.supportType },
      kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: env.serviceIpv4Cidr },
      vpcConfig: {
        subnetIds: props.subnets.map((s) => s.id),
        endpointPrivateAccess: true,
        endpointPublicAccess: env.publicAccessCidrs.length > 0,
        ...(env.publicAccessCidrs.length > 0
          ? { publicAccessCidrs: [...env.publicAccessCidrs] }
          : {}),
      },
      dependsOn: [logGroup, keyPolicy, ...clusterRole.attachments],
    });
    this.nodeGroupsVersion =
      env.nodeGroupsKubernetesVersion === env.kubernetesVersion
        ? this.cluster.version
        : env.nodeGroupsKubernetesVersion;

    // Only what the kubelet needs: register the node and pull images. The VPC CNI gets its
    // permissions through Pod Identity instead of the node role, so pods cannot borrow them.
    this.nodeRole = new ServiceRole(this, "node-role", {
      name: `${env.clusterName}-nodes`,
      servicePrincipal: "ec2.amazonaws.com",
      awsManagedPolicyPrefix: this.awsManagedPolicyPrefix,
      managedPolicies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"],
    });

    this.grantAdmins(env);
    this.beforeCompute = this.createNetworkingAddons();
  }

  private grantAdmins(env: ResolvedCluster): void {
    const principals: { id: string; arn: string }[] = env.adminPrincipalArns.map((arn, i) => ({
      id: `admin-${i}`,
      arn,
    }));
    if (env.grantDeployerAdmin) principals.push({ id: "deployer", arn: this.deployerArn });
    for (const principal of principals) {
      const entry = new EksAccessEntry(this, `${principal.id}-access`, {
        clusterName: this.cluster.name,
        principalArn: principal.arn,
        type: "STANDARD",
      });
      new EksAccessPolicyAssociation(this, `${principal.id}-cluster-admin`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${this.partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_POLICY}`,
        accessScope: { type: "cluster" },
      });
    }
  }

  private createNetworkingAddons(): readonly ITerraformDependable[] {
    const vpcCniRole = this.podIdentityRole("vpc-cni", ["AmazonEKS_CNI_Policy"]);
    const podIdentityAgent = this.addAddon("eks-pod-identity-agent");
    const vpcCni = this.addAddon("vpc-cni", {
      serviceAccount: "aws-node",
      role: vpcCniRole,
      dependsOn: [podIdentityAgent],
      configurationValues: VPC_CNI_CONFIGURATION,
    });
    return [podIdentityAgent, vpcCni];
  }

  /**
   * A managed add-on at the default version for the cluster's Kubernetes version. EKS wins
   * conflicts with hand edits, so Terraform stays the source of truth.
   */
  addAddon(
    name: string,
    options: {
      readonly serviceAccount?: string;
      readonly role?: ServiceRole;
      readonly dependsOn?: readonly ITerraformDependable[];
      /** The add-on's configuration (its schema: `aws eks describe-addon-configuration`). */
      readonly configurationValues?: Readonly<Record<string, unknown>>;
    } = {},
  ): EksAddon {
    const { serviceAccount, role, configurationValues } = options;
    return new EksAddon(this, `addon-${name}`, {
      clusterName: this.cluster.name,
      addonName: name,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      ...(configurationValues ? { configurationValues: JSON.stringify(configurationValues) } : {}),
      ...(serviceAccount && role
        ? { podIdentityAssociation: [{ serviceAccount, roleArn: role.role.arn }] }
        : {}),
      dependsOn: [...(options.dependsOn ?? []), ...(role?.attachments ?? [])],
    });
  }

  /** A role that pods of one service account assume through EKS Pod Identity. */
  podIdentityRole(purpose: string, managedPolicies: readonly string[]): ServiceRole {
    return new ServiceRole(this, `${purpose}-role`, {
      name: `${this.name}-${purpose}`,
      servicePrincipal: "pods.eks.amazonaws.com",
      tagSession: true,
      awsManagedPolicyPrefix: this.awsManagedPolicyPrefix,
      managedPolicies,
    });
  }
}
