/**
 * The devices the NVIDIA DRA driver's GPU kubelet plugin publishes in one node's ResourceSlice,
 * modelled from the GPU catalog, the node group's MIG layout and the consumable-shares mode.
 *
 * Source: kubernetes-sigs/dra-driver-nvidia-gpu at the main-branch commit of 2026-08-07 (chart
 * 0.5.0-dev, the line released as 0.5.0): cmd/gpu-kubelet-plugin/deviceinfo.go (GPU attributes
 * and `memory` capacity), mig.go (MIG attributes `profile`, `parentUUID`, inherited product
 * attributes), consumable_shares.go (allowMultipleAllocations and the memory/shares request
 * policies) and docs/resourceslice-attributes.md.
 *
 * What the model cannot know before a node exists: UUIDs (made up here, unique per GPU), the exact
 * driver patch level of the AMI (modelled as 580.0.0, the lowest the 580 branch could report, so a
 * selector that demands a newer one fails here), and the memory NVML reports, which is a little
 * below the catalog's nominal figure (an L4 reports about 22.5 GiB of its 24 GB). MIG devices get
 * their memory slices' share of the nominal figure, and no engine counts (NVML reports those per
 * profile; no selector the blueprint ships reads them).
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { MIG_MEMORY_SLICES } from "../nodes/gpu-catalog";
import { GPU_DRIVER_NAME } from "../nvidia/device-classes";
import type { AttributeValue, CelDevice } from "./cel";
import { parseSemver } from "./semver";
import { parseQuantityNanos } from "./quantity";

/** The driver branch the EKS AL2023 NVIDIA AMI ships, and the CUDA version it supports. */
export const AMI_DRIVER_VERSION = "580.0.0";
export const AMI_CUDA_DRIVER_VERSION = "13.0.0";

/** `consumableShares` of the driver chart: by memory, unlimited, or N shares per device. */
export type ConsumableShares = "memory" | "unlimited" | number;

/** A capacity's request policy (resource.k8s.io/v1 CapacityRequestPolicy with a validRange). */
export interface RequestPolicy {
  readonly default: bigint;
  readonly min: bigint;
  readonly max: bigint;
  readonly step: bigint;
}

export interface Capacity {
  /** Whole units: bytes for memory, a count for shares. */
  readonly value: bigint;
  readonly requestPolicy?: RequestPolicy;
}

/** One entry of a ResourceSlice's `spec.devices`, with the driver's bare attribute names. */
export interface SliceDevice {
  readonly name: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly capacity: Readonly<Record<string, Capacity>>;
  readonly allowMultipleAllocations: boolean;
}

const GiB = 1n << 30n;
const MiB = 1n << 20n;

function gpuAttributes(group: ResolvedGpuNodeGroup): Record<string, AttributeValue> {
  const version = (text: string) => ({ version: parseSemver(text)! });
  return {
    productName: { string: group.gpu.productName },
    brand: { string: "Nvidia" },
    architecture: { string: group.gpu.architecture },
    cudaComputeCapability: version(group.gpu.cudaComputeCapability),
    driverVersion: version(AMI_DRIVER_VERSION),
    cudaDriverVersion: version(AMI_CUDA_DRIVER_VERSION),
  };
}

/** The driver rounds memory down to whole MiB and adds the policy of the shares mode. */
function shared(device: SliceDevice, shares: ConsumableShares | undefined): SliceDevice {
  if (shares === undefined) return device;
  const memory = (device.capacity.memory.value / MiB) * MiB;
  const capacity: Record<string, Capacity> = {
    ...device.capacity,
    memory: {
      value: memory,
      requestPolicy:
        shares === "memory"
          ? { default: memory, min: MiB, max: memory, step: MiB }
          : { default: 0n, min: 0n, max: memory, step: MiB },
    },
  };
  if (typeof shares === "number") {
    const n = BigInt(shares);
    capacity.shares = { value: n, requestPolicy: { default: 1n, min: 1n, max: n, step: 1n } };
  }
  return { ...device, capacity, allowMultipleAllocations: true };
}

/**
 * The devices one node of the group publishes: a full GPU each, or, where a MIG layout splits
 * them, the layout's MIG devices on every GPU. Empty where the DRA GPU plugin does not run.
 */
export function nodeDevices(
  group: ResolvedGpuNodeGroup,
  publishesGpus: boolean,
  shares?: ConsumableShares,
): SliceDevice[] {
  if (!publishesGpus) return [];
  const gpus = Array.from({ length: group.instance.gpusPerInstance }, (_, i) => i);
  const layout = group.mig?.layout ?? {};
  const perSlice = (BigInt(group.gpu.memoryGiB) * GiB) / BigInt(MIG_MEMORY_SLICES);
  const devices = gpus.flatMap((i): SliceDevice[] => {
    const uuid = `GPU-${group.name}-${i}`;
    if (Object.keys(layout).length === 0) {
      return [
        {
          name: `gpu-${i}`,
          attributes: { type: { string: "gpu" }, uuid: { string: uuid }, ...gpuAttributes(group) },
          capacity: { memory: { value: BigInt(group.gpu.memoryGiB) * GiB } },
          allowMultipleAllocations: false,
        },
      ];
    }
    return group.gpu.migProfiles.flatMap((profile) =>
      Array.from({ length: layout[profile.name] ?? 0 }, (_, k) => ({
        name: `gpu-${i}-mig-${profile.name.replace(".", "")}-${k}`,
        attributes: {
          type: { string: "mig" },
          uuid: { string: `MIG-${group.name}-${i}-${profile.name}-${k}` },
          parentUUID: { string: uuid },
          profile: { string: profile.name },
          ...gpuAttributes(group),
        },
        capacity: {
          memory: { value: perSlice * BigInt(profile.memorySlices) },
        },
        allowMultipleAllocations: false,
      })),
    );
  });
  return devices.map((d) => shared(d, shares));
}

/** A device as CEL selectors see it: bare names under the driver's domain, capacity in nano-units. */
export function celDevice(device: SliceDevice, driver = GPU_DRIVER_NAME): CelDevice {
  const byDomain = <T, U>(entries: Readonly<Record<string, T>>, f: (v: T) => U) => {
    const out = new Map<string, Map<string, U>>();
    for (const [name, value] of Object.entries(entries)) {
      const slash = name.lastIndexOf("/");
      const [domain, id] =
        slash < 0 ? [driver, name] : [name.slice(0, slash), name.slice(slash + 1)];
      if (!out.has(domain)) out.set(domain, new Map());
      out.get(domain)!.set(id, f(value));
    }
    return out;
  };
  return {
    driver,
    allowMultipleAllocations: device.allowMultipleAllocations,
    attributes: byDomain(device.attributes, (v) => v),
    capacity: byDomain(device.capacity, (c) => parseQuantityNanos(String(c.value))!),
  };
}
