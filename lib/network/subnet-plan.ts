import { formatCidr, parseCidr, subnet } from "./cidr";
import type { PlannedSubnet } from "./settings";

/**
 * Private subnets get an eighth of the VPC each (a /19 in a /16): nodes and, with the VPC CNI,
 * every pod take addresses from them. Public subnets only hold NAT gateways and load balancers,
 * so they get a thirty-second each, from the last quarter of the range.
 */
const PRIVATE_NEW_BITS = 3;
const PUBLIC_NEW_BITS = 5;
const PUBLIC_FIRST_NETNUM = 24;

/** Private /+3 blocks 0-5 are free (public subnets start in block 6); zones take the first three. */
export const MAX_NODE_ONLY_ZONES = 3;

export interface SubnetPlan {
  readonly privateSubnets: readonly PlannedSubnet[];
  readonly publicSubnets: readonly PlannedSubnet[];
  readonly nodeOnlySubnets: readonly PlannedSubnet[];
}

/**
 * Splits a validated VPC CIDR into one private and one public subnet per zone, plus a private
 * subnet for each node-only zone.
 */
export function planSubnets(
  vpcCidr: string,
  zones: readonly string[],
  nodeOnlyZones: readonly string[] = [],
): SubnetPlan {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new RangeError(`planSubnets needs a valid CIDR, got ${vpcCidr}`);
  return {
    nodeOnlySubnets: nodeOnlyZones.map((availabilityZone, i) => ({
      availabilityZone,
      cidr: formatCidr(subnet(vpc, PRIVATE_NEW_BITS, zones.length + i)),
    })),
    privateSubnets: zones.map((availabilityZone, i) => ({
      availabilityZone,
      cidr: formatCidr(subnet(vpc, PRIVATE_NEW_BITS, i)),
    })),
    publicSubnets: zones.map((availabilityZone, i) => ({
      availabilityZone,
      cidr: formatCidr(subnet(vpc, PUBLIC_NEW_BITS, PUBLIC_FIRST_NETNUM + i)),
    })),
  };
}
