import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";

export interface ServiceRoleProps {
  readonly name: string;
  /** Service principal allowed to assume the role, such as `eks.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** Also allow `sts:TagSession` (required by EKS Pod Identity and the EKS cluster role). */
  readonly tagSession?: boolean;
  /** `arn:<partition>:iam::aws:policy/` followed by the names in {@link managedPolicies}. */
  readonly awsManagedPolicyPrefix: string;
  /** AWS managed policy names (with their path, such as `service-role/AmazonEBSCSIDriverPolicy`). */
  readonly managedPolicies: readonly string[];
}

/** An IAM role assumed by an AWS service, with AWS managed policies attached. */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          effect: "Allow",
          actions: props.tagSession ? ["sts:AssumeRole", "sts:TagSession"] : ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: [props.servicePrincipal] }],
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      name: props.name,
      assumeRolePolicy: trust.json,
    });
    this.attachments = props.managedPolicies.map(
      (policy) =>
        new IamRolePolicyAttachment(this, policy.replace(/^.*\//, ""), {
          role: this.role.name,
          policyArn: `${props.awsManagedPolicyPrefix}${policy}`,
        }),
    );
  }
}
