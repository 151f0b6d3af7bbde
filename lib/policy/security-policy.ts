/**
 * Security rules every synthesized stack must pass. They run on the Terraform JSON of each stack
 * before anything is written, so they judge what would be deployed, whichever construct made it.
 * Each rule names the Checkov check it matches, where one exists, so findings can be mapped.
 *
 * A rule is waived for one resource with an entry in the environment's `policyWaivers`, naming
 * the rule, the resource's construct path (the `//.metadata.path` in cdk.tf.json) and a reason.
 */
import { CONTROL_PLANE_LOG_TYPES } from "../cluster/log-types";
import { show, type Problems } from "../errors";
import { ANYWHERE_IPV4 } from "../network/cidr";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export interface PolicyRule {
  readonly id: string;
  /** The matching Checkov check, for teams that map findings to it. */
  readonly checkov?: string;
  readonly description: string;
}

export const POLICY_RULES = {
  EKS_CONTROL_PLANE_LOGGING: {
    id: "EKS_CONTROL_PLANE_LOGGING",
    checkov: "CKV_AWS_37",
    description: "EKS clusters send all five control-plane log types to CloudWatch",
  },
  EKS_SECRETS_ENCRYPTION: {
    id: "EKS_SECRETS_ENCRYPTION",
    checkov: "CKV_AWS_58",
    description: "EKS clusters encrypt secrets with a customer KMS key",
  },
  KMS_KEY_ROTATION: {
    id: "KMS_KEY_ROTATION",
    checkov: "CKV_AWS_7",
    description: "customer KMS keys rotate yearly",
  },
  EKS_PUBLIC_ENDPOINT: {
    id: "EKS_PUBLIC_ENDPOINT",
    checkov: "CKV_AWS_38",
    description: "in production, a public EKS endpoint is limited to listed CIDRs, never 0.0.0.0/0",
  },
  EKS_ACCESS_ENTRIES: {
    id: "EKS_ACCESS_ENTRIES",
    description:
      "EKS clusters authenticate through access entries only, not the aws-auth ConfigMap",
  },
  LAUNCH_TEMPLATE_IMDSV2: {
    id: "LAUNCH_TEMPLATE_IMDSV2",
    checkov: "CKV_AWS_79",
    description: "launch templates require IMDSv2 with a hop limit of 1",
  },
  LAUNCH_TEMPLATE_ENCRYPTED_VOLUMES: {
    id: "LAUNCH_TEMPLATE_ENCRYPTED_VOLUMES",
    checkov: "CKV_AWS_8",
    description: "launch templates encrypt every EBS volume",
  },
  NODE_GROUP_NO_SSH: {
    id: "NODE_GROUP_NO_SSH",
    checkov: "CKV_AWS_100",
    description:
      "node groups and launch templates grant no SSH access (no remote_access, no key pair)",
  },
  IAM_NO_ADMIN_STATEMENT: {
    id: "IAM_NO_ADMIN_STATEMENT",
    checkov: "CKV_AWS_1",
    description: "no IAM policy statement allows action `*` on resource `*`",
  },
  SECURITY_GROUP_NO_OPEN_INGRESS: {
    id: "SECURITY_GROUP_NO_OPEN_INGRESS",
    checkov: "CKV_AWS_260",
    description:
      "no security group ingress from anywhere, except TCP 80 and 443 for load balancers",
  },
  STATE_BACKEND_ENCRYPTED_LOCKED: {
    id: "STATE_BACKEND_ENCRYPTED_LOCKED",
    description: "S3 state is encrypted and locked (use_lockfile)",
  },
} as const satisfies Record<string, PolicyRule>;

export type PolicyRuleId = keyof typeof POLICY_RULES;

export interface PolicyWaiver {
  readonly rule: string;
  /** Construct path of the resource, e.g. "prod-cluster/eks/cluster". */
  readonly resourcePath: string;
  readonly reason: string;
}

export interface Violation {
  readonly rule: PolicyRuleId;
  readonly resourcePath: string;
  readonly message: string;
}

