/**
 * Checks the GPU node groups of one environment against the GPU catalog and fills in defaults.
 */
import type {
  GpuNodeGroupConfig,
  MigLayout,
  ResolvedCapacity,
  ResolvedGpuNodeGroup,
} from "./settings";
import { show, type Problems } from "../errors";
import { NAME_PATTERN, NAME_RULE, envVariable } from "../naming";
import {
  KNOWN_GPU_INSTANCE_TYPES,
  gpuInstance,
  gpuModelOf,
  isKnownGpuInstanceType,
  migCapableInstanceTypes,
  nvidiaAmiType,
  type GpuInstanceTypeName,
} from "./gpu-catalog";
import { isManagedLabel } from "./labels";
import { builtInLayouts, checkLayout } from "./mig-layouts";
import { GP3_MAX_GIB, checkScaling } from "./scaling";
import { labelKeyProblem, labelValueProblem } from "./label-rules";
import { P6E_GB200_ZONES, isCommercialRegion, isZoneOf } from "../network/regions";

const RESERVATION_ID = /^cr-[0-9a-f]{17}$/;
/** The system node group's name; GPU groups cannot take it. */
const RESERVED_NAMES = ["system"];

export interface GpuNodeGroupsResult {
  readonly groups: readonly ResolvedGpuNodeGroup[];
  readonly warnings: readonly string[];
}

export interface GpuNodeGroupsInput {
  readonly environmentName: string;
  readonly region: string;
  readonly configs: readonly GpuNodeGroupConfig[];
  readonly migLayouts: Readonly<Record<string, MigLayout>>;
}

