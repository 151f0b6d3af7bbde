import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Testing } from "cdktf";
import { loadEnvironments } from "../config/environments";
import { REFERENCE_VARIABLES } from "../config/reference-environment";
import { policyViolations, POLICY_RULES, type PolicyRuleId } from "../lib/policy/security-policy";
import { resolveEnvironments } from "../lib/resolve-environments";
import { settingWaivers } from "../lib/policy/setting-waivers";
import { addBlueprint } from "../stacks/blueprint";
import { TERRAFORM_VERSION_FILE, terraformVersionFile } from "../lib/terraform";
import { synthAll, testEnvironment, type SynthJson, P4D } from "./helpers";

const production = testEnvironment({
  production: true,
  kubernetesVersion: "1.36",
  gpuNodeGroups: [P4D],
  stateBackend: { bucket: "example-tfstate" },
});
const stacks = synthAll([production]);
const cluster = stacks["test-cluster"];
/** The version file synth writes beside every stack (stacks/terraform-version-file.ts). */
const files = { [TERRAFORM_VERSION_FILE]: terraformVersionFile() };
const check = (stack: SynthJson, name = "test-cluster", waivers = []) =>
  policyViolations(name, stack, { production: true, waivers, files });
const clone = (): SynthJson => JSON.parse(JSON.stringify(cluster));
const first = (stack: SynthJson, type: string, part = ""): SynthJson =>
  Object.entries(stack.resource[type] ?? stack.data[type.replace(/^data\./, "")]).find(([id]) =>
    id.includes(part),
  )![1] as SynthJson;
const rulesOf = (stack: SynthJson) => check(stack).map((v) => v.rule);

const S3_RULES = ["S3_ACCESS_LOGGING", "S3_REPLICATION", "S3_LIFECYCLE", "S3_EVENT_NOTIFICATIONS"];

describe("the state bucket", () => {
  const state = () => JSON.parse(JSON.stringify(stacks["test-state"]));
  const bucketAddress = () => `aws_s3_bucket.${Object.keys(state().resource.aws_s3_bucket)[0]}`;
  const rules = (stack: SynthJson) =>
    policyViolations("test-state", stack, { production: true, waivers: [], files }).map(
      (v) => v.rule,
    );

  test("leaves out access logs, replication, a lifecycle and notifications, which Checkov asks for", () => {
    expect(rules(state()).sort()).toEqual([...S3_RULES].sort());
  });

  test.each([
    [
      "S3_ACCESS_LOGGING",
      "aws_s3_bucket_logging",
      { target_bucket: "logs", target_prefix: "state/" },
    ],
    [
      "S3_REPLICATION",
      "aws_s3_bucket_replication_configuration",
      { role: "arn", rule: [{ id: "all", status: "Enabled", destination: [{ bucket: "arn" }] }] },
    ],
    [
      "S3_LIFECYCLE",
      "aws_s3_bucket_lifecycle_configuration",
      { rule: [{ id: "x", status: "Enabled" }] },
    ],
    ["S3_EVENT_NOTIFICATIONS", "aws_s3_bucket_notification", { eventbridge: true }],
  ])("passes %s once a %s references the bucket", (rule, type, config) => {
    const stack = state();
    stack.resource[type] = { added: { bucket: `\${${bucketAddress()}.id}`, ...config } };
    expect(rules(stack)).not.toContain(rule);
    expect(rules(stack)).toHaveLength(S3_RULES.length - 1);
  });

  test("synth waives each omission with its reason, so a production stack set with a bucket passes", () => {
    const [env] = resolveEnvironments([production]);
    const set = addBlueprint(Testing.app(), [env]).get("test")!;
    expect(set.state?.node.validate()).toEqual([]);
  });
});

