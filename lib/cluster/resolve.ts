/** Checks the control-plane settings of one environment and fills in defaults. */
import { show, type Problems } from "../errors";
import {
  ANYWHERE_IPV4,
  contains,
  isPrivate,
  overlaps,
  parseCidr,
  type Cidr,
} from "../network/cidr";
import type { ClusterConfig, ResolvedCluster } from "./settings";
import {
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_VERSIONS,
  SUPPORTED_KUBERNETES_VERSIONS,
  defaultSupportType,
  isSupportedKubernetesVersion,
  pastStandardSupport,
  type KubernetesVersion,
} from "./versions";

/** EKS allows 100 characters; IAM role names built from it must stay within 64. */
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** The retention values CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];
const DEFAULT_SERVICE_CIDR = "172.20.0.0/16";

export interface ClusterInput {
  readonly config: ClusterConfig;
  readonly environmentName: string;
  readonly production: boolean;
}

export function resolveCluster(
  input: ClusterInput,
  at: string,
  problems: Problems,
): ResolvedCluster {
  const { config, environmentName, production } = input;
  if (!CLUSTER_NAME.test(config.clusterName)) {
    problems.add(
      `${at}.clusterName ${show(config.clusterName)} is not a valid cluster name: IAM role names are built from it; ` +
        "use 1-40 letters, digits, '-' or '_', starting with a letter or digit",
    );
  }
  if (!REGION.test(config.region)) {
    problems.add(
      `${at}.region ${show(config.region)} is not an AWS region name; use a name such as "us-east-1"`,
    );
  }

  const version = config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const kubernetesVersion = isSupportedKubernetesVersion(version)
    ? version
    : DEFAULT_KUBERNETES_VERSION;
  if (!isSupportedKubernetesVersion(version)) {
    problems.add(
      `${at}.kubernetesVersion ${show(version)} is not supported: DRA needs EKS 1.33 or later and the blueprint is ` +
        `tested on ${SUPPORTED_KUBERNETES_VERSIONS.join(", ")}; use one of those`,
    );
  }
  const nodeGroupsKubernetesVersion = resolveNodeGroupsVersion(
    config.nodeGroupsKubernetesVersion,
    kubernetesVersion,
    at,
    problems,
  );
  const supportType = config.supportType ?? defaultSupportType(kubernetesVersion, production);
  if (supportType === "STANDARD" && pastStandardSupport(kubernetesVersion)) {
    problems.add(
      `${at}.supportType "STANDARD" cannot be used with kubernetesVersion ${show(kubernetesVersion)}: its standard ` +
        `support ended on ${KUBERNETES_VERSIONS[kubernetesVersion].standardSupportEnds} and EKS would upgrade the ` +
        'cluster on its own; set supportType "EXTENDED" or use a newer kubernetesVersion',
    );
  }

  const publicAccessCidrs = config.endpoint?.publicAccessCidrs ?? [];
  for (const cidr of publicAccessCidrs) {
    if (!parseCidr(cidr)) {
      problems.add(
        `${at}.endpoint.publicAccessCidrs entry ${show(cidr)} is not a valid IPv4 CIDR; write it as "203.0.113.0/24"`,
      );
    } else if (cidr === ANYWHERE_IPV4 && production) {
      problems.add(
        `${at}.endpoint.publicAccessCidrs contains "${ANYWHERE_IPV4}" in a production environment: the Kubernetes API would ` +
          "be reachable from the whole internet; list your office or VPN ranges, or leave it empty for a private-only endpoint",
      );
    }
  }

  const adminPrincipalArns = config.access?.adminPrincipalArns ?? [];
  for (const arn of adminPrincipalArns) {
    if (!PRINCIPAL_ARN.test(arn)) {
      problems.add(
        `${at}.access.adminPrincipalArns entry ${show(arn)} is not an IAM role or user ARN; ` +
          'use "arn:aws:iam::<account-id>:role/<name>" (not an assumed-role session ARN)',
      );
    }
  }

  const stateBackend = config.stateBackend && {
    bucket: config.stateBackend.bucket,
    region: config.stateBackend.region ?? config.region,
    keyPrefix: config.stateBackend.keyPrefix ?? environmentName,
  };
  if (stateBackend && !BUCKET_NAME.test(stateBackend.bucket)) {
    problems.add(
      `${at}.stateBackend.bucket ${show(stateBackend.bucket)} is not a valid S3 bucket name; use 3-63 lowercase ` +
        "letters, digits, '.' or '-'",
    );
  }

  const logRetentionDays = config.logRetentionDays ?? 90;
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    problems.add(
      `${at}.logRetentionDays ${show(logRetentionDays)} is not a retention CloudWatch Logs accepts; use one of ` +
        LOG_RETENTION_DAYS.join(", "),
    );
  }

  return {
    region: config.region,
    clusterName: config.clusterName,
    kubernetesVersion,
    nodeGroupsKubernetesVersion,
    supportType,
    serviceIpv4Cidr: config.serviceIpv4Cidr ?? DEFAULT_SERVICE_CIDR,
    publicAccessCidrs,
    adminPrincipalArns,
    grantDeployerAdmin: config.access?.grantDeployerAdmin ?? true,
    ...(stateBackend ? { stateBackend } : {}),
    logRetentionDays,
    deletionProtection: config.deletionProtection ?? production,
  };
}

/** The Kubernetes service range must be one EKS accepts and must not shadow VPC addresses. */
export function checkServiceCidr(
  serviceCidr: string,
  /** The VPC range of a new VPC; an existing VPC's ranges are not known offline. */
  vpcCidr: string | undefined,
  at: string,
  problems: Problems,
): void {
  const service = parseCidr(serviceCidr);
  if (!service || service.prefix < 12 || service.prefix > 24 || !isPrivate(service)) {
    problems.add(
      `${at}.serviceIpv4Cidr ${show(serviceCidr)} is not accepted by EKS: it must be a private (RFC 1918) /12 to /24; ` +
        `use ${show(DEFAULT_SERVICE_CIDR)}`,
    );
    return;
  }
  const vpc: Cidr | undefined = vpcCidr === undefined ? undefined : parseCidr(vpcCidr);
  if (vpc && (overlaps(vpc, service) || contains(vpc, service))) {
    problems.add(
      `${at}.serviceIpv4Cidr ${show(serviceCidr)} overlaps network.vpcCidr ${show(vpcCidr)}: service IPs would shadow node and pod addresses; choose a service range outside the VPC`,
    );
  }
}

/**
 * EKS takes managed node groups at most one minor behind during an upgrade here: the blueprint
 * holds them back by one step, never more, so the DRA API a node's kubelet plugin uses is the
 * control plane's or the one before it.
 */
function resolveNodeGroupsVersion(
  value: string | undefined,
  controlPlane: KubernetesVersion,
  at: string,
  problems: Problems,
): KubernetesVersion {
  if (value === undefined || value === controlPlane) return controlPlane;
  const previous =
    SUPPORTED_KUBERNETES_VERSIONS[SUPPORTED_KUBERNETES_VERSIONS.indexOf(controlPlane) - 1];
  if (value !== previous) {
    problems.add(
      `${at}.nodeGroupsKubernetesVersion ${show(value)} must be kubernetesVersion ${show(controlPlane)}` +
        (previous ? ` or the minor before it, ${show(previous)},` : "") +
        " because node groups follow the control plane one minor at a time; remove the setting or use " +
        (previous ? show(previous) : show(controlPlane)),
    );
    return controlPlane;
  }
  return previous;
}
