/** Settings of an environment's node groups: the system group and the GPU groups. */
import type { ExistingSubnet } from "../network/settings";
import type { GpuInstanceType, GpuInstanceTypeName, GpuModel, NvidiaAmiType } from "./gpu-catalog";

/** A MIG layout: profile name -> devices per GPU. */
export type MigLayout = Readonly<Record<string, number>>;

export interface SystemNodeGroupConfig {
  /** @default ["m7i.xlarge"] */
  readonly instanceTypes?: readonly string[];
  /** @default 2 */
  readonly minSize?: number;
  /** @default 2 */
  readonly desiredSize?: number;
  /** @default 4 */
  readonly maxSize?: number;
  /** Root volume (gp3, encrypted). @default 50 */
  readonly diskSizeGiB?: number;
}

/**
 * Who hands a node's GPUs to pods.
 * - `dra`: the NVIDIA DRA driver; pods ask through ResourceClaims.
 * - `device-plugin`: the classic `nvidia.com/gpu` extended resource from the standalone NVIDIA
 *   device plugin.
 * Synth proves from the rendered selectors that exactly one of them runs on the group's nodes
 * (lib/nvidia/placement.ts), so no GPU is ever offered twice.
 */
export type GpuAllocation = "dra" | "device-plugin";

export type GpuCapacityType = "ON_DEMAND" | "CAPACITY_BLOCK";

export interface GpuNodeGroupConfig {
  /** DNS-safe and unique in the environment; the node group and its labels carry it. */
  readonly name: string;
  /** One of the catalog's GPU instance types (lib/nodes/gpu-catalog.ts). */
  readonly instanceType: string;
  /** `ON_DEMAND`, or `CAPACITY_BLOCK` for a purchased EC2 Capacity Block for ML. */
  readonly capacityType: GpuCapacityType;
  /**
   * CAPACITY_BLOCK only: the reservation (`cr-` and 17 hex digits). The blueprint never buys one.
   * Without it the group is left out and synth prints a warning.
   */
  readonly capacityReservationId?: string;
  /** CAPACITY_BLOCK only: the reservation's zone; the group's subnets are limited to it. */
  readonly capacityReservationAz?: string;
  /**
   * CAPACITY_BLOCK only: declares that the group has no node (scaled to zero by hand, or its block
   * has ended). A Capacity Block group keeps its Kubernetes version and launch template while this
   * is false, so a cluster upgrade or template change never rolls the block's nodes in place (a
   * block has no spare instance for the surge node); with it true the next deploy moves the group
   * to the cluster's version and template. Remove it after that deploy. @default false
   */
  readonly scaledToZero?: boolean;
  /** Subnets to launch into instead of the network's private subnets (in an existing VPC). */
  readonly subnets?: readonly ExistingSubnet[];
  readonly allocation: GpuAllocation;
  /**
   * Let workloads span nodes over multi-node NVLink through DRA ComputeDomains (IMEX). Only for
   * instance types with multi-node NVLink (P6e-GB200). @default false
   */
  readonly computeDomains?: boolean;
  /** A MIG layout name: a built-in `all-<profile>` / `all-disabled`, or one of the environment's `migLayouts`. */
  readonly migLayout?: string;
  /** @default the AL2023 NVIDIA AMI for the instance's architecture */
  readonly amiType?: string;
  /**
   * @default 1 for a DRA group on demand (the Cluster Autoscaler cannot scale it up from zero), 0
   * otherwise
   */
  readonly minSize?: number;
  /** @default minSize (a Capacity Block group is scaled up by hand when its reservation is active) */
  readonly desiredSize?: number;
  /** @default 2 on demand, 1 for a Capacity Block, 9 (one u-p6e-gb200x36) for P6e-GB200 */
  readonly maxSize?: number;
  /** @default 200 */
  readonly rootVolumeGiB?: number;
  /**
   * Extra node labels. Labels the blueprint manages (its own prefix, `nvidia.com/gpu.deploy.*`,
   * `nvidia.com/mig.config`) are refused: they decide which GPU stack owns the node. @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

export type ResolvedCapacity =
  | { readonly kind: "on-demand" }
  | {
      readonly kind: "capacity-block";
      readonly reservationId: string;
      readonly availabilityZone: string;
      /** The group is declared empty: its version and launch template may follow the cluster. */
      readonly scaledToZero: boolean;
    };

export interface ResolvedGpuNodeGroup {
  readonly name: string;
  readonly instanceType: GpuInstanceTypeName;
  readonly instance: GpuInstanceType;
  readonly gpu: GpuModel;
  readonly amiType: NvidiaAmiType;
  readonly capacity: ResolvedCapacity;
  /** Explicit subnets; otherwise the network's private subnets (in the reservation's zone). */
  readonly subnets?: readonly ExistingSubnet[];
  readonly allocation: GpuAllocation;
  readonly computeDomains: boolean;
  readonly mig?: { readonly layoutName: string; readonly layout: MigLayout };
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly rootVolumeGiB: number;
  readonly labels: Readonly<Record<string, string>>;
}