export function resolveGpuNodeGroups(
  input: GpuNodeGroupsInput,
  problems: Problems,
): GpuNodeGroupsResult {
  const { environmentName, configs } = input;
  const groups: ResolvedGpuNodeGroup[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const reservations = new Map<string, string>();
  for (const [index, config] of configs.entries()) {
    const label = config.name === "" ? `[${index}]` : `.${config.name}`;
    const at = `environments.${environmentName}.gpuNodeGroups${label}`;
    if (seen.has(config.name)) {
      problems.add(
        `environments.${environmentName}.gpuNodeGroups name ${show(config.name)} is used twice: node group names must be ` +
          "unique in a cluster; rename one of them",
      );
    }
    seen.add(config.name);
    const reservation = config.capacityReservationId;
    const first = reservation === undefined ? undefined : reservations.get(reservation);
    if (first !== undefined) {
      problems.add(
        `${at}.capacityReservationId ${show(reservation)} is also given to group ${show(first)}: a Capacity Block's ` +
          "instances can be launched by one node group only, and two groups would compete for them; give each group its own reservation",
      );
    } else if (reservation !== undefined) reservations.set(reservation, config.name);
    const resolved = resolveGroup(config, at, input, problems);
    if (resolved === "skip") {
      const variable = envVariable(environmentName, config.name, "CAPACITY_RESERVATION");
      warnings.push(
        `${at} is left out: capacityType "CAPACITY_BLOCK" needs a capacityReservationId. After you purchase a ` +
          `Capacity Block, set ${variable}_ID and ${variable}_AZ, or write ` +
          "them into config/environments.ts, and synthesize again",
      );
    } else if (resolved) {
      groups.push(resolved);
    }
  }
  return { groups, warnings };
}

function resolveGroup(
  config: GpuNodeGroupConfig,
  at: string,
  input: GpuNodeGroupsInput,
  problems: Problems,
): ResolvedGpuNodeGroup | "skip" | undefined {
  const before = problems.all.length;
  if (!NAME_PATTERN.test(config.name) || RESERVED_NAMES.includes(config.name)) {
    problems.add(
      `${at}.name ${show(config.name)} is not a usable node group name: it becomes part of node labels and AWS ` +
        `resource names, and ${RESERVED_NAMES.map((n) => show(n)).join(", ")} is taken; ${NAME_RULE}`,
    );
  }
  if (!isKnownGpuInstanceType(config.instanceType)) {
    problems.add(
      `${at}.instanceType ${show(config.instanceType)} is not in the GPU catalog (lib/nodes/gpu-catalog.ts); use one of ` +
        KNOWN_GPU_INSTANCE_TYPES.join(", "),
    );
    return undefined;
  }
  const instanceType: GpuInstanceTypeName = config.instanceType;
  const instance = gpuInstance(instanceType);
  const gpu = gpuModelOf(instanceType);

  const capacity = resolveCapacity(config, instanceType, at, input.region, problems);

  const expectedAmi = nvidiaAmiType(instance.cpuArchitecture);
  const amiType = config.amiType ?? expectedAmi;
  if (amiType !== expectedAmi) {
    problems.add(
      `${at}.amiType ${show(amiType)} does not fit ${instanceType}, an ${instance.cpuArchitecture} instance with ` +
        `${gpu.productName} GPUs: its nodes need the drivers of ${show(expectedAmi)}; use that or leave amiType unset`,
    );
  }

  const computeDomains = config.computeDomains ?? false;
  if (computeDomains && !instance.multiNodeNvlink) {
    problems.add(
      `${at}.computeDomains is true, but ${instanceType} has no multi-node NVLink for a ComputeDomain to span; ` +
        "set it only on P6e-GB200 groups",
    );
  }

  const mig = resolveMig(config, instanceType, at, input.migLayouts, problems);

  const isBlock = config.capacityType === "CAPACITY_BLOCK";
  const defaultMax = instance.ultraServerSizes?.[0] ?? (isBlock ? 1 : 2);
  // A DRA group on demand keeps one node: the Cluster Autoscaler cannot bring it back from zero
  // (lib/autoscaling/node-groups.ts).
  const minSize = config.minSize ?? (config.allocation === "dra" && !isBlock ? 1 : 0);
  const sizes = {
    minSize,
    desiredSize: config.desiredSize ?? minSize,
    maxSize: config.maxSize ?? defaultMax,
  };
  checkScaling(sizes, at, problems);
  if (instance.ultraServerSizes && !instance.ultraServerSizes.includes(sizes.maxSize)) {
    problems.add(
      `${at}.maxSize ${sizes.maxSize} does not fit an UltraServer: ${instanceType} is sold as UltraServers of ` +
        `${instance.ultraServerSizes.join(" or ")} instances; set maxSize to the instance count of your reservation`,
    );
  }
  const rootVolumeGiB = config.rootVolumeGiB ?? 200;
  if (!Number.isInteger(rootVolumeGiB)) {
    problems.add(
      `${at}.rootVolumeGiB ${show(rootVolumeGiB)} is not a whole number of GiB, which EBS volume sizes are; use a ` +
        `whole number from 50 to ${GP3_MAX_GIB}, such as ${Math.max(50, Math.ceil(rootVolumeGiB))}`,
    );
  } else if (rootVolumeGiB < 50) {
    problems.add(
      `${at}.rootVolumeGiB ${show(rootVolumeGiB)} is too small for GPU container images; use 50 or more`,
    );
  } else if (rootVolumeGiB > GP3_MAX_GIB) {
    problems.add(
      `${at}.rootVolumeGiB ${show(rootVolumeGiB)} is larger than a gp3 volume can be (${GP3_MAX_GIB} GiB); use ` +
        `${GP3_MAX_GIB} or less, and the instance's NVMe storage for data`,
    );
  }
  if (config.subnets?.length === 0) {
    problems.add(
      `${at}.subnets is empty: the group would have no subnet to launch into; list its subnets or leave subnets unset ` +
        "to use the network's private subnets",
    );
  }
  for (const subnet of config.subnets ?? []) {
    if (isCommercialRegion(input.region) && !isZoneOf(subnet.availabilityZone, input.region)) {
      problems.add(
        `${at}.subnets entry ${show(subnet.id)} has availabilityZone ${show(subnet.availabilityZone)}, which ` +
          `${ZONE_RULE(input.region)}; use the subnet's zone as the VPC console shows it`,
      );
    }
  }

  const labels = config.labels ?? {};
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    const valueProblem = labelValueProblem(value);
    if (keyProblem) {
      problems.add(
        `${at}.labels key ${show(key)} is not a label the node can carry: ${keyProblem}; rename it`,
      );
    } else if (valueProblem) {
      problems.add(
        `${at}.labels ${show(key)} value ${show(value)} is not a valid label value: ${valueProblem}`,
      );
    } else if (isManagedLabel(key)) {
      problems.add(
        `${at}.labels sets ${show(key)}, which the blueprint manages from allocation, computeDomains and migLayout; ` +
          "remove it and use those settings",
      );
    }
  }

  if (problems.all.length > before) return undefined;
  if (capacity === "skip") return "skip";
  return {
    name: config.name,
    instanceType,
    instance,
    gpu,
    amiType: expectedAmi,
    capacity: capacity as ResolvedCapacity,
    ...(config.subnets ? { subnets: config.subnets } : {}),
    allocation: config.allocation,
    computeDomains,
    ...(mig ? { mig } : {}),
    ...sizes,
    rootVolumeGiB,
    labels,
  };
}