describe("the blueprint passes the security policy", () => {
  // As synth judges them: each stack's validations, with the waivers the settings make.
  const app = Testing.app();
  const blueprint = addBlueprint(app, resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES)));
  const stacks = [...blueprint.values()].flatMap((set) => Object.values(set));
  test.each(stacks.map((stack) => [stack.node.id, stack] as const))(
    "%s has no violation but those its settings waive",
    (_, stack) => {
      expect(stack.node.validate()).toEqual([]);
    },
  );

  test("outside production, the settings waive short log retention and missing flow logs", () => {
    const [dev] = resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES));
    expect(settingWaivers(dev).map((w) => [w.rule, w.resourcePath, w.source])).toEqual([
      [
        "LOG_GROUP_RETENTION_ONE_YEAR",
        "dev-cluster/eks/control-plane-logs",
        "environments.dev.logRetentionDays (30)",
      ],
      ["VPC_FLOW_LOGS", "dev-cluster/network/vpc", "environments.dev.network.flowLogs (false)"],
    ]);
  });

  test("production under a year of log retention fails synth for each log group, naming the waiver", () => {
    const [env] = resolveEnvironments([
      testEnvironment({ name: "short", production: true, logRetentionDays: 90 }),
    ]);
    const cluster = addBlueprint(Testing.app(), [env]).get("short")!.cluster;
    expect(
      cluster.node
        .validate()
        .map((m) => m.split(":")[0])
        .sort(),
    ).toEqual([
      "short-cluster/eks/control-plane-logs breaks LOG_GROUP_RETENTION_ONE_YEAR (CKV_AWS_338)",
      "short-cluster/network/flow-logs breaks LOG_GROUP_RETENTION_ONE_YEAR (CKV_AWS_338)",
    ]);
  });

  test("a non-production environment that turns flow logs on gets them, and no flow-log waiver", () => {
    const [env] = resolveEnvironments([
      testEnvironment({
        network: {
          kind: "new",
          vpcCidr: "10.0.0.0/16",
          availabilityZones: ["us-east-1a", "us-east-1b"],
          flowLogs: true,
        },
      }),
    ]);
    const cluster = addBlueprint(Testing.app(), [env]).get("test")!.cluster;
    expect(cluster.node.validate()).toEqual([]);
    expect(Object.keys(JSON.parse(Testing.synth(cluster)).resource.aws_flow_log)).toHaveLength(1);
    expect(settingWaivers(env).map((w) => [w.rule, w.resourcePath])).toEqual([
      ["LOG_GROUP_RETENTION_ONE_YEAR", "test-cluster/eks/control-plane-logs"],
      ["LOG_GROUP_RETENTION_ONE_YEAR", "test-cluster/network/flow-logs"],
    ]);
  });

  test("production gets no waiver from its settings", () => {
    const prod = resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES)).find(
      (e) => e.production,
    )!;
    expect(settingWaivers({ ...prod, logRetentionDays: 30 })).toEqual([]);
  });

  test("a production test stack with a Capacity Block group has no violation", () => {
    expect(check(cluster)).toEqual([]);
  });
});

