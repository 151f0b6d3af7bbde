/**
 * Settings of GPU queueing: Kueue decides whose job runs first and how many GPUs each team holds;
 * DRA still decides which device a pod gets.
 */
import type { ChartConfig, ChartPin } from "../helm/chart-pin";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import type { VolcanoConfig } from "../volcano/settings";

export interface TeamConfig {
  /** DNS-safe and unique; the team's ClusterQueue is named after it. */
  readonly name: string;
  /** The namespace the team submits jobs in, created by the queues stack. @default the team's name */
  readonly namespace?: string;
  /**
   * Devices of each GPU node group (by group name) the team may hold without borrowing: GPUs, or
   * MIG devices on a group with a MIG layout. @default an even share of what each group can hold,
   * after the other teams' explicit numbers
   */
  readonly devices?: Readonly<Record<string, number>>;
}

export interface QueueingConfig {
  /** The teams that share the environment's GPUs; each gets a ClusterQueue and a LocalQueue. */
  readonly teams: readonly TeamConfig[];
  /**
   * How long an admitted job's pods may take to become ready before Kueue evicts and requeues it
   * (Kueue counts quota, not whether a device fits; GPU images are large). A Go duration. @default "10m"
   */
  readonly podsReadyTimeout?: string;
  readonly kueue?: ChartConfig;
  /**
   * Gang scheduling with Volcano (lib/volcano) on some of the GPU node groups, for the same teams.
   * Needs Kubernetes 1.34+. @default no Volcano
   */
  readonly volcano?: VolcanoConfig;
}

/** A quota resource a ClusterQueue covers, with what one node of a group offers of it. */
export interface QuotaResource {
  readonly name: string;
  /** Whole units (devices) or a Kubernetes quantity per node. */
  readonly perNode: number;
  readonly unit: "" | "m" | "Mi";
}

/** What one GPU node group offers a queue: its flavor's resources, and its devices in total. */
export interface GroupCapacity {
  readonly group: ResolvedGpuNodeGroup;
  /** The device resource team quotas are counted in (GPUs or MIG devices). */
  readonly deviceResource: string;
  /** Devices the whole group holds at maxSize. */
  readonly devices: number;
}

export interface ResolvedTeam {
  readonly name: string;
  readonly namespace: string;
  /** Devices per node group name, every GPU group present. */
  readonly devices: Readonly<Record<string, number>>;
}

export interface ResolvedQueueing {
  readonly kueue: ChartPin;
  readonly teams: readonly ResolvedTeam[];
  readonly podsReadyTimeout: string;
}

/** What the Kueue release and the queue objects are built from. A resolved environment is one. */
export interface QueueingInput {
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  readonly queueing?: ResolvedQueueing;
}
