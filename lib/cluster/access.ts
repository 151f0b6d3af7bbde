/**
 * Who administers an environment's cluster: the principals given cluster-admin access entries and
 * whether the identity that deploys gets one too. The platform, queues and examples stacks reach
 * the cluster as the deployer, and nobody reaches a cluster without an access entry
 * (`authentication_mode = "API"`), so at least one of the two must exist.
 */
import { show, type Problems } from "../errors";
import type { AccessConfig } from "./settings";

const PRINCIPAL_ARN = /^arn:(aws[a-z-]*):iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/**
 * The ARN partition of the blueprint's regions: every region it accepts is a commercial one
 * (lib/network/regions.ts), whose partition is `aws`; `aws-cn` and `aws-us-gov` principals cannot
 * be granted access to a cluster there.
 */
const PARTITION = "aws";

export interface ResolvedAccess {
  readonly adminPrincipalArns: readonly string[];
  readonly grantDeployerAdmin: boolean;
}

export function resolveAccess(
  config: AccessConfig | undefined,
  region: string,
  at: string,
  problems: Problems,
): ResolvedAccess {
  const where = `${at}.access`;
  const adminPrincipalArns = config?.adminPrincipalArns ?? [];
  const grantDeployerAdmin = config?.grantDeployerAdmin ?? true;
  for (const arn of adminPrincipalArns) {
    const partition = PRINCIPAL_ARN.exec(arn)?.[1];
    if (partition === undefined) {
      problems.add(
        `${where}.adminPrincipalArns entry ${show(arn)} is not an IAM role or user ARN; ` +
          'use "arn:aws:iam::<account-id>:role/<name>" (not an assumed-role session ARN)',
      );
    } else if (partition !== PARTITION) {
      problems.add(
        `${where}.adminPrincipalArns entry ${show(arn)} is in the AWS partition ${show(partition)}, but region ` +
          `${show(region)} is in ${show(PARTITION)}, and EKS grants access only to principals of its own partition; ` +
          `use the principal's ARN in ${show(PARTITION)} ("arn:${PARTITION}:iam::<account-id>:role/<name>")`,
      );
    }
  }
  const repeated = adminPrincipalArns.filter((arn, i) => adminPrincipalArns.indexOf(arn) !== i);
  for (const arn of new Set(repeated)) {
    problems.add(
      `${where}.adminPrincipalArns lists ${show(arn)} more than once: EKS allows one access entry per principal ` +
        "and the apply would fail; list each principal once",
    );
  }
  if (adminPrincipalArns.length === 0 && !grantDeployerAdmin) {
    problems.add(
      `${where}.grantDeployerAdmin is false and ${where}.adminPrincipalArns is empty: no principal would have an ` +
        "access entry, so nobody could reach the cluster (the platform stack's deploy included); list at least one " +
        "admin principal, or leave grantDeployerAdmin on",
    );
  }
  return { adminPrincipalArns, grantDeployerAdmin };
}
