/** Checks the control-plane settings of one environment and fills in defaults. */
import { show, type Problems } from "../errors";
import {
  contains,
  isPrivate,
  overlaps,
  parseCidr,
  publicAddressCount,
  type Cidr,
} from "../network/cidr";
import { isCommercialRegion, regionFix } from "../network/regions";
import { isKubernetesMinor } from "../compat/kubernetes";
import { refusalReasons } from "../compat/rules";
import { resolveAccess } from "./access";
import {
  defaultLogRetentionDays,
  type ClusterConfig,
  type ResolvedCluster,
  type StateBackendConfig,
} from "./settings";
import {
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_VERSIONS,
  SUPPORTED_KUBERNETES_VERSIONS,
  defaultSupportType,
  isSupportedKubernetesVersion,
  type KubernetesVersion,
  pastStandardSupport,
} from "./versions";

/** EKS allows 100 characters; IAM role names built from it must stay within 64. */
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/**
 * Public addresses a production API endpoint may be open to, all listed CIDRs together: 2^24, a
 * /8's worth. The largest networks one organisation holds are legacy /8s; office, VPN and CI egress
 * ranges are far smaller. Anything wider opens the Kubernetes API to address space nobody in the
 * team controls, however it is spelt (one 0.0.0.0/0, two /1s, many /9s).
 */
export const MAX_PUBLIC_ADDRESSES_IN_PRODUCTION = 2 ** 24;
/** EKS quota "Public endpoint access CIDR ranges per cluster" (EKS User Guide, service quotas). */
const MAX_PUBLIC_ACCESS_CIDRS = 40;
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
  if (!isCommercialRegion(config.region)) {
    problems.add(
      `${at}.region ${show(config.region)} is not a commercial AWS region; ${regionFix(config.region)}`,
    );
  }

  const version = config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const kubernetesVersion = isSupportedKubernetesVersion(version)
    ? version
    : DEFAULT_KUBERNETES_VERSION;
  if (isKubernetesMinor(version) && !isSupportedKubernetesVersion(version)) {
    problems.add(
      `${at}.kubernetesVersion ${show(version)} is refused: ${refusalReasons(version).join("; ")}. Use ` +
        `${show(SUPPORTED_KUBERNETES_VERSIONS[SUPPORTED_KUBERNETES_VERSIONS.length - 1])} until every pinned ` +
        "component supports it (docs/compatibility.md names the releases it waits for)",
    );
  } else if (!isSupportedKubernetesVersion(version)) {
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
  checkPublicAccess(publicAccessCidrs, production, `${at}.endpoint.publicAccessCidrs`, problems);

  const access = resolveAccess(config.access, config.region, at, problems);

  const stateBackend = config.stateBackend && {
    bucket: config.stateBackend.bucket,
    region: config.stateBackend.region ?? config.region,
    keyPrefix: config.stateBackend.keyPrefix ?? environmentName,
  };
  if (stateBackend) {
    checkStateBackend(stateBackend, `${at}.stateBackend`, problems);
    const region = config.stateBackend?.region;
    if (region !== undefined && !isCommercialRegion(region)) {
      problems.add(
        `${at}.stateBackend.region ${show(region)} is not a commercial AWS region; ${regionFix(region)}`,
      );
    }
  }

  const logRetentionDays = config.logRetentionDays ?? defaultLogRetentionDays(production);
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
    ...access,
    ...(stateBackend ? { stateBackend } : {}),
    logRetentionDays,
    deletionProtection: config.deletionProtection ?? production,
  };
}

/** Each CIDR parses; in production, together they open the endpoint to a bounded part of the internet. */
function checkPublicAccess(
  cidrs: readonly string[],
  production: boolean,
  at: string,
  problems: Problems,
): void {
  const parsed: Cidr[] = [];
  for (const text of cidrs) {
    const cidr = parseCidr(text);
    if (cidr) parsed.push(cidr);
    else {
      problems.add(
        `${at} entry ${show(text)} is not a valid IPv4 CIDR (four decimal octets, no leading zeros, host bits zero); ` +
          'write it as "203.0.113.0/24"',
      );
    }
  }
  if (cidrs.length > MAX_PUBLIC_ACCESS_CIDRS) {
    problems.add(
      `${at} lists ${cidrs.length} CIDRs, but EKS accepts at most ${MAX_PUBLIC_ACCESS_CIDRS} per cluster; merge ranges ` +
        "or reach the API through the private endpoint (VPN, bastion)",
    );
  }
  const open = publicAddressCount(parsed);
  if (production && open > MAX_PUBLIC_ADDRESSES_IN_PRODUCTION) {
    problems.add(
      `${at} ${show(cidrs)} opens the production Kubernetes API to ${open.toLocaleString("en-US")} public addresses, ` +
        `more than the ${MAX_PUBLIC_ADDRESSES_IN_PRODUCTION.toLocaleString("en-US")} (one /8) allowed in production: that is ` +
        "the internet at large, not your networks; list your office or VPN ranges, or leave it empty for a private-only endpoint",
    );
  }
}

/** S3 general purpose bucket naming rules (Amazon S3 User Guide, "General purpose bucket naming rules"). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const BUCKET_RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const BUCKET_RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

function checkStateBackend(
  state: Pick<Required<StateBackendConfig>, "bucket" | "keyPrefix">,
  at: string,
  problems: Problems,
): void {
  const { bucket, keyPrefix } = state;
  const why = bucketNameProblem(bucket);
  if (why) {
    problems.add(
      `${at}.bucket ${show(bucket)} is not a valid S3 bucket name: ${why}; use 3-63 lowercase letters, digits, '.' ` +
        "or '-', starting and ending with a letter or digit",
    );
  }
  if (
    keyPrefix === "" ||
    keyPrefix.startsWith("/") ||
    keyPrefix.endsWith("/") ||
    keyPrefix.includes("//")
  ) {
    problems.add(
      `${at}.keyPrefix ${show(keyPrefix)} would make state keys such as ${show(`${keyPrefix}/<stack>.tfstate`)}: the S3 ` +
        "backend refuses keys that start with '/', and empty path segments make a second copy of the state; " +
        'use names joined by single slashes, such as "team/prod"',
    );
  }
}

function bucketNameProblem(bucket: string): string | undefined {
  if (!BUCKET_NAME.test(bucket)) return "wrong length or characters";
  if (bucket.includes("..")) return "it has two adjacent periods";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bucket)) return "it is formatted as an IP address";
  const prefix = BUCKET_RESERVED_PREFIXES.find((p) => bucket.startsWith(p));
  if (prefix) return `the prefix ${show(prefix)} is reserved`;
  const suffix = BUCKET_RESERVED_SUFFIXES.find((p) => bucket.endsWith(p));
  if (suffix) return `the suffix ${show(suffix)} is reserved`;
  return undefined;
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