function resolveCapacity(
  config: GpuNodeGroupConfig,
  instanceType: GpuInstanceTypeName,
  at: string,
  region: string,
  problems: Problems,
): ResolvedCapacity | "skip" | undefined {
  const instance = gpuInstance(instanceType);
  const reservationId = config.capacityReservationId;
  const zone = config.capacityReservationAz;
  if (config.capacityType === "ON_DEMAND") {
    if (instance.capacityBlocks === "only") {
      problems.add(
        `${at}.capacityType "ON_DEMAND" cannot launch ${instanceType}: EC2 sells it only as Capacity Blocks for ML; ` +
          'set capacityType "CAPACITY_BLOCK" with the capacityReservationId and capacityReservationAz of your block',
      );
    }
    if (reservationId !== undefined || zone !== undefined) {
      problems.add(
        `${at} is ON_DEMAND but sets capacityReservationId or capacityReservationAz, which only Capacity Blocks use; ` +
          'remove them or set capacityType "CAPACITY_BLOCK"',
      );
    }
    if (config.scaledToZero !== undefined) {
      problems.add(
        `${at}.scaledToZero is set on an ON_DEMAND group, but only Capacity Block groups hold their version and ` +
          "launch template: an on-demand group rolls one node at a time with a surge node; remove it",
      );
    }
    return { kind: "on-demand" };
  }
  if (config.capacityType !== "CAPACITY_BLOCK") {
    problems.add(
      `${at}.capacityType ${show(config.capacityType)} is unknown; use "ON_DEMAND" or "CAPACITY_BLOCK"`,
    );
    return undefined;
  }
  if (instance.capacityBlocks === "never") {
    problems.add(
      `${at}.capacityType "CAPACITY_BLOCK" cannot be used with ${instanceType}: EC2 does not sell it as Capacity ` +
        'Blocks for ML; use capacityType "ON_DEMAND" or a P-family instance type',
    );
    return undefined;
  }
  if (reservationId === undefined) return "skip";
  if (!RESERVATION_ID.test(reservationId)) {
    problems.add(
      `${at}.capacityReservationId ${show(reservationId)} is not a capacity reservation ID; copy the "cr-" ` +
        "followed by 17 hex digits from the EC2 console's Capacity Reservations page",
    );
  }
  if (zone === undefined) {
    problems.add(
      `${at}.capacityReservationAz is missing: a Capacity Block lives in one zone and the group must launch there; ` +
        "set it to the reservation's zone",
    );
    return undefined;
  }
  if (instance.ultraServerSizes && !P6E_GB200_ZONES.includes(zone)) {
    problems.add(
      `${at}.capacityReservationAz ${show(zone)} cannot hold ${instanceType}: EC2 sells its UltraServer Capacity Blocks ` +
        `only in ${P6E_GB200_ZONES.map((z) => show(z)).join(", ")} (the Dallas Local Zone of us-east-1); use that zone and region`,
    );
  } else if (isCommercialRegion(region) && !isZoneOf(zone, region)) {
    problems.add(
      `${at}.capacityReservationAz ${show(zone)} ${ZONE_RULE(region)}; use the reservation's zone as the EC2 console ` +
        `shows it, such as "${region}a"`,
    );
  }
  const zones = new Set((config.subnets ?? []).map((s) => s.availabilityZone));
  if (zones.size > 1 || (zones.size === 1 && !zones.has(zone))) {
    problems.add(
      `${at}.subnets are in ${show([...zones])}, but a Capacity Block launches only in its zone ${show(zone)}; ` +
        "list subnets of that zone only",
    );
  }
  return {
    kind: "capacity-block",
    reservationId,
    availabilityZone: zone,
    scaledToZero: config.scaledToZero ?? false,
  };
}

function resolveMig(
  config: GpuNodeGroupConfig,
  instanceType: GpuInstanceTypeName,
  at: string,
  custom: Readonly<Record<string, MigLayout>>,
  problems: Problems,
): ResolvedGpuNodeGroup["mig"] {
  const name = config.migLayout;
  if (name === undefined) return undefined;
  const gpu = gpuModelOf(instanceType);
  if (gpu.migProfiles.length === 0) {
    problems.add(
      `${at}.migLayout ${show(name)} cannot be used: ${instanceType} has ${gpu.productName} GPUs, which do not ` +
        `support MIG on the EKS AMI; use ${migCapableInstanceTypes().join(", ")} or remove migLayout`,
    );
    return undefined;
  }
  const builtIn = builtInLayouts(gpu);
  const layout = custom[name] ?? builtIn[name];
  if (!layout) {
    problems.add(
      `${at}.migLayout ${show(name)} is not in the MIG config the blueprint generates (the environment's ` +
        "migLayouts and the built-in layouts); declare it in migLayouts or use one of " +
        Object.keys({ ...builtIn, ...custom }).join(", "),
    );
    return undefined;
  }
  return checkLayout(layout, gpu, `${at}.migLayout ${show(name)}`, problems)
    ? { layoutName: name, layout }
    : undefined;
}

const ZONE_RULE = (region: string) =>
  `is neither an Availability Zone of region ${show(region)} nor one of its Local Zones listed in lib/network/regions.ts`;
