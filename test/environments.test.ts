import { ENVIRONMENTS, loadEnvironments, type Env } from "../config/environments";
import { staging } from "./readme-snippets";
import { ref, resource, resources, synthAll, testEnvironment } from "./helpers";

const ACCOUNT: Env = {
  STAGING_STATE_BUCKET: "example-staging-tfstate",
  STAGING_ADMIN_PRINCIPAL_ARNS: "arn:aws:iam::111122223333:role/platform-admin",
  STAGING_PUBLIC_ACCESS_CIDRS: "203.0.113.0/24",
};

describe("adding an environment as the README shows", () => {
  const stacks = synthAll([...ENVIRONMENTS, staging].map((define) => define(ACCOUNT)));

  test("synthesizes its stacks next to the shipped ones, bootstrap stack first", () => {
    expect(
      Object.keys(stacks)
        .filter((name) => name.startsWith("staging-"))
        .sort(),
    ).toEqual(["staging-cluster", "staging-examples", "staging-platform", "staging-state"]);
  });

  test("takes its account values from its environment variables", () => {
    const cluster = stacks["staging-cluster"];
    expect(cluster.terraform.backend.s3).toMatchObject({
      bucket: "example-staging-tfstate",
      key: "staging/staging-cluster.tfstate",
    });
    expect(resource(cluster, "aws_eks_cluster").vpc_config.public_access_cidrs).toEqual([
      "203.0.113.0/24",
    ]);
    expect(
      Object.values(resources(cluster, "aws_eks_access_entry")).map((e) => e.principal_arn),
    ).toContain("arn:aws:iam::111122223333:role/platform-admin");
  });

  test("leaves the shipped environments as they were", () => {
    const shipped = synthAll(loadEnvironments({}));
    for (const name of Object.keys(shipped)) expect(stacks[name]).toEqual(shipped[name]);
  });
});

describe("state bucket bootstrap", () => {
  const bucketStack = (env = testEnvironment({ stateBackend: { bucket: "example-tfstate" } })) =>
    synthAll([env])["test-state"];

  test("exists only for an environment that names a bucket", () => {
    expect(Object.keys(synthAll([testEnvironment()]))).not.toContain("test-state");
    expect(bucketStack()).toBeDefined();
  });

  test("creates the bucket versioned, KMS-encrypted, private and kept on destroy", () => {
    const stack = bucketStack();
    const bucket = resource(stack, "aws_s3_bucket");
    expect(bucket.bucket).toBe("example-tfstate");
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(stack, "aws_s3_bucket_versioning").versioning_configuration).toEqual({
      status: "Enabled",
    });
    expect(resource(stack, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" },
        bucket_key_enabled: true,
      },
    ]);
    expect(resource(stack, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resource(stack, "aws_s3_bucket_ownership_controls").rule).toEqual({
      object_ownership: "BucketOwnerEnforced",
    });
  });

  test("refuses every request to the bucket and its objects that is not made over TLS", () => {
    const stack = bucketStack();
    const arn = ref(stack, "aws_s3_bucket", "", "arn");
    const policy = JSON.parse(resource(stack, "aws_s3_bucket_policy").policy);
    expect(policy.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  test("keeps its own state locally, since the bucket does not exist before it runs", () => {
    expect(bucketStack().terraform.backend).toEqual({
      local: { path: "../../../state/test-state.tfstate" },
    });
  });

  test("is created once for a bucket that several environments share", () => {
    const shared = { stateBackend: { bucket: "example-tfstate" } };
    const stacks = synthAll([
      testEnvironment({ ...shared }),
      testEnvironment({ ...shared, name: "other", clusterName: "gpu-other" }),
    ]);
    expect(Object.keys(stacks).filter((s) => s.endsWith("-state"))).toEqual(["test-state"]);
    expect(stacks["other-cluster"].terraform.backend.s3.key).toBe("other/other-cluster.tfstate");
  });
});
