/**
 * Statements of the customer KMS key policies. A key policy that names principals replaces the
 * default one, which gives the whole account `kms:*` through its root user and so lets any IAM
 * policy in the account use or manage the key (AWS KMS developer guide, "Default key policy").
 *
 * Lockout: KMS refuses a new or changed key policy that would not let the caller change the
 * policy again, unless `bypass_policy_lockout_safety_check` is set (AWS KMS developer guide,
 * "Key policies": lockout safety check). The stacks never set it, and the principal that applies
 * Terraform is always a key administrator, so the deployer and the named admins keep control.
 */

/** A statement as the `aws_iam_policy_document` data source takes it (mutable lists, as cdktf types them). */
export interface KeyPolicyStatement {
  readonly sid: string;
  readonly effect: "Allow";
  readonly actions: string[];
  readonly resources: string[];
  readonly principals: { readonly type: "AWS" | "Service"; readonly identifiers: string[] }[];
  readonly condition?: {
    readonly test: string;
    readonly variable: string;
    readonly values: string[];
  }[];
}

/**
 * What a key administrator may do: the AWS KMS developer guide's "Allows key administrators to
 * administer the KMS key" statement. No Encrypt/Decrypt: administrators cannot read what the key
 * protects. `kms:Create*` covers CreateAlias and CreateGrant, should EKS ask the principal that
 * creates the cluster for a grant on the key.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
] as const;

/** What the EKS cluster role needs for envelope encryption of secrets (EKS user guide). */
export const SECRETS_KEY_USE_ACTIONS = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ListGrants",
  "kms:DescribeKey",
] as const;

/** What CloudWatch Logs needs to encrypt a log group (CloudWatch Logs user guide, "Encrypt log data"). */
export const LOGS_KEY_USE_ACTIONS = [
  "kms:Encrypt*",
  "kms:Decrypt*",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:Describe*",
] as const;

/**
 * Administration statements: one for the principal running Terraform, one for the named admins
 * (when there are any). Separate statements, because the deployer may also be a named admin and
 * a principal listed twice in one statement is not worth the risk of a refused policy.
 */
export function keyAdministration(
  deployerArn: string,
  adminArns: readonly string[],
): KeyPolicyStatement[] {
  const statement = (sid: string, identifiers: readonly string[]): KeyPolicyStatement => ({
    sid,
    effect: "Allow",
    actions: [...KEY_ADMINISTRATION_ACTIONS],
    // In a key policy, "*" is the key the policy is attached to.
    resources: ["*"],
    principals: [{ type: "AWS", identifiers: [...identifiers] }],
  });
  return [
    statement("DeployerAdministersKey", [deployerArn]),
    ...(adminArns.length > 0 ? [statement("AdminsAdministerKey", adminArns)] : []),
  ];
}
