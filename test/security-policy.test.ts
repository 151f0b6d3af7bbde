import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Testing } from "cdktf";
import { loadEnvironments } from "../config/environments";
import { REFERENCE_VARIABLES } from "../config/reference-environment";
import { policyViolations, POLICY_RULES, type PolicyRuleId } from "../lib/policy/security-policy";
import { resolveEnvironments } from "../lib/resolve-environments";
import { addBlueprint } from "../stacks/blueprint";
import { TERRAFORM_REQUIRED_VERSION } from "../lib/terraform";
import { synthAll, testEnvironment, type SynthJson, P4D } from "./helpers";

const production = testEnvironment({
  production: true,
  kubernetesVersion: "1.36",
  gpuNodeGroups: [P4D],
  stateBackend: { bucket: "example-tfstate" },
});
const stacks = synthAll([production]);
const cluster = stacks["test-cluster"];
const check = (stack: SynthJson, name = "test-cluster", waivers = []) =>
  policyViolations(name, stack, { production: true, waivers });
const clone = (): SynthJson => JSON.parse(JSON.stringify(cluster));
const first = (stack: SynthJson, type: string, part = ""): SynthJson =>
  Object.entries(stack.resource[type] ?? stack.data[type.replace(/^data\./, "")]).find(([id]) =>
    id.includes(part),
  )![1] as SynthJson;
const rulesOf = (stack: SynthJson) => check(stack).map((v) => v.rule);

describe("the blueprint passes the security policy", () => {
  const everything = synthAll(loadEnvironments(REFERENCE_VARIABLES));
  test.each(Object.keys(everything))("%s has no violation", (name) => {
    const options = { production: name.startsWith("prod-"), waivers: [] };
    expect(policyViolations(name, everything[name], options)).toEqual([]);
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
    ["TERRAFORM_VERSION_PINNED", (s) => delete s.terraform.required_version],
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
    expect(cases.map(([rule]) => rule).sort()).toEqual(Object.keys(POLICY_RULES).sort());
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

  test("a VPC without flow logs outside production is allowed", () => {
    const stack = clone();
    delete stack.resource.aws_flow_log;
    expect(policyViolations("test-cluster", stack, { production: false, waivers: [] })).toEqual([]);
  });

  test("a Terraform version constraint other than the README's breaks TERRAFORM_VERSION_PINNED", () => {
    const stack = clone();
    stack.terraform.required_version = ">= 1.5";
    expect(check(stack).map((v) => [v.rule, v.resourcePath, v.message])).toEqual([
      [
        "TERRAFORM_VERSION_PINNED",
        "test-cluster/terraform",
        'terraform.required_version is ">= 1.5"',
      ],
    ]);
  });

  test("every stack pins the Terraform version", () => {
    for (const stack of Object.values(stacks))
      expect(stack.terraform.required_version).toBe(TERRAFORM_REQUIRED_VERSION);
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
    expect(policyViolations("test-cluster", stack, { production: false, waivers: [] })).toEqual([]);
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
