/**
 * Facts about the GPU instances the blueprint provisions. Validation, node group shape, labels,
 * MIG configuration and examples all read them from here.
 *
 * Sources: Amazon EC2 accelerated computing instance specifications; EC2 user guide "Elastic Fabric
 * Adapter" (network cards); NVIDIA MIG user guide (supported profiles); EKS user guide
 * (AMI types, P6e-GB200 UltraServers); NVIDIA "CUDA GPUs" compute capability table. Checked November 2026.
 */

export type CpuArchitecture = "x86_64" | "arm64";
export type NvidiaAmiType = "AL2023_x86_64_NVIDIA" | "AL2023_ARM_64_NVIDIA";

/** One MIG profile: its share of a GPU's 7 compute slices and 8 memory slices. */
export interface MigProfile {
  readonly name: string;
  readonly computeSlices: number;
  readonly memorySlices: number;
}

export const MIG_COMPUTE_SLICES = 7;
export const MIG_MEMORY_SLICES = 8;

export interface GpuModel {
  /** The product name the driver reports (`productName` device attribute). */
  readonly productName: string;
  readonly memoryGiB: number;
  readonly architecture: string;
  /** CUDA compute capability (`cudaComputeCapability` device attribute, a version). */
  readonly cudaComputeCapability: string;
  /** MIG profiles available on the EKS AMI; empty when MIG is unsupported or unavailable there. */
  readonly migProfiles: readonly MigProfile[];
}

const mig = (name: string, computeSlices: number, memorySlices: number): MigProfile => ({
  name,
  computeSlices,
  memorySlices,
});

/** The 80 GB A100 and the H100 offer the same MIG profiles. */
const MIG_PROFILES_80GB: readonly MigProfile[] = [
  mig("1g.10gb", 1, 1),
  mig("1g.20gb", 1, 2),
  mig("2g.20gb", 2, 2),
  mig("3g.40gb", 3, 4),
  mig("4g.40gb", 4, 4),
  mig("7g.80gb", 7, 8),
];

export const GPU_MODELS = {
  L4: {
    productName: "NVIDIA L4",
    memoryGiB: 24,
    architecture: "Ada Lovelace",
    cudaComputeCapability: "8.9.0",
    migProfiles: [],
  },
  "A100-40GB": {
    productName: "NVIDIA A100-SXM4-40GB",
    memoryGiB: 40,
    architecture: "Ampere",
    cudaComputeCapability: "8.0.0",
    migProfiles: [
      mig("1g.5gb", 1, 1),
      mig("1g.10gb", 1, 2),
      mig("2g.10gb", 2, 2),
      mig("3g.20gb", 3, 4),
      mig("4g.20gb", 4, 4),
      mig("7g.40gb", 7, 8),
    ],
  },
  "A100-80GB": {
    productName: "NVIDIA A100-SXM4-80GB",
    memoryGiB: 80,
    architecture: "Ampere",
    cudaComputeCapability: "8.0.0",
    migProfiles: MIG_PROFILES_80GB,
  },
  "H100-80GB": {
    productName: "NVIDIA H100 80GB HBM3",
    memoryGiB: 80,
    architecture: "Hopper",
    cudaComputeCapability: "9.0.0",
    migProfiles: MIG_PROFILES_80GB,
  },
  // The 580 driver on the EKS AMI turns on coherent driver-managed memory (CDMM) on Grace
  // Blackwell, which disables MIG there.
  GB200: {
    productName: "NVIDIA GB200",
    memoryGiB: 185,
    architecture: "Blackwell",
    cudaComputeCapability: "10.0.0",
    migProfiles: [],
  },
} as const satisfies Record<string, GpuModel>;

export type GpuModelName = keyof typeof GPU_MODELS;

export interface GpuInstanceType {
  readonly gpu: GpuModelName;
  readonly gpusPerInstance: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly cpuArchitecture: CpuArchitecture;
  /** Whether EC2 Capacity Blocks for ML sell the type: `only` there, `also` there, or `never`. */
  readonly capacityBlocks: "only" | "also" | "never";
  /**
   * The network cards that get an EFA-only interface, one each, for GPU-to-GPU traffic between
   * nodes. Empty for single-card G6 sizes, where the blueprint leaves EFA off. On P4d and P5 every
   * card carries EFA; on P6e-GB200 AWS recommends cards 1, 5, 9 and 13 (one 400 Gbps EFA per GPU),
   * with card 0 left to the node's ENA interface.
   */
  readonly efaNetworkCards: readonly number[];
  /** Local NVMe instance-store disks (0 for none); nodeadm stripes them with RAID0. */
  readonly nvmeDisks: number;
  /** Multi-node NVLink (IMEX) domains, which DRA ComputeDomains expose to workloads. */
  readonly multiNodeNvlink: boolean;
  /** Instances per UltraServer, for types sold only as UltraServers. */
  readonly ultraServerSizes?: readonly number[];
}

