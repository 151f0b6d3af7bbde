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