describe("each rule fires on a bad resource", () => {
  const cases: [PolicyRuleId, (stack: SynthJson) => void][] = [
    [
      "EKS_CONTROL_PLANE_LOGGING",
      (s) => (first(s, "aws_eks_cluster").enabled_cluster_log_types = ["api"]),
    ],
    ["EKS_SECRETS_ENCRYPTION", (s) => delete first(s, "aws_eks_cluster").encryption_config],
    ["KMS_KEY_ROTATION", (s) => (first(s, "aws_kms_key").enable_key_rotation = false)],
    ["KMS_KEY_POLICY", (s) => delete first(s, "aws_kms_key", "secrets-key").policy],
    [
      "LOG_GROUP_ENCRYPTED",
      (s) => delete first(s, "aws_cloudwatch_log_group", "control-plane").kms_key_id,
    ],
    [
      "LOG_GROUP_RETENTION",
      (s) => delete first(s, "aws_cloudwatch_log_group", "flow-logs").retention_in_days,
    ],
    ["VPC_FLOW_LOGS", (s) => delete s.resource.aws_flow_log],
    ["TERRAFORM_JSON_SCANNABLE", (s) => (s.terraform.required_version = ">= 1.11")],
    [
      "LOG_GROUP_RETENTION_ONE_YEAR",
      (s) => (first(s, "aws_cloudwatch_log_group", "control-plane").retention_in_days = 30),
    ],
    [
      "EKS_PUBLIC_ENDPOINT",
      (s) =>
        Object.assign(first(s, "aws_eks_cluster").vpc_config, {
          endpoint_public_access: true,
          public_access_cidrs: ["0.0.0.0/0"],
        }),
    ],
    [
      "EKS_ACCESS_ENTRIES",
      (s) => (first(s, "aws_eks_cluster").access_config.authentication_mode = "API_AND_CONFIG_MAP"),
    ],
    [
      "LAUNCH_TEMPLATE_IMDSV2",
      (s) => (first(s, "aws_launch_template", "p4d").metadata_options.http_tokens = "optional"),
    ],
    [
      "LAUNCH_TEMPLATE_ENCRYPTED_VOLUMES",
      (s) =>
        (first(s, "aws_launch_template", "p4d").block_device_mappings[0].ebs.encrypted = "false"),
    ],
    [
      "NODE_GROUP_NO_SSH",
      (s) => (first(s, "aws_eks_node_group", "system").remote_access = { ec2_ssh_key: "ops" }),
    ],
    [
      "IAM_NO_ADMIN_STATEMENT",
      (s) =>
        first(s, "data.aws_iam_policy_document", "secrets-key-use").statement.push({
          effect: "Allow",
          actions: ["*"],
          resources: ["*"],
        }),
    ],
    [
      "SECURITY_GROUP_NO_OPEN_INGRESS",
      (s) =>
        Object.assign(first(s, "aws_vpc_security_group_ingress_rule", "efa"), {
          cidr_ipv4: "0.0.0.0/0",
          ip_protocol: "tcp",
          from_port: 22,
          to_port: 22,
        }),
    ],
    ["STATE_BACKEND_ENCRYPTED_LOCKED", (s) => delete s.terraform.backend.s3.use_lockfile],
  ];

  test("every rule has a case", () => {
    // TERRAFORM_VERSION_PINNED judges the version file beside the JSON, and the S3 rules the
    // state stack: their own tests are below.
    const own = ["TERRAFORM_VERSION_PINNED", ...S3_RULES];
    expect([...cases.map(([rule]) => rule), ...own].sort()).toEqual(
      Object.keys(POLICY_RULES).sort(),
    );
  });

  test.each(cases)("%s", (rule, breakIt) => {
    const stack = clone();
    breakIt(stack);
    expect(rulesOf(stack)).toEqual([rule]);
  });

  const secretsKeyPolicy = (s: SynthJson) =>
    first(s, "data.aws_iam_policy_document", "secrets-key-policy");

  test.each([
    ["the account's root user", "arn:aws:iam::111122223333:root"],
    ["a bare account ID", "111122223333"],
    ["everyone", "*"],
  ])("a key policy statement for %s breaks KMS_KEY_POLICY", (_who, principal) => {
    const stack = clone();
    secretsKeyPolicy(stack).statement.push({
      effect: "Allow",
      actions: ["kms:*"],
      resources: ["*"],
      principals: [{ type: "AWS", identifiers: [principal] }],
    });
    expect(check(stack).map((v) => [v.rule, v.message])).toEqual([
      [
        "KMS_KEY_POLICY",
        `the key policy grants ${JSON.stringify(principal)}: the whole account or everyone`,
      ],
    ]);
  });

  const openEndpoint = (cidrs: string[]) => {
    const stack = clone();
    Object.assign(first(stack, "aws_eks_cluster").vpc_config, {
      endpoint_public_access: true,
      public_access_cidrs: cidrs,
    });
    return check(stack).map((v) => [v.rule, v.message]);
  };

  test("two /1s open the public endpoint as wide as 0.0.0.0/0 and break EKS_PUBLIC_ENDPOINT", () => {
    expect(openEndpoint(["0.0.0.0/1", "128.0.0.0/1"])).toEqual([
      [
        "EKS_PUBLIC_ENDPOINT",
        "the public endpoint is open to 3,702,257,664 public addresses (0.0.0.0/1, 128.0.0.0/1), " +
          "more than 16,777,216 (one /8)",
      ],
    ]);
  });

  test("an office range keeps EKS_PUBLIC_ENDPOINT satisfied", () => {
    expect(openEndpoint(["203.0.113.0/24"])).toEqual([]);
  });

  test("a public access entry that is no IPv4 CIDR breaks EKS_PUBLIC_ENDPOINT", () => {
    expect(openEndpoint(["203.0.113.0/24", "::/0"])).toEqual([
      [
        "EKS_PUBLIC_ENDPOINT",
        "public_access_cidrs ::/0 is not an IPv4 CIDR, so what it opens cannot be checked",
      ],
    ]);
  });

  test("a key policy attached through aws_kms_key_policy counts as explicit", () => {
    const stack = clone();
    const key = first(stack, "aws_kms_key", "secrets-key");
    const keyAddress = Object.keys(stack.resource.aws_kms_key).find((id) =>
      id.includes("secrets-key"),
    );
    stack.resource.aws_kms_key_policy = {
      secrets: { key_id: `\${aws_kms_key.${keyAddress}.id}`, policy: key.policy },
    };
    delete key.policy;
    expect(rulesOf(stack)).toEqual([]);
  });

  test("a literal JSON key policy is read too", () => {
    const stack = clone();
    first(stack, "aws_kms_key", "secrets-key").policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    });
    expect(rulesOf(stack)).toEqual(["KMS_KEY_POLICY"]);
  });

  test("flow logs to S3 satisfy VPC_FLOW_LOGS", () => {
    const stack = clone();
    Object.assign(first(stack, "aws_flow_log"), {
      log_destination_type: "s3",
      log_destination: "arn:aws:s3:::example-flow-logs",
    });
    expect(rulesOf(stack)).toEqual([]);
  });

  test("flow logs to a log group outside the stack break VPC_FLOW_LOGS", () => {
    const stack = clone();
    first(stack, "aws_flow_log").log_destination =
      "arn:aws:logs:eu-west-1:111122223333:log-group:elsewhere";
    expect(rulesOf(stack)).toEqual(["VPC_FLOW_LOGS"]);
  });

  test("a VPC without flow logs breaks VPC_FLOW_LOGS outside production too, as CKV2_AWS_11 does", () => {
    const stack = clone();
    delete stack.resource.aws_flow_log;
    const violations = policyViolations("test-cluster", stack, {
      production: false,
      waivers: [],
      files,
    });
    expect(violations.map((v) => v.rule)).toEqual(["VPC_FLOW_LOGS"]);
  });

  test("a log group kept under a year breaks LOG_GROUP_RETENTION_ONE_YEAR (CKV_AWS_338)", () => {
    const stack = clone();
    first(stack, "aws_cloudwatch_log_group", "control-plane").retention_in_days = 90;
    expect(rulesOf(stack)).toEqual(["LOG_GROUP_RETENTION_ONE_YEAR"]);
  });

  test("a log group kept for ever passes LOG_GROUP_RETENTION_ONE_YEAR, as CKV_AWS_338 passes 0", () => {
    const stack = clone();
    first(stack, "aws_cloudwatch_log_group", "control-plane").retention_in_days = 0;
    expect(rulesOf(stack)).toEqual([]);
  });

  test("a Terraform version constraint other than the README's breaks TERRAFORM_VERSION_PINNED", () => {
    const violations = policyViolations("test-cluster", clone(), {
      production: true,
      waivers: [],
      files: { [TERRAFORM_VERSION_FILE]: terraformVersionFile(">= 1.5") },
    });
    expect(violations.map((v) => [v.rule, v.resourcePath, v.message])).toEqual([
      [
        "TERRAFORM_VERSION_PINNED",
        "test-cluster/terraform",
        'versions.tf sets required_version ">= 1.5"',
      ],
    ]);
  });

  test("a stack without its version file breaks TERRAFORM_VERSION_PINNED", () => {
    const violations = policyViolations("test-cluster", clone(), { production: true, waivers: [] });
    expect(violations.map((v) => v.message)).toEqual(["synth writes no versions.tf for the stack"]);
  });

  test("required_version in cdk.tf.json, where Checkov's parser crashes on it, breaks TERRAFORM_JSON_SCANNABLE", () => {
    const stack = clone();
    stack.terraform.required_version = ">= 1.11";
    expect(check(stack).map((v) => v.message)).toEqual([
      expect.stringContaining("terraform.required_version in cdk.tf.json is not an object"),
    ]);
  });

  test("an SSH key pair on a launch template breaks NODE_GROUP_NO_SSH", () => {
    const stack = clone();
    first(stack, "aws_launch_template", "p4d").key_name = "ops";
    expect(rulesOf(stack)).toEqual(["NODE_GROUP_NO_SSH"]);
  });

  test("HTTPS from anywhere, as a load balancer needs, is allowed", () => {
    const stack = clone();
    Object.assign(first(stack, "aws_vpc_security_group_ingress_rule", "efa"), {
      cidr_ipv4: "0.0.0.0/0",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
    });
    expect(rulesOf(stack)).toEqual([]);
  });

  test("a public endpoint open to everyone outside production is allowed", () => {
    const stack = clone();
    Object.assign(first(stack, "aws_eks_cluster").vpc_config, {
      endpoint_public_access: true,
      public_access_cidrs: ["0.0.0.0/0"],
    });
    expect(
      policyViolations("test-cluster", stack, { production: false, waivers: [], files }),
    ).toEqual([]);
  });
});