const g6 = (
  gpusPerInstance: number,
  vcpus: number,
  memoryGiB: number,
  nvmeDisks: number,
): GpuInstanceType => ({
  gpu: "L4",
  gpusPerInstance,
  vcpus,
  memoryGiB,
  cpuArchitecture: "x86_64",
  capacityBlocks: "never",
  efaNetworkCards: [],
  nvmeDisks,
  multiNodeNvlink: false,
});

export const GPU_INSTANCE_TYPES = {
  "g6.xlarge": g6(1, 4, 16, 1),
  "g6.2xlarge": g6(1, 8, 32, 1),
  "g6.4xlarge": g6(1, 16, 64, 1),
  "g6.8xlarge": g6(1, 32, 128, 2),
  "g6.16xlarge": g6(1, 64, 256, 2),
  "g6.12xlarge": g6(4, 48, 192, 4),
  "g6.24xlarge": g6(4, 96, 384, 4),
  "g6.48xlarge": g6(8, 192, 768, 8),
  "p4d.24xlarge": {
    gpu: "A100-40GB",
    gpusPerInstance: 8,
    vcpus: 96,
    memoryGiB: 1152,
    cpuArchitecture: "x86_64",
    capacityBlocks: "also",
    efaNetworkCards: [0, 1, 2, 3],
    nvmeDisks: 8,
    multiNodeNvlink: false,
  },
  "p4de.24xlarge": {
    gpu: "A100-80GB",
    gpusPerInstance: 8,
    vcpus: 96,
    memoryGiB: 1152,
    cpuArchitecture: "x86_64",
    capacityBlocks: "only",
    efaNetworkCards: [0, 1, 2, 3],
    nvmeDisks: 8,
    multiNodeNvlink: false,
  },
  "p5.48xlarge": {
    gpu: "H100-80GB",
    gpusPerInstance: 8,
    vcpus: 192,
    memoryGiB: 2048,
    cpuArchitecture: "x86_64",
    capacityBlocks: "also",
    efaNetworkCards: Array.from({ length: 32 }, (_, card) => card),
    nvmeDisks: 8,
    multiNodeNvlink: false,
  },
  "p6e-gb200.36xlarge": {
    gpu: "GB200",
    gpusPerInstance: 4,
    vcpus: 144,
    memoryGiB: 960,
    cpuArchitecture: "arm64",
    capacityBlocks: "only",
    efaNetworkCards: [1, 5, 9, 13],
    nvmeDisks: 4,
    multiNodeNvlink: true,
    ultraServerSizes: [9, 18],
  },
} as const satisfies Record<string, GpuInstanceType>;

export type GpuInstanceTypeName = keyof typeof GPU_INSTANCE_TYPES;

export const KNOWN_GPU_INSTANCE_TYPES = Object.keys(
  GPU_INSTANCE_TYPES,
) as readonly GpuInstanceTypeName[];

export function isKnownGpuInstanceType(name: string): name is GpuInstanceTypeName {
  return Object.prototype.hasOwnProperty.call(GPU_INSTANCE_TYPES, name);
}

export function gpuInstance(name: GpuInstanceTypeName): GpuInstanceType {
  return GPU_INSTANCE_TYPES[name];
}

export function gpuModelOf(name: GpuInstanceTypeName): GpuModel {
  return GPU_MODELS[GPU_INSTANCE_TYPES[name].gpu];
}

/** The EKS AL2023 NVIDIA AMI type for an architecture. */
export function nvidiaAmiType(architecture: CpuArchitecture): NvidiaAmiType {
  return architecture === "arm64" ? "AL2023_ARM_64_NVIDIA" : "AL2023_x86_64_NVIDIA";
}

/** Instance types whose GPUs support MIG on the EKS AMI. */
export function migCapableInstanceTypes(): GpuInstanceTypeName[] {
  return KNOWN_GPU_INSTANCE_TYPES.filter((name) => gpuModelOf(name).migProfiles.length > 0);
}

/** Instance types with multi-node NVLink, where DRA ComputeDomains can span nodes. */
export function multiNodeNvlinkInstanceTypes(): GpuInstanceTypeName[] {
  return KNOWN_GPU_INSTANCE_TYPES.filter((name) => GPU_INSTANCE_TYPES[name].multiNodeNvlink);
}

/** Whether the group's instances get EFA interfaces: the multi-card types built for multi-node work. */
export function usesEfa(instance: GpuInstanceType): boolean {
  return instance.efaNetworkCards.length > 0;
}
