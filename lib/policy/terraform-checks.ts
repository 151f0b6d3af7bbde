/**
 * The policy's checks of the resources in one synthesized stack (Terraform JSON), by resource
 * type. Checkov's matching checks were read in bridgecrewio/checkov 3.3.13.
 */
import { CONTROL_PLANE_LOG_TYPES } from "../cluster/log-types";
import { MAX_PUBLIC_ADDRESSES_IN_PRODUCTION } from "../cluster/resolve";
import { ANYWHERE_IPV4, parseCidr, publicAddressCount, type Cidr } from "../network/cidr";
import type { PolicyRuleId, Violation } from "./rules";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

interface Resource {
  readonly type: string;
  /** Terraform address, as references in the stack name it: `aws_vpc.network_vpc_1A2B3C4D`. */
  readonly address: string;
  readonly path: string;
  readonly config: Json;
}

const ANYWHERE = [ANYWHERE_IPV4, "::/0"];
const LOAD_BALANCER_PORTS = [80, 443];
/** CKV_AWS_338 passes 0 (never expire) or at least this many days. */
const ONE_YEAR_DAYS = 365;

function resourcesOf(stack: Json): Resource[] {
  const out: Resource[] = [];
  for (const section of ["resource", "data"] as const) {
    for (const [type, byId] of Object.entries<Json>(stack[section] ?? {})) {
      for (const [id, config] of Object.entries<Json>(byId)) {
        const prefix = section === "data" ? "data." : "";
        const address = `${prefix}${type}.${id}`;
        out.push({
          type: `${prefix}${type}`,
          address,
          path: config["//"]?.metadata?.path ?? address,
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

/** The address a reference such as `${aws_vpc.main.id}` points to, or undefined for anything else. */
function referencedAddress(value: unknown): string | undefined {
  const match = /^\$\{((?:data\.)?[a-z0-9_]+\.[^.}]+)\.[a-z_]+\}$/.exec(String(value));
  return match?.[1];
}

/** What the checks may look up besides the resource itself. */
interface StackView {
  readonly production: boolean;
  readonly byAddress: ReadonlyMap<string, Resource>;
  readonly all: readonly Resource[];
}

type Check = (resource: Resource, stack: StackView) => readonly [PolicyRuleId, string][];

const CHECKS: Readonly<Record<string, Check>> = {
  aws_eks_cluster: ({ config }, { production }) => {
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
    if (production && vpc.endpoint_public_access !== false) {
      const problem = publicEndpointProblem(strings(vpc.public_access_cidrs));
      if (problem) found.push(["EKS_PUBLIC_ENDPOINT", problem]);
    }
    if (list(config.access_config)[0]?.authentication_mode !== "API") {
      found.push(["EKS_ACCESS_ENTRIES", 'access_config.authentication_mode is not "API"']);
    }
    return found;
  },
  aws_kms_key: (resource, stack) => {
    const found: [PolicyRuleId, string][] = [];
    if (resource.config.enable_key_rotation !== true)
      found.push(["KMS_KEY_ROTATION", "enable_key_rotation is not true"]);
    const problem = keyPolicyProblem(resource, stack);
    if (problem) found.push(["KMS_KEY_POLICY", problem]);
    return found;
  },
  aws_cloudwatch_log_group: ({ config }) => {
    const found: [PolicyRuleId, string][] = [];
    if (!config.kms_key_id)
      found.push([
        "LOG_GROUP_ENCRYPTED",
        "kms_key_id is not set, so the log group is not encrypted with a customer key",
      ]);
    const retention = config.retention_in_days;
    if (retention === undefined)
      found.push(["LOG_GROUP_RETENTION", "retention_in_days is not set, so logs are kept forever"]);
    else if (typeof retention === "number" && retention > 0 && retention < ONE_YEAR_DAYS)
      found.push([
        "LOG_GROUP_RETENTION_ONE_YEAR",
        `retention_in_days is ${retention}, less than ${ONE_YEAR_DAYS}`,
      ]);
    return found;
  },
  aws_vpc: ({ address }, { all }) => {
    const flowLogs = all.filter(
      (r) => r.type === "aws_flow_log" && referencedAddress(r.config.vpc_id) === address,
    );
    if (flowLogs.length === 0)
      return [["VPC_FLOW_LOGS", "no aws_flow_log records the VPC's flows"]];
    const delivered = flowLogs.some((log) =>
      log.config.log_destination_type === "s3"
        ? true
        : referencedAddress(log.config.log_destination)?.startsWith("aws_cloudwatch_log_group."),
    );
    return delivered
      ? []
      : [
          [
            "VPC_FLOW_LOGS",
            "the VPC's flow logs go neither to a log group of this stack nor to S3",
          ],
        ];
  },
  aws_s3_bucket: ({ address, config }, { all }) => {
    // Checkov's graph checks count the bucket's own block or a resource that references it.
    const attached = (type: string) =>
      all.filter((r) => r.type === type && referencedAddress(r.config.bucket) === address);
    const found: [PolicyRuleId, string][] = [];
    if (config.logging === undefined && attached("aws_s3_bucket_logging").length === 0)
      found.push(["S3_ACCESS_LOGGING", "no aws_s3_bucket_logging for the bucket"]);
    const replicating = attached("aws_s3_bucket_replication_configuration").some((r) =>
      list(r.config.rule).some((rule) => rule.status === "Enabled"),
    );
    if (!replicating)
      found.push(["S3_REPLICATION", "no enabled aws_s3_bucket_replication_configuration rule"]);
    if (
      config.lifecycle_rule === undefined &&
      attached("aws_s3_bucket_lifecycle_configuration").length === 0
    )
      found.push(["S3_LIFECYCLE", "no aws_s3_bucket_lifecycle_configuration for the bucket"]);
    if (attached("aws_s3_bucket_notification").length === 0)
      found.push(["S3_EVENT_NOTIFICATIONS", "no aws_s3_bucket_notification for the bucket"]);
    return found;
  },
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

/**
 * Why a public endpoint's CIDRs open it too wide, by the measure synth applies to the settings
 * (lib/cluster/resolve.ts): the public addresses all ranges cover together, however they are
 * spelt. No CIDRs is EKS's default, 0.0.0.0/0; an entry that is no IPv4 CIDR cannot be measured.
 */
function publicEndpointProblem(cidrs: readonly string[]): string | undefined {
  if (cidrs.length === 0) return "the public endpoint is open to 0.0.0.0/0";
  const parsed = cidrs.map(parseCidr);
  const unreadable = cidrs.filter((_, i) => parsed[i] === undefined);
  if (unreadable.length > 0)
    return `public_access_cidrs ${unreadable.join(", ")} is not an IPv4 CIDR, so what it opens cannot be checked`;
  const open = publicAddressCount(parsed as Cidr[]);
  return open > MAX_PUBLIC_ADDRESSES_IN_PRODUCTION
    ? `the public endpoint is open to ${open.toLocaleString("en-US")} public addresses (${cidrs.join(", ")}), ` +
        `more than ${MAX_PUBLIC_ADDRESSES_IN_PRODUCTION.toLocaleString("en-US")} (one /8)`
    : undefined;
}

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

/**
 * Why a KMS key's policy is not explicit, or undefined. The policy is the JSON of a policy
 * document data source of the stack, a literal JSON string, or an `aws_kms_key_policy` resource.
 */
function keyPolicyProblem(key: Resource, stack: StackView): string | undefined {
  const attached = stack.all.find(
    (r) => r.type === "aws_kms_key_policy" && referencedAddress(r.config.key_id) === key.address,
  );
  const policy = key.config.policy ?? attached?.config.policy;
  if (policy === undefined)
    return "the key has no policy, so KMS gives it the default one: the whole account through its root user";
  const principals = policyPrincipals(policy, stack);
  if (principals === undefined)
    return "the key policy is neither a policy document of this stack nor literal JSON, so it cannot be checked";
  const tooBroad = principals.filter((p) => p === "*" || /^\d{12}$/.test(p) || /:root$/.test(p));
  return tooBroad.length > 0
    ? `the key policy grants ${tooBroad.map((p) => JSON.stringify(p)).join(", ")}: the whole account or everyone`
    : undefined;
}

/** The AWS principals a key policy's statements name, or undefined if the policy cannot be read. */
function policyPrincipals(policy: unknown, stack: StackView): string[] | undefined {
  const document = stack.byAddress.get(referencedAddress(policy) ?? "");
  if (document?.type === "data.aws_iam_policy_document") {
    return list(document.config.statement).flatMap((s) =>
      list(s.principals).flatMap((p) => (p.type === "*" ? ["*"] : strings(p.identifiers))),
    );
  }
  try {
    const parsed = JSON.parse(String(policy));
    return list(parsed.Statement).flatMap((s) => {
      const principal = s.Principal;
      if (principal === "*") return ["*"];
      return strings(principal?.AWS);
    });
  } catch {
    return undefined;
  }
}

/** Every resource's violations in one stack, before waivers. */
export function resourceViolations(stack: Json, production: boolean): Violation[] {
  const all = resourcesOf(stack);
  const view: StackView = { production, byAddress: new Map(all.map((r) => [r.address, r])), all };
  return all.flatMap((resource) =>
    (CHECKS[resource.type]?.(resource, view) ?? []).map(([rule, message]) => ({
      rule,
      resourcePath: resource.path,
      message,
    })),
  );
}
