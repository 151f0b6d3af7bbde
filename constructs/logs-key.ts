import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { keyAdministration, LOGS_KEY_USE_ACTIONS } from "../lib/cluster/key-policy";

export interface LogsKeyProps {
  readonly clusterName: string;
  readonly partition: string;
  readonly accountId: string;
  /** The IAM role or user that runs Terraform: it administers the key. */
  readonly deployerArn: string;
  /** IAM principals that administer the key besides the principal running Terraform. */
  readonly adminPrincipalArns: readonly string[];
  /** The log groups CloudWatch Logs may encrypt with the key, by name. */
  readonly logGroupNames: readonly string[];
}

/**
 * A rotating customer KMS key for the cluster's CloudWatch log groups (control plane, VPC flow
 * logs). Its policy lets the deployer and the named admins administer it, and CloudWatch Logs in
 * the cluster's region use it only for the listed log groups (the encryption context names the
 * log group: CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs using AWS KMS").
 */
export class LogsKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: LogsKeyProps) {
    super(scope, id);
    const region = new DataAwsRegion(this, "region").region;
    const logGroupArn = (name: string) =>
      `arn:${props.partition}:logs:${region}:${props.accountId}:log-group:${name}`;
    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      statement: [
        ...keyAdministration(props.deployerArn, props.adminPrincipalArns),
        {
          sid: "CloudWatchLogsEncryptsClusterLogGroups",
          effect: "Allow",
          actions: [...LOGS_KEY_USE_ACTIONS],
          resources: ["*"],
          principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
          condition: [
            {
              test: "ArnLike",
              variable: "kms:EncryptionContext:aws:logs:arn",
              values: props.logGroupNames.map(logGroupArn),
            },
          ],
        },
      ],
    });
    this.key = new KmsKey(this, "key", {
      description: `Encryption of the CloudWatch log groups of EKS cluster ${props.clusterName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policy.json,
    });
    new KmsAlias(this, "alias", {
      name: `alias/eks/${props.clusterName}/logs`,
      targetKeyId: this.key.keyId,
    });
  }
}
