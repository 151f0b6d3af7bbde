/**
 * Volcano's scheduler configuration (the chart's `custom.scheduler_config_override`, which replaces
 * config/volcano-scheduler.conf). Compared with the chart's default it swaps `proportion` for
 * `capacity` (the plugin that reads DRA quotas; the two conflict) and drops `overcommit`, as
 * docs/user-guide/how_to_use_capacity_plugin.md and how_to_use_dra_quota.md configure it, and adds
 * `nodegroup` so Volcano places pods only on the node groups the environment gives it.
 *
 * Source: volcano-sh/volcano v1.15.1 installer/helm/chart/volcano/config/volcano-scheduler.conf,
 * pkg/scheduler/plugins/{predicates,capacity,nodegroup}.
 */

export interface SchedulerPlugin {
  readonly name: string;
  readonly enablePreemptable?: boolean;
  readonly arguments?: Readonly<Record<string, boolean | string | number>>;
}

export interface SchedulerConfiguration {
  /** Comma-separated, in order. No `reclaim` or `preempt`: a running gang is never evicted in part. */
  readonly actions: string;
  readonly tiers: readonly { readonly plugins: readonly SchedulerPlugin[] }[];
}

export const SCHEDULER_ACTIONS = ["enqueue", "allocate", "backfill"] as const;

/** `consumableCapacity`: count consumable DRA capacity in queue quotas too (capacity plugin). */
export function schedulerConfiguration(
  options: { readonly consumableCapacity?: boolean } = {},
): SchedulerConfiguration {
  return {
    actions: SCHEDULER_ACTIONS.join(", "),
    tiers: [
      {
        plugins: [
          { name: "priority" },
          // A job starts when minAvailable of its pods fit, and is never preempted in part.
          { name: "gang", enablePreemptable: false },
          { name: "conformance" },
        ],
      },
      {
        plugins: [
          { name: "drf", enablePreemptable: false },
          // Read by 1.12-1.14; 1.15 follows the DynamicResourceAllocation gate alone (commit 88c3b476).
          { name: "predicates", arguments: { "predicate.DynamicResourceAllocationEnable": true } },
          // Counts deviceclass/<DeviceClass> keys of a Queue's capability.
          {
            name: "capacity",
            arguments: {
              "capacity.DynamicResourceAllocationEnable": true,
              ...(options.consumableCapacity
                ? { "capacity.DRAConsumableCapacityEnable": true }
                : {}),
            },
          },
          // Strict: a node without volcano.sh/nodegroup-name, or whose group the job's queue does not
          // name, is no fit. So Volcano never places a pod on Kueue's node groups or the system nodes.
          { name: "nodegroup", arguments: { strict: true } },
          { name: "nodeorder" },
          { name: "binpack" },
        ],
      },
    ],
  };
}
