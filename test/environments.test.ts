import { loadEnvironments, type Env } from "../config/environments";
import { resolveEnvironments } from "../lib/resolve-environments";
import { staging } from "./readme-snippets";
import {
  apartFrom,
  ref,
  resource,
  resources,
  synthAll,
  testEnvironment,
  unusedEnvironmentName,
} from "./helpers";

const ACCOUNT: Env = {
  STAGING_STATE_BUCKET: "example-staging-tfstate",
  STAGING_ADMIN_PRINCIPAL_ARNS: "arn:aws:iam::111122223333:role/platform-admin",
  STAGING_PUBLIC_ACCESS_CIDRS: "203.0.113.0/24",
  STAGING_P4D_CAPACITY_RESERVATION_ID: "cr-0123456789abcdef0",
  STAGING_P4D_CAPACITY_RESERVATION_AZ: "us-east-1a",
};

describe("adding an environment as docs/environments.md shows", () => {
  // The configured environments read no variables, so only the snippet's takes ACCOUNT; it gets a
  // name none of them uses, in case a user already added theirs as "staging".
  const configured = loadEnvironments({});
  const snippet = apartFrom(staging(ACCOUNT), configured);
  const name = snippet.name;
  const stacks = synthAll([...configured, snippet]);

  test("synthesizes its stacks next to the configured ones, bootstrap stack first", () => {
    expect(
      Object.keys(stacks)
        .filter((stack) => stack.startsWith(`${name}-`))
        .sort(),
    ).toEqual([`${name}-cluster`, `${name}-examples`, `${name}-platform`, `${name}-state`]);
  });

  test("takes its account values and its Capacity Block from its environment variables", () => {
    const cluster = stacks[`${name}-cluster`];
    expect(cluster.terraform.backend.s3).toMatchObject({
      bucket: "example-staging-tfstate",
      key: `${name}/${name}-cluster.tfstate`,
    });
    expect(
      Object.values(resources(cluster, "aws_launch_template")).map(
        (t) =>
          t.capacity_reservation_specification?.capacity_reservation_target
            ?.capacity_reservation_id,
      ),
    ).toContain("cr-0123456789abcdef0");
    expect(resource(cluster, "aws_eks_cluster").vpc_config.public_access_cidrs).toEqual([
      "203.0.113.0/24",
    ]);
    expect(
      Object.values(resources(cluster, "aws_eks_access_entry")).map((e) => e.principal_arn),
    ).toContain("arn:aws:iam::111122223333:role/platform-admin");
  });

  test("leaves the configured environments as they were", () => {
    const alone = synthAll(configured);
    for (const stack of Object.keys(alone)) expect(stacks[stack]).toEqual(alone[stack]);
  });

  test("without a reservation ID, leaves the Capacity Block group out with a warning", () => {
    const [env] = resolveEnvironments([staging({})]);
    expect(env.gpuNodeGroups.map((g) => g.name)).toEqual(["g6"]);
    expect(env.warnings.join("\n")).toContain("STAGING_P4D_CAPACITY_RESERVATION_ID");
  });
});

describe("a test's own environment", () => {
  test("takes a name no configured environment uses", () => {
    expect(unusedEnvironmentName("staging", ["dev", "staging", "staging2"])).toBe("staging3");
    expect(unusedEnvironmentName("staging", ["dev", "prod"])).toBe("staging");
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