describe("violations and waivers", () => {
  const withOpenSsh = (env = production) => {
    const app = Testing.app();
    const set = addBlueprint(app, resolveEnvironments([env])).get("test")!;
    new SecurityGroup(set.cluster, "bastion", {
      ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
    });
    return set.cluster;
  };

  test("a violation names the resource, the rule, the Checkov IDs and how to waive it", () => {
    expect(withOpenSsh().node.validate()).toEqual([
      "test-cluster/bastion breaks SECURITY_GROUP_NO_OPEN_INGRESS (CKV_AWS_24, CKV_AWS_25, CKV_AWS_277): ingress from anywhere on tcp 22-22; " +
        "no security group ingress from anywhere, except TCP 80 and 443 for load balancers. Fix the resource, or add " +
        '{ rule: "SECURITY_GROUP_NO_OPEN_INGRESS", resourcePath: "test-cluster/bastion", reason: "..." } to the ' +
        "environment's policyWaivers",
    ]);
  });

  test("a violation fails synth", () => {
    expect(() => Testing.synth(withOpenSsh(), true)).toThrow(/SECURITY_GROUP_NO_OPEN_INGRESS/);
  });

  test("a waiver silences that rule on that resource", () => {
    const waived = testEnvironment({
      ...production,
      policyWaivers: [
        {
          rule: "SECURITY_GROUP_NO_OPEN_INGRESS",
          resourcePath: "test-cluster/bastion",
          reason: "break-glass bastion",
        },
      ],
    });
    expect(withOpenSsh(waived).node.validate()).toEqual([]);
  });

  test("a waiver that matches nothing is reported", () => {
    const stale = testEnvironment({
      ...production,
      policyWaivers: [
        {
          rule: "KMS_KEY_ROTATION",
          resourcePath: "test-cluster/eks/secrets-key/old",
          reason: "legacy",
        },
      ],
    });
    expect(withOpenSsh(stale).node.validate()).toContainEqual(
      'environments.test.policyWaivers entry for KMS_KEY_ROTATION on "test-cluster/eks/secrets-key/old" waives ' +
        "nothing: no such resource breaks KMS_KEY_ROTATION; remove the waiver",
    );
  });
});
