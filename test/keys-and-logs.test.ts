import { KEY_ADMINISTRATION_ACTIONS } from "../lib/cluster/key-policy";
import {
  address,
  ref,
  resource,
  resources,
  synthCluster,
  type SynthJson,
  EXISTING_VPC,
} from "./helpers";

const admin = "arn:aws:iam::111122223333:role/platform-admin";
const deployer = (stack: SynthJson) =>
  ref(stack, "data.aws_iam_session_context", "deployer", "issuer_arn");

/** The statements of the policy document a key's `policy` refers to, by Sid. */
function keyPolicy(stack: SynthJson, keyId: string): Record<string, SynthJson> {
  const policy: string = resource(stack, "aws_kms_key", keyId).policy;
  const [, docId] = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(policy)!;
  const statements: SynthJson[] = stack.data.aws_iam_policy_document[docId].statement;
  return Object.fromEntries(statements.map((s) => [s.sid, s]));
}

const principalsOf = (statements: Record<string, SynthJson>) =>
  Object.values(statements).flatMap((s) =>
    s.principals.flatMap((p: SynthJson) => p.identifiers as string[]),
  );

describe("the secrets key's policy", () => {
  const stack = synthCluster({ access: { adminPrincipalArns: [admin] } });
  const statements = keyPolicy(stack, "secrets-key");

  test("lets the deployer and the named admins administer the key, without using it", () => {
    for (const [sid, who] of [
      ["DeployerAdministersKey", deployer(stack)],
      ["AdminsAdministerKey", admin],
    ]) {
      expect(statements[sid].principals).toEqual([{ type: "AWS", identifiers: [who] }]);
      expect(statements[sid].actions).toEqual([...KEY_ADMINISTRATION_ACTIONS]);
      expect(statements[sid].actions).not.toContain("kms:Decrypt");
    }
  });

  test("keeps the deployer able to change the policy, so KMS's lockout safety check passes", () => {
    // PutKeyPolicy is what the lockout check asks of the caller.
    expect(statements.DeployerAdministersKey.actions).toContain("kms:Put*");
    expect(
      resource(stack, "aws_kms_key", "secrets-key").bypass_policy_lockout_safety_check,
    ).toBeUndefined();
  });

  test("lets only the cluster role encrypt and decrypt", () => {
    expect(statements.ClusterRoleEncryptsSecrets).toMatchObject({
      actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
      principals: [
        { type: "AWS", identifiers: [ref(stack, "aws_iam_role", "cluster-role", "arn")] },
      ],
    });
    const users = Object.values(statements).filter((s) => s.actions.includes("kms:Decrypt"));
    expect(users).toEqual([statements.ClusterRoleEncryptsSecrets]);
  });

  test("grants nothing to the account's root user or to everyone", () => {
    expect(principalsOf(statements).filter((p) => p.endsWith(":root") || p === "*")).toEqual([]);
  });

  test("has no admins statement when no admin principal is configured", () => {
    expect(Object.keys(keyPolicy(synthCluster(), "secrets-key"))).toEqual([
      "DeployerAdministersKey",
      "ClusterRoleEncryptsSecrets",
    ]);
  });
});

describe("the logs key", () => {
  const stack = synthCluster({ access: { adminPrincipalArns: [admin] } });
  const statements = keyPolicy(stack, "logs-key");
  const region = ref(stack, "data.aws_region", "logs-key", "region");
  const logGroupArn = (name: string) =>
    `arn:${ref(stack, "data.aws_partition", "eks_partition", "partition")}:logs:${region}:` +
    `${ref(stack, "data.aws_caller_identity", "deployer", "account_id")}:log-group:${name}`;

  test("encrypts the control-plane log group", () => {
    expect(resource(stack, "aws_cloudwatch_log_group", "control-plane").kms_key_id).toBe(
      ref(stack, "aws_kms_key", "logs-key", "arn"),
    );
  });

  test("rotates yearly", () => {
    expect(resource(stack, "aws_kms_key", "logs-key").enable_key_rotation).toBe(true);
  });

  test("lets CloudWatch Logs of the region use it for the cluster's log groups only", () => {
    expect(statements.CloudWatchLogsEncryptsClusterLogGroups).toMatchObject({
      principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
      condition: [
        {
          test: "ArnLike",
          variable: "kms:EncryptionContext:aws:logs:arn",
          values: [logGroupArn("/aws/eks/gpu-test/cluster")],
        },
      ],
    });
  });

  test("is administered like the secrets key", () => {
    expect(statements.DeployerAdministersKey.principals[0].identifiers).toEqual([deployer(stack)]);
    expect(statements.AdminsAdministerKey.principals[0].identifiers).toEqual([admin]);
  });

  test("covers the flow log group too in production", () => {
    const prod = synthCluster({ production: true, stateBackend: { bucket: "example-tfstate" } });
    const condition = keyPolicy(prod, "logs-key").CloudWatchLogsEncryptsClusterLogGroups
      .condition[0];
    expect(condition.values).toHaveLength(2);
    expect(condition.values[1]).toMatch(/:log-group:\/aws\/vpc-flow-logs\/gpu-test\}?$/);
  });
});

describe("VPC flow logs", () => {
  const prod = synthCluster({
    production: true,
    logRetentionDays: 365,
    stateBackend: { bucket: "example-tfstate" },
  });

  test("record all traffic of a production VPC", () => {
    expect(resource(prod, "aws_flow_log")).toMatchObject({
      vpc_id: ref(prod, "aws_vpc", "", "id"),
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      log_destination: ref(prod, "aws_cloudwatch_log_group", "flow-logs", "arn"),
    });
  });

  test("go to a log group encrypted with the logs key, kept for the log retention", () => {
    expect(resource(prod, "aws_cloudwatch_log_group", "flow-logs")).toMatchObject({
      name: "/aws/vpc-flow-logs/gpu-test",
      retention_in_days: 365,
      kms_key_id: ref(prod, "aws_kms_key", "logs-key", "arn"),
    });
  });

  test("are delivered by a role only the flow logs service of this account can assume", () => {
    const role = resource(prod, "aws_iam_role", "flow-logs");
    expect(role.assume_role_policy).toBe(
      ref(prod, "data.aws_iam_policy_document", "flow-logs-trust", "json"),
    );
    const trust =
      prod.data.aws_iam_policy_document[
        address(prod, "data.aws_iam_policy_document", "flow-logs-trust").split(".")[2]
      ].statement[0];
    expect(trust.principals).toEqual([
      { type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] },
    ]);
    expect(trust.condition).toEqual([
      {
        test: "StringEquals",
        variable: "aws:SourceAccount",
        values: [ref(prod, "data.aws_caller_identity", "deployer", "account_id")],
      },
    ]);
  });

  test("may write only to their log group", () => {
    const delivery =
      prod.data.aws_iam_policy_document[
        address(prod, "data.aws_iam_policy_document", "flow-logs-delivery").split(".")[2]
      ].statement[0];
    const group = ref(prod, "aws_cloudwatch_log_group", "flow-logs", "arn");
    expect(delivery.resources).toEqual([group, `${group}:*`]);
    expect(delivery.actions).not.toContain("logs:CreateLogGroup");
  });

  test("are off outside production", () => {
    expect(resources(synthCluster(), "aws_flow_log")).toEqual({});
  });

  test("are left to the owner of an existing VPC", () => {
    const existing = synthCluster({
      production: true,
      stateBackend: { bucket: "example-tfstate" },
      network: EXISTING_VPC,
    });
    expect(resources(existing, "aws_flow_log")).toEqual({});
  });
});
