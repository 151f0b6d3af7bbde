/** Checks the network settings of one environment and plans the subnets of a new VPC. */
import { availabilityZoneRange, isAvailabilityZoneOf, isCommercialRegion } from "./regions";
import { show, type Problems } from "../errors";
import { isPrivate, parseCidr } from "./cidr";
import type {
  ExistingVpcNetworkConfig,
  NetworkConfig,
  NewVpcNetworkConfig,
  ResolvedNetwork,
} from "./settings";
import { MAX_NODE_ONLY_ZONES, planSubnets } from "./subnet-plan";

const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;

export interface NetworkInput {
  readonly network: NetworkConfig;
  readonly region: string;
  /** Production environments log their VPC's flows unless `network.flowLogs` says otherwise. */
  readonly production: boolean;
  /** Each Capacity Block zone, mapped to the setting path of the group that needs it. */
  readonly blockZones: ReadonlyMap<string, string>;
}

/**
 * `blockZones` maps each Capacity Block zone to the group that needs it. A new VPC gets a node-only
 * subnet in a block zone it does not span; an existing VPC must already have one.
 */
export function resolveNetwork(
  input: NetworkInput,
  at: string,
  problems: Problems,
): ResolvedNetwork {
  const { network, region, blockZones, production } = input;
  if (network.kind === "new") {
    const nodeOnlyZones = [...blockZones.keys()].filter(
      (z) => !network.availabilityZones.includes(z),
    );
    if (nodeOnlyZones.length > MAX_NODE_ONLY_ZONES) {
      problems.add(
        `${at}.gpuNodeGroups reserve Capacity Blocks in ${show(nodeOnlyZones)}, outside network.availabilityZones; ` +
          `the subnet plan has room for ${MAX_NODE_ONLY_ZONES} such zones; add the zones to network.availabilityZones`,
      );
      return resolveNewVpc(network, region, [], production, `${at}.network`, problems);
    }
    return resolveNewVpc(network, region, nodeOnlyZones, production, `${at}.network`, problems);
  }
  const existing = checkExistingVpc(network, region, `${at}.network`, problems);
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
  production: boolean,
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
    if (isCommercialRegion(region) && !isAvailabilityZoneOf(zone, region)) {
      problems.add(
        `${at}.availabilityZones entry ${show(zone)} is not a zone of region ${show(region)}, whose Availability Zones ` +
          `are named ${availabilityZoneRange(region)}; use one of those your account has (aws ec2 ` +
          "describe-availability-zones lists them)",
      );
      valid = false;
    }
  }
  const plan = valid
    ? planSubnets(network.vpcCidr, zones, nodeOnlyZones)
    : { privateSubnets: [], publicSubnets: [], nodeOnlySubnets: [] };
  const flowLogs = network.flowLogs ?? production;
  return { kind: "new", vpcCidr: network.vpcCidr, natGateways, flowLogs, ...plan };
}

function checkExistingVpc(
  network: ExistingVpcNetworkConfig,
  region: string,
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
  for (const s of subnets) {
    if (isCommercialRegion(region) && !isAvailabilityZoneOf(s.availabilityZone, region)) {
      problems.add(
        `${at}.privateSubnets entry ${show(s.id)} has availabilityZone ${show(s.availabilityZone)}, which is not an ` +
          `Availability Zone of region ${show(region)} (${availabilityZoneRange(region)}); use the subnet's zone as the ` +
          "VPC console shows it",
      );
    }
  }
  const repeated = [
    ...new Set(subnets.map((s) => s.id).filter((id, i, ids) => ids.indexOf(id) !== i)),
  ];
  if (repeated.length > 0) {
    problems.add(
      `${at}.privateSubnets lists ${repeated.map((id) => show(id)).join(", ")} more than once; list each subnet once`,
    );
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
