import { contains, isPrivate, overlaps, parseCidr, type Cidr } from "./network/cidr";
import type { EnvironmentConfig, ResolvedEnvironment } from "./environment";
import type { ExistingVpcNetworkConfig, NewVpcNetworkConfig, ResolvedNetwork } from "./network/settings";
import { Problems, show } from "./errors";
import { POLICY_RULES, type PolicyWaiver } from "./policy/security-policy";
import { resolveGpuNodeGroups } from "./nodes/gpu-node-groups";
import { gpuOwnershipProblems } from "./nvidia/gpu-ownership";
import { checkMigLayoutNames } from "./nodes/mig-layouts";
import { EXAMPLE_SHARING, resolveExamples, type ResolvedExamples } from "./examples/catalog";
import type { SharingStrategy } from "./nvidia/feature-gates";
import { resolveNvidia } from "./nvidia/resolve";
import { MAX_NODE_ONLY_ZONES, planSubnets } from "./network/subnet-plan";
import { checkScaling } from "./nodes/scaling";
import {
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_VERSIONS,
  SUPPORTED_KUBERNETES_VERSIONS,
  defaultSupportType,
  isSupportedKubernetesVersion,
} from "./cluster/versions";

const ENVIRONMENT_NAME = /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/;
/** EKS allows 100 characters; IAM role names built from it must stay within 64. */
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** The retention values CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];
const DEFAULT_SERVICE_CIDR = "172.20.0.0/16";
const ANYWHERE = "0.0.0.0/0";

/**
 * Checks every environment and fills in defaults. Throws one ConfigError listing every problem,
 * before any construct exists, so invalid input never produces synth output.
 */
export function resolveEnvironments(
  configs: readonly EnvironmentConfig[],
): readonly ResolvedEnvironment[] {
  const problems = new Problems();
  if (configs.length === 0) {
    problems.add(
      "environments is empty: declare at least one environment in config/environments.ts",
    );
  }
  checkUnique(
    configs,
    "name",
    "environment names must be unique because stack names derive from them",
    problems,
  );
  checkUnique(
    configs,
    "clusterName",
    "cluster names must be unique because IAM role, KMS alias and log group names derive from them",
    problems,
  );
  const resolved = configs.map((config) => resolveEnvironment(config, problems));
  problems.throwIfAny();
  // The rendered Helm selectors only make sense for valid environments, so this runs last.
  for (const env of resolved)
    for (const problem of gpuOwnershipProblems(env)) problems.add(problem);
  problems.throwIfAny();
  return resolved;
}

function checkUnique(
  configs: readonly EnvironmentConfig[],
  key: "name" | "clusterName",
  why: string,
  problems: Problems,
): void {
  const seen = new Set<string>();
  for (const config of configs) {
    const value = config[key];
    if (seen.has(value)) {
      problems.add(
        `environments[].${key} ${show(value)} is used by more than one environment: ${why}; rename one of them`,
      );
    }
    seen.add(value);
  }
}