interface Resource {
  readonly type: string;
  readonly path: string;
  readonly config: Json;
}

const ANYWHERE = [ANYWHERE_IPV4, "::/0"];
const LOAD_BALANCER_PORTS = [80, 443];

function resourcesOf(stack: Json): Resource[] {
  const out: Resource[] = [];
  for (const section of ["resource", "data"] as const) {
    for (const [type, byId] of Object.entries<Json>(stack[section] ?? {})) {
      for (const [id, config] of Object.entries<Json>(byId)) {
        const prefix = section === "data" ? "data." : "";
        out.push({
          type: `${prefix}${type}`,
          path: config["//"]?.metadata?.path ?? `${prefix}${type}.${id}`,
          config,
        });
      }
    }
  }
  return out;
}

/** Terraform JSON writes a single nested block as an object and a repeated one as a list. */
const list = (value: unknown): Json[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value as Json];
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];

type Check = (resource: Resource, production: boolean) => readonly [PolicyRuleId, string][];

const CHECKS: Readonly<Record<string, Check>> = {
  aws_eks_cluster: ({ config }, production) => {
    const found: [PolicyRuleId, string][] = [];
    const logs = strings(config.enabled_cluster_log_types);
    const missing = CONTROL_PLANE_LOG_TYPES.filter((t) => !logs.includes(t));
    if (missing.length > 0)
      found.push(["EKS_CONTROL_PLANE_LOGGING", `log types ${missing.join(", ")} are not enabled`]);
    const encryption = list(config.encryption_config)[0];
    if (
      !encryption ||
      !strings(encryption.resources).includes("secrets") ||
      !list(encryption.provider)[0]?.key_arn
    ) {
      found.push(["EKS_SECRETS_ENCRYPTION", "secrets are not encrypted with a KMS key"]);
    }
    const vpc = list(config.vpc_config)[0] ?? {};
    const cidrs = strings(vpc.public_access_cidrs);
    if (
      production &&
      vpc.endpoint_public_access !== false &&
      (cidrs.length === 0 || cidrs.some((c) => ANYWHERE.includes(c)))
    ) {
      found.push(["EKS_PUBLIC_ENDPOINT", "the public endpoint is open to 0.0.0.0/0"]);
    }
    if (list(config.access_config)[0]?.authentication_mode !== "API") {
      found.push(["EKS_ACCESS_ENTRIES", 'access_config.authentication_mode is not "API"']);
    }
    return found;
  },
  aws_kms_key: ({ config }) =>
    config.enable_key_rotation === true
      ? []
      : [["KMS_KEY_ROTATION", "enable_key_rotation is not true"]],
  aws_launch_template: ({ config }) => {
    const found: [PolicyRuleId, string][] = [];
    const metadata = list(config.metadata_options)[0] ?? {};
    if (metadata.http_tokens !== "required" || metadata.http_put_response_hop_limit !== 1) {
      found.push([
        "LAUNCH_TEMPLATE_IMDSV2",
        'metadata_options must set http_tokens "required" and http_put_response_hop_limit 1',
      ]);
    }
    const volumes = list(config.block_device_mappings)
      .map((m) => list(m.ebs)[0])
      .filter(Boolean);
    if (volumes.length === 0 || volumes.some((ebs) => String(ebs.encrypted) !== "true")) {
      found.push([
        "LAUNCH_TEMPLATE_ENCRYPTED_VOLUMES",
        'an EBS volume is not encrypted (ebs.encrypted must be "true")',
      ]);
    }
    if (config.key_name !== undefined)
      found.push(["NODE_GROUP_NO_SSH", "key_name sets an SSH key pair"]);
    return found;
  },
  aws_eks_node_group: ({ config }) =>
    config.remote_access === undefined
      ? []
      : [["NODE_GROUP_NO_SSH", "remote_access opens SSH to the nodes"]],
  "data.aws_iam_policy_document": ({ config }) =>
    list(config.statement).some(
      (s) =>
        (s.effect ?? "Allow") === "Allow" &&
        strings(s.actions).includes("*") &&
        strings(s.resources).includes("*"),
    )
      ? [["IAM_NO_ADMIN_STATEMENT", 'a statement allows action "*" on resource "*"']]
      : [],
  aws_security_group: ({ config }) =>
    list(config.ingress).flatMap((rule) =>
      openIngress(strings(rule.cidr_blocks).concat(strings(rule.ipv6_cidr_blocks)), rule),
    ),
  aws_security_group_rule: ({ config }) =>
    config.type === "ingress"
      ? openIngress(strings(config.cidr_blocks).concat(strings(config.ipv6_cidr_blocks)), config)
      : [],
  aws_vpc_security_group_ingress_rule: ({ config }) =>
    openIngress(strings(config.cidr_ipv4).concat(strings(config.cidr_ipv6)), {
      protocol: config.ip_protocol,
      from_port: config.from_port,
      to_port: config.to_port,
    }),
};

