/**
 * The security policy's rules for synthesized stacks, and the shapes of waivers and violations.
 * Each rule names the Checkov checks it matches, where they exist (read in bridgecrewio/checkov
 * 3.3.13, checkov/terraform/checks/resource/aws/*.py and graph_checks/aws/*.yaml), so findings
 * can be mapped.
 */
import { TERRAFORM_REQUIRED_VERSION, TERRAFORM_VERSION_FILE } from "../terraform";

export interface PolicyRule {
  readonly id: string;
  /** The Checkov checks this rule covers, for teams that map findings to them. */
  readonly checkov?: readonly string[];
  readonly description: string;
}

export const POLICY_RULES = {
  EKS_CONTROL_PLANE_LOGGING: {
    id: "EKS_CONTROL_PLANE_LOGGING",
    checkov: ["CKV_AWS_37"],
    description: "EKS clusters send all five control-plane log types to CloudWatch",
  },
  EKS_SECRETS_ENCRYPTION: {
    id: "EKS_SECRETS_ENCRYPTION",
    checkov: ["CKV_AWS_58"],
    description: "EKS clusters encrypt secrets with a customer KMS key",
  },
  KMS_KEY_ROTATION: {
    id: "KMS_KEY_ROTATION",
    checkov: ["CKV_AWS_7"],
    description: "customer KMS keys rotate yearly",
  },
  EKS_PUBLIC_ENDPOINT: {
    id: "EKS_PUBLIC_ENDPOINT",
    checkov: ["CKV_AWS_38"],
    description: "in production, a public EKS endpoint is limited to listed CIDRs, never 0.0.0.0/0",
  },
  EKS_ACCESS_ENTRIES: {
    id: "EKS_ACCESS_ENTRIES",
    description:
      "EKS clusters authenticate through access entries only, not the aws-auth ConfigMap",
  },
  LAUNCH_TEMPLATE_IMDSV2: {
    id: "LAUNCH_TEMPLATE_IMDSV2",
    checkov: ["CKV_AWS_79", "CKV_AWS_341"],
    description: "launch templates require IMDSv2 with a hop limit of 1",
  },
  LAUNCH_TEMPLATE_ENCRYPTED_VOLUMES: {
    // Checkov's CKV_AWS_8 reads launch configurations and instances; no check reads launch templates.
    id: "LAUNCH_TEMPLATE_ENCRYPTED_VOLUMES",
    description: "launch templates encrypt every EBS volume",
  },
  NODE_GROUP_NO_SSH: {
    id: "NODE_GROUP_NO_SSH",
    checkov: ["CKV_AWS_100"],
    description:
      "node groups and launch templates grant no SSH access (no remote_access, no key pair)",
  },
  IAM_NO_ADMIN_STATEMENT: {
    id: "IAM_NO_ADMIN_STATEMENT",
    checkov: ["CKV_AWS_1"],
    description: "no IAM policy statement allows action `*` on resource `*`",
  },
  SECURITY_GROUP_NO_OPEN_INGRESS: {
    id: "SECURITY_GROUP_NO_OPEN_INGRESS",
    // Port 22, port 3389, all ports. Checkov's CKV_AWS_260 refuses port 80 from anywhere, which this allows.
    checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_277"],
    description:
      "no security group ingress from anywhere, except TCP 80 and 443 for load balancers",
  },
  STATE_BACKEND_ENCRYPTED_LOCKED: {
    id: "STATE_BACKEND_ENCRYPTED_LOCKED",
    description: "S3 state is encrypted and locked (use_lockfile)",
  },
  KMS_KEY_POLICY: {
    id: "KMS_KEY_POLICY",
    checkov: ["CKV2_AWS_64"],
    description:
      "customer KMS keys have an explicit key policy naming their principals: none for the whole account (root) or for everyone",
  },
  LOG_GROUP_ENCRYPTED: {
    id: "LOG_GROUP_ENCRYPTED",
    checkov: ["CKV_AWS_158"],
    description: "CloudWatch log groups are encrypted with a customer KMS key",
  },
  LOG_GROUP_RETENTION: {
    id: "LOG_GROUP_RETENTION",
    checkov: ["CKV_AWS_66"],
    description: "CloudWatch log groups set a retention",
  },
  VPC_FLOW_LOGS: {
    id: "VPC_FLOW_LOGS",
    checkov: ["CKV2_AWS_11"],
    description:
      "every VPC the stack creates logs its flows to a log group of the stack (which the log group rules then cover) or to S3",
  },
  S3_ACCESS_LOGGING: {
    id: "S3_ACCESS_LOGGING",
    checkov: ["CKV_AWS_18"],
    description: "S3 buckets log access to another bucket (aws_s3_bucket_logging)",
  },
  S3_REPLICATION: {
    id: "S3_REPLICATION",
    checkov: ["CKV_AWS_144"],
    description: "S3 buckets replicate to another region (an enabled replication rule)",
  },
  S3_LIFECYCLE: {
    id: "S3_LIFECYCLE",
    checkov: ["CKV2_AWS_61"],
    description: "S3 buckets have a lifecycle configuration",
  },
  S3_EVENT_NOTIFICATIONS: {
    id: "S3_EVENT_NOTIFICATIONS",
    checkov: ["CKV2_AWS_62"],
    description: "S3 buckets send event notifications (aws_s3_bucket_notification)",
  },
  LOG_GROUP_RETENTION_ONE_YEAR: {
    id: "LOG_GROUP_RETENTION_ONE_YEAR",
    checkov: ["CKV_AWS_338"],
    description: "CloudWatch log groups keep logs for a year or more (365 days, or 0 for ever)",
  },
  TERRAFORM_VERSION_PINNED: {
    id: "TERRAFORM_VERSION_PINNED",
    description: `every stack pins Terraform's version (required_version "${TERRAFORM_REQUIRED_VERSION}" in ${TERRAFORM_VERSION_FILE}, the prerequisite in docs/deploying.md)`,
  },
  TERRAFORM_JSON_SCANNABLE: {
    id: "TERRAFORM_JSON_SCANNABLE",
    description:
      "cdk.tf.json has the shape Checkov's terraform_json parser reads: every block an object, no bare value such as terraform.required_version",
  },
} as const satisfies Record<string, PolicyRule>;

export type PolicyRuleId = keyof typeof POLICY_RULES;

export interface PolicyWaiver {
  readonly rule: string;
  /** Construct path of the resource, e.g. "prod-cluster/eks/cluster". */
  readonly resourcePath: string;
  readonly reason: string;
}

export interface Violation {
  readonly rule: PolicyRuleId;
  readonly resourcePath: string;
  readonly message: string;
}
