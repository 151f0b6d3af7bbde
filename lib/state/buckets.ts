/**
 * The S3 buckets that hold Terraform state, and the bootstrap stack that creates each one. Several
 * environments may share a bucket (each writes under its own key prefix); the first environment
 * that names a bucket creates it in its `<env>-state` stack, which keeps its own state locally
 * because the bucket does not exist before it runs.
 */
import type { ResolvedEnvironment } from "../environment";

export interface StateBucket {
  readonly bucket: string;
  readonly region: string;
  /** The environment whose `<name>-state` stack creates the bucket. */
  readonly createdBy: string;
}

export function stateBucketStackName(environmentName: string): string {
  return `${environmentName}-state`;
}

export function stateBuckets(
  environments: readonly Pick<ResolvedEnvironment, "name" | "stateBackend">[],
): StateBucket[] {
  const buckets = new Map<string, StateBucket>();
  for (const env of environments) {
    const state = env.stateBackend;
    if (state && !buckets.has(state.bucket))
      buckets.set(state.bucket, {
        bucket: state.bucket,
        region: state.region,
        createdBy: env.name,
      });
  }
  return [...buckets.values()];
}

/**
 * A bucket policy that refuses every request not made over TLS (the S3 user guide's
 * `aws:SecureTransport` example), rendered as the JSON document S3 takes.
 */
export function tlsOnlyBucketPolicy(bucketArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}

/**
 * What the state bucket leaves out on purpose, by rule (lib/policy/rules.ts), with why and what a
 * fork adds to pass. The bucket keeps every version of every state file (versioning), is
 * encrypted with KMS, blocks public access and refuses plain HTTP; the rest is the account's
 * choice. The security policy applies these as waivers to the bucket of every `<env>-state` stack.
 */
export const STATE_BUCKET_OMISSIONS = {
  S3_ACCESS_LOGGING: {
    reason:
      "access logs need a second bucket to receive them; CloudTrail data events on the bucket, if the account " +
      "records them, already say who read or wrote which state file",
    toPass:
      "add an aws_s3_bucket_logging to a log bucket of the account in constructs/state-bucket.ts",
  },
  S3_REPLICATION: {
    reason:
      "versioning keeps every earlier state file; a copy in a second region needs a bucket and a role there, " +
      "which the blueprint does not assume",
    toPass:
      "add an aws_s3_bucket_replication_configuration to a versioned bucket in another region in constructs/state-bucket.ts",
  },
  S3_LIFECYCLE: {
    reason:
      "earlier state versions are the way back from a bad apply; how long to keep them is the account's " +
      "retention decision, so none expire",
    toPass:
      "add an aws_s3_bucket_lifecycle_configuration expiring noncurrent versions after the period you choose",
  },
  S3_EVENT_NOTIFICATIONS: {
    reason: "nothing consumes notifications of state writes; S3 native locking needs none",
    toPass:
      "add an aws_s3_bucket_notification to the queue or topic that should hear of state writes",
  },
} as const;

/** Construct path of the bucket in a `<env>-state` stack (stacks/state-bucket-stack.ts). */
export const stateBucketPath = (stackName: string): string => `${stackName}/state/bucket`;
