/**
 * What Kueue counts: the DeviceClasses the environment's node groups offer, mapped to quota
 * resources, and what each GPU node group can hold of every resource a ClusterQueue covers.
 *
 * Source: kubernetes-sigs/kueue v0.19.2 apis/config/v1beta2/configuration_types.go
 * (DeviceClassMapping) and pkg/dra/claims.go (each requested device counts one, a MIG device too).
 */
import { BLUEPRINT_PREFIX } from "../nodes/labels";
import { DEVICE_CLASSES as NVIDIA_DEVICE_CLASSES } from "../nvidia/device-classes";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";

/** The DeviceClasses workloads claim, by the kind of device each quota counts. */
export const DEVICE_CLASSES = {
  gpu: NVIDIA_DEVICE_CLASSES.gpu,
  mig: NVIDIA_DEVICE_CLASSES.mig,
  imexChannel: NVIDIA_DEVICE_CLASSES.computeDomainChannel,
} as const;

type DeviceKind = keyof typeof DEVICE_CLASSES;

/**
 * Quota resources. DRA devices get names under the blueprint's prefix (a mapping name must not be
 * a DeviceClass name, and `nvidia.com/gpu` is the device plugin's extended resource).
 */
export const QUOTA_RESOURCES = {
  cpu: "cpu",
  memory: "memory",
  gpu: `${BLUEPRINT_PREFIX}/gpu`,
  mig: `${BLUEPRINT_PREFIX}/mig`,
  imexChannel: `${BLUEPRINT_PREFIX}/imex-channel`,
  devicePluginGpu: "nvidia.com/gpu",
} as const;

/** The order resources appear in a ClusterQueue. */
const RESOURCE_ORDER: readonly string[] = Object.values(QUOTA_RESOURCES);

export interface DeviceClassMapping {
  readonly name: string;
  readonly deviceClassNames: readonly string[];
}

/** MIG devices per node: the layout's devices on every GPU; 0 without MIG or with MIG off. */
function migDevicesPerNode(group: ResolvedGpuNodeGroup): number {
  const perGpu = Object.values(group.mig?.layout ?? {}).reduce((sum, n) => sum + n, 0);
  return perGpu * group.instance.gpusPerInstance;
}

/** Device kinds whose DeviceClass a group's pods claim. */
function deviceKinds(group: ResolvedGpuNodeGroup): DeviceKind[] {
  const kinds: DeviceKind[] = [];
  if (group.allocation === "dra") kinds.push(migDevicesPerNode(group) > 0 ? "mig" : "gpu");
  if (group.computeDomains) kinds.push("imexChannel");
  return kinds;
}

/**
 * One mapping per DeviceClass some node group offers. Kueue marks a workload inadmissible when it
 * claims a DeviceClass no mapping names, so every class the groups offer is mapped.
 */
export function deviceClassMappings(groups: readonly ResolvedGpuNodeGroup[]): DeviceClassMapping[] {
  const offered = new Set(groups.flatMap(deviceKinds));
  return (Object.keys(DEVICE_CLASSES) as DeviceKind[])
    .filter((kind) => offered.has(kind))
    .map((kind) => ({ name: QUOTA_RESOURCES[kind], deviceClassNames: [DEVICE_CLASSES[kind]] }));
}

/** The device resource team quotas on a group are counted in, and how many one node holds. */
export function deviceResource(group: ResolvedGpuNodeGroup): { name: string; perNode: number } {
  const gpus = group.instance.gpusPerInstance;
  if (group.allocation === "device-plugin")
    return { name: QUOTA_RESOURCES.devicePluginGpu, perNode: gpus };
  const mig = migDevicesPerNode(group);
  return mig > 0
    ? { name: QUOTA_RESOURCES.mig, perNode: mig }
    : { name: QUOTA_RESOURCES.gpu, perNode: gpus };
}

/** Devices the whole group holds at its maximum size. */
export function groupDevices(group: ResolvedGpuNodeGroup): number {
  return deviceResource(group).perNode * group.maxSize;
}

/**
 * A team's nominal quota on one group, by resource, for holding `devices` of its `total`: the
 * devices themselves, an IMEX channel per device (a pod with a channel takes at least one GPU),
 * and the same share of the nodes' CPUs (millicores) and memory (MiB). Every quantity is a string,
 * so each quota in the rendered manifest has one type.
 */
export function teamQuota(
  group: ResolvedGpuNodeGroup,
  devices: number,
): Readonly<Record<string, string>> {
  const { millicores, mebibytes } = teamShare(group, devices);
  return {
    [QUOTA_RESOURCES.cpu]: millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`,
    [QUOTA_RESOURCES.memory]: mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`,
    [deviceResource(group).name]: String(devices),
    ...(group.computeDomains ? { [QUOTA_RESOURCES.imexChannel]: String(devices) } : {}),
  };
}

/** The CPUs (millicores) and memory (MiB) of a group's nodes that go with `devices` of its devices. */
export function teamShare(
  group: ResolvedGpuNodeGroup,
  devices: number,
): { readonly millicores: number; readonly mebibytes: number } {
  const total = groupDevices(group);
  const share = total === 0 ? 0 : devices / total;
  const nodes = group.maxSize;
  return {
    millicores: Math.floor(group.instance.vcpus * 1000 * nodes * share),
    mebibytes: Math.floor(group.instance.memoryGiB * 1024 * nodes * share),
  };
}

/** The resources a ClusterQueue over these groups covers, in a fixed order. */
export function coveredResources(groups: readonly ResolvedGpuNodeGroup[]): string[] {
  const names = new Set(groups.flatMap((g) => Object.keys(teamQuota(g, 0))));
  return RESOURCE_ORDER.filter((name) => names.has(name));
}