function resolveEnvironment(config: EnvironmentConfig, problems: Problems): ResolvedEnvironment {
  const at = `environments.${config.name}`;
  if (!ENVIRONMENT_NAME.test(config.name)) {
    problems.add(
      `environments[].name ${show(config.name)} is not DNS-safe: stack and resource names derive from it; ` +
        "use 1-20 lowercase letters, digits or '-', starting with a letter and not ending with '-'",
    );
  }
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
  const supportType = config.supportType ?? defaultSupportType(kubernetesVersion);
  if (supportType === "STANDARD" && KUBERNETES_VERSIONS[kubernetesVersion].inExtendedSupport) {
    problems.add(
      `${at}.supportType "STANDARD" cannot be used with kubernetesVersion ${show(kubernetesVersion)}: its standard ` +
        `support ended on ${KUBERNETES_VERSIONS[kubernetesVersion].standardSupportEnds} and EKS would upgrade the ` +
        'cluster on its own; set supportType "EXTENDED" or use a newer kubernetesVersion',
    );
  }

  const gpu = resolveGpuNodeGroups(
    {
      environmentName: config.name,
      region: config.region,
      configs: config.gpuNodeGroups ?? [],
      migLayouts: config.migLayouts ?? {},
    },
    problems,
  );
  checkMigLayoutNames(gpu.groups, at, problems);
  const examples = resolveExamples(config.examples, config.production, gpu.groups, at, problems);
  const blockZones = new Map<string, string>();
  for (const group of gpu.groups) {
    if (group.capacity.kind === "capacity-block" && !group.subnets) {
      blockZones.set(group.capacity.availabilityZone, `${at}.gpuNodeGroups.${group.name}`);
    }
  }
  const network = resolveNetwork(config, at, blockZones, problems);
  const serviceIpv4Cidr = config.serviceIpv4Cidr ?? DEFAULT_SERVICE_CIDR;
  checkServiceCidr(serviceIpv4Cidr, config.network, at, problems);

  const publicAccessCidrs = config.endpoint?.publicAccessCidrs ?? [];
  for (const cidr of publicAccessCidrs) {
    if (!parseCidr(cidr)) {
      problems.add(
        `${at}.endpoint.publicAccessCidrs entry ${show(cidr)} is not a valid IPv4 CIDR; write it as "203.0.113.0/24"`,
      );
    } else if (cidr === ANYWHERE && config.production) {
      problems.add(
        `${at}.endpoint.publicAccessCidrs contains "0.0.0.0/0" in a production environment: the Kubernetes API would ` +
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
    keyPrefix: config.stateBackend.keyPrefix ?? config.name,
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

  const systemNodeGroup = {
    instanceTypes: config.systemNodeGroup?.instanceTypes ?? ["m7i.xlarge"],
    minSize: config.systemNodeGroup?.minSize ?? 2,
    desiredSize: config.systemNodeGroup?.desiredSize ?? 2,
    maxSize: config.systemNodeGroup?.maxSize ?? 4,
    diskSizeGiB: config.systemNodeGroup?.diskSizeGiB ?? 50,
  };
  checkSystemNodeGroup(systemNodeGroup, config.production, `${at}.systemNodeGroup`, problems);

  const tags = config.tags ?? {};
  for (const key of Object.keys(tags)) {
    if (key.toLowerCase().startsWith("aws:")) {
      problems.add(`${at}.tags key ${show(key)} uses the reserved "aws:" prefix; rename the tag`);
    }
  }

  return {
    name: config.name,
    production: config.production,
    region: config.region,
    clusterName: config.clusterName,
    kubernetesVersion,
    supportType,
    network,
    serviceIpv4Cidr,
    publicAccessCidrs,
    adminPrincipalArns,
    grantDeployerAdmin: config.access?.grantDeployerAdmin ?? true,
    ...(stateBackend ? { stateBackend } : {}),
    logRetentionDays,
    deletionProtection: config.deletionProtection ?? config.production,
    systemNodeGroup,
    tags,
    gpuNodeGroups: gpu.groups,
    nvidia: resolveNvidia(config.nvidia, examplesSharing(examples), at, problems),
    examples,
    policyWaivers: resolveWaivers(config, at, problems),
    warnings: gpu.warnings,
  };
}

/**
 * `blockZones` maps each Capacity Block zone to the group that needs it. A new VPC gets a node-only
 * subnet in a block zone it does not span; an existing VPC must already have one.
 */
function resolveNetwork(
  config: EnvironmentConfig,
  at: string,
  blockZones: ReadonlyMap<string, string>,
  problems: Problems,
): ResolvedNetwork {
  const network = config.network;
  if (network.kind === "new") {
    const nodeOnlyZones = [...blockZones.keys()].filter(
      (z) => !network.availabilityZones.includes(z),
    );
    if (nodeOnlyZones.length > MAX_NODE_ONLY_ZONES) {
      problems.add(
        `${at}.gpuNodeGroups reserve Capacity Blocks in ${show(nodeOnlyZones)}, outside network.availabilityZones; ` +
          `the subnet plan has room for ${MAX_NODE_ONLY_ZONES} such zones; add the zones to network.availabilityZones`,
      );
      return resolveNewVpc(network, config.region, [], `${at}.network`, problems);
    }
    return resolveNewVpc(network, config.region, nodeOnlyZones, `${at}.network`, problems);
  }
  const existing = checkExistingVpc(network, `${at}.network`, problems);
  const zones = new Set(network.privateSubnets.map((s) => s.availabilityZone));
  for (const [zone, group] of blockZones) {
    if (!zones.has(zone)) {
      problems.add(
        `${group}.capacityReservationAz ${show(zone)} has no subnet in network.privateSubnets; add a private subnet ` +
          "of that zone there, or give the group its own subnets",
      );
    }
  }
  return existing;
}

function resolveNewVpc(
  network: NewVpcNetworkConfig,
  region: string,
  nodeOnlyZones: readonly string[],
  at: string,
  problems: Problems,
): ResolvedNetwork {
  const natGateways = network.natGateways ?? "one-per-az";
  const zones = network.availabilityZones;
  let valid = true;
  const vpc = parseCidr(network.vpcCidr);
  if (!vpc) {
    problems.add(
      `${at}.vpcCidr ${show(network.vpcCidr)} is not a valid IPv4 CIDR (host bits must be zero); write it as "10.0.0.0/16"`,
    );
    valid = false;
  } else if (vpc.prefix < 16 || vpc.prefix > 20) {
    problems.add(
      `${at}.vpcCidr ${show(network.vpcCidr)} has prefix /${vpc.prefix}: AWS allows at most a /16 per VPC CIDR, and below ` +
        "a /20 the private subnets run out of addresses for pods; use a /16 to /20",
    );
    valid = false;
  } else if (!isPrivate(vpc)) {
    problems.add(
      `${at}.vpcCidr ${show(network.vpcCidr)} is not in private (RFC 1918) address space; use a range inside ` +
        "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
    );
    valid = false;
  }
  if (zones.length < 2 || zones.length > 3) {
    problems.add(
      `${at}.availabilityZones ${show(zones)} lists ${zones.length} zone(s): EKS needs subnets in at least two zones and ` +
        "the subnet plan covers at most three; list two or three zones",
    );
    valid = false;
  }
  if (new Set(zones).size !== zones.length) {
    problems.add(`${at}.availabilityZones ${show(zones)} repeats a zone; list each zone once`);
    valid = false;
  }
  for (const zone of zones) {
    if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
      problems.add(
        `${at}.availabilityZones entry ${show(zone)} is not a zone of region ${show(region)}; use names such as "${region}a"`,
      );
      valid = false;
    }
  }
  const plan = valid
    ? planSubnets(network.vpcCidr, zones, nodeOnlyZones)
    : { privateSubnets: [], publicSubnets: [], nodeOnlySubnets: [] };
  return { kind: "new", vpcCidr: network.vpcCidr, natGateways, ...plan };
}

function checkExistingVpc(
  network: ExistingVpcNetworkConfig,
  at: string,
  problems: Problems,
): ExistingVpcNetworkConfig {
  if (!VPC_ID.test(network.vpcId)) {
    problems.add(
      `${at}.vpcId ${show(network.vpcId)} is not a VPC ID; use the "vpc-..." ID from the VPC console`,
    );
  }
  const subnets = network.privateSubnets;
  for (const s of subnets) {
    if (!SUBNET_ID.test(s.id)) {
      problems.add(
        `${at}.privateSubnets entry ${show(s.id)} is not a subnet ID; use the "subnet-..." ID`,
      );
    }
  }
  if (new Set(subnets.map((s) => s.id)).size !== subnets.length) {
    problems.add(`${at}.privateSubnets lists a subnet more than once; list each subnet once`);
  }
  const zones = new Set(subnets.map((s) => s.availabilityZone));
  if (subnets.length < 2) {
    problems.add(
      `${at}.privateSubnets has ${subnets.length} subnet(s): EKS needs at least two subnets in different zones; add a subnet`,
    );
  } else if (zones.size < 2) {
    problems.add(
      `${at}.privateSubnets are all in ${show([...zones][0])}: EKS needs subnets in at least two zones; ` +
        "add a subnet from another zone",
    );
  }
  return network;
}

function checkServiceCidr(
  serviceCidr: string,
  network: EnvironmentConfig["network"],
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
  const vpc: Cidr | undefined = network.kind === "new" ? parseCidr(network.vpcCidr) : undefined;
  if (vpc && (overlaps(vpc, service) || contains(vpc, service))) {
    problems.add(
      `${at}.serviceIpv4Cidr ${show(serviceCidr)} overlaps network.vpcCidr ${show(
        network.kind === "new" ? network.vpcCidr : "",
      )}: service IPs would shadow node and pod addresses; choose a service range outside the VPC`,
    );
  }
}

interface SystemNodeGroupSizes {
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly diskSizeGiB: number;
  readonly instanceTypes: readonly string[];
}

function checkSystemNodeGroup(
  group: SystemNodeGroupSizes,
  production: boolean,
  at: string,
  problems: Problems,
): void {
  checkScaling(group, at, problems);
  if (production && group.minSize < 2) {
    problems.add(
      `${at}.minSize ${group.minSize} is below 2 in a production environment: CoreDNS, the GPU Operator and the DRA ` +
        "controller would have a single node to run on; set minSize to 2 or more",
    );
  }
  if (group.instanceTypes.length === 0) {
    problems.add(
      `${at}.instanceTypes is empty; list at least one x86_64 instance type such as "m7i.xlarge"`,
    );
  }
  if (!Number.isInteger(group.diskSizeGiB) || group.diskSizeGiB < 20) {
    problems.add(
      `${at}.diskSizeGiB ${show(group.diskSizeGiB)} is too small for the AL2023 image and container images; use 20 or more`,
    );
  }
}

/** The sharing strategies the environment's included examples ask the DRA driver for. */
function examplesSharing(examples: ResolvedExamples): SharingStrategy[] {
  return examples.include.flatMap((name) => EXAMPLE_SHARING[name] ?? []);
}

function resolveWaivers(
  config: EnvironmentConfig,
  at: string,
  problems: Problems,
): readonly PolicyWaiver[] {
  const waivers = config.policyWaivers ?? [];
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