function openIngress(cidrs: string[], rule: Json): [PolicyRuleId, string][] {
  if (!cidrs.some((c) => ANYWHERE.includes(c))) return [];
  const tcp = rule.protocol === "tcp" || rule.protocol === "6";
  const loadBalancer =
    tcp && rule.from_port === rule.to_port && LOAD_BALANCER_PORTS.includes(Number(rule.from_port));
  return loadBalancer
    ? []
    : [
        [
          "SECURITY_GROUP_NO_OPEN_INGRESS",
          `ingress from anywhere on ${rule.protocol} ${rule.from_port}-${rule.to_port}`,
        ],
      ];
}

function backendViolations(stack: Json, stackName: string): Violation[] {
  const s3 = stack.terraform?.backend?.s3;
  if (!s3 || (s3.encrypt === true && s3.use_lockfile === true)) return [];
  return [
    {
      rule: "STATE_BACKEND_ENCRYPTED_LOCKED",
      resourcePath: `${stackName}/backend`,
      message: "the S3 backend must set encrypt and use_lockfile",
    },
  ];
}

/** Every rule violation in one synthesized stack, minus the waived ones. */
export function policyViolations(
  stackName: string,
  stack: Json,
  options: { readonly production: boolean; readonly waivers: readonly PolicyWaiver[] },
): Violation[] {
  const waived = (v: Violation) =>
    options.waivers.some((w) => w.rule === v.rule && w.resourcePath === v.resourcePath);
  const found = resourcesOf(stack).flatMap((resource) =>
    (CHECKS[resource.type]?.(resource, options.production) ?? []).map(([rule, message]) => ({
      rule,
      resourcePath: resource.path,
      message,
    })),
  );
  return [...found, ...backendViolations(stack, stackName)].filter((v) => !waived(v));
}

/** One line per violation: the resource, the rule and its Checkov ID, what is wrong, how to waive. */
export function formatViolation(v: Violation): string {
  const rule = POLICY_RULES[v.rule] as PolicyRule;
  return (
    `${v.resourcePath} breaks ${rule.id}${rule.checkov ? ` (${rule.checkov})` : ""}: ${v.message}; ` +
    `${rule.description}. Fix the resource, or add { rule: "${rule.id}", resourcePath: "${v.resourcePath}", ` +
    'reason: "..." } to the environment\'s policyWaivers'
  );
}

/** Checks an environment's policy waivers: each names a rule and gives a reason. */
export function resolvePolicyWaivers(
  waivers: readonly PolicyWaiver[],
  at: string,
  problems: Problems,
): readonly PolicyWaiver[] {
  for (const waiver of waivers) {
    if (!Object.prototype.hasOwnProperty.call(POLICY_RULES, waiver.rule)) {
      problems.add(
        `${at}.policyWaivers rule ${show(waiver.rule)} is not a policy rule; use one of ${Object.keys(POLICY_RULES).join(", ")}`,
      );
    }
    if (waiver.reason.trim().length === 0) {
      problems.add(
        `${at}.policyWaivers entry for ${waiver.rule} on ${show(waiver.resourcePath)} has no reason; say why the ` +
          "rule does not apply, for the reviewers of the change",
      );
    }
  }
  return waivers;
}
