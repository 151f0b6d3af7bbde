/**
 * Settings of gang scheduling: Volcano starts every pod of a multi-node job together or none, on
 * the GPU node groups the environment gives it. Its team queues take their quotas from the same
 * team settings as Kueue's (lib/queueing/settings.ts); each node group is Kueue's or Volcano's.
 */
import type { ChartConfig, ChartPin } from "../helm/chart-pin";

export interface VolcanoConfig {
  /**
   * GPU node groups (by name) whose devices Volcano schedules. Kueue stops queueing for them, so
   * each device is counted by one of the two, and Volcano places pods only on these groups.
   */
  readonly nodeGroups: readonly string[];
  readonly chart?: ChartConfig;
}

export interface ResolvedVolcano {
  readonly chart: ChartPin;
  readonly nodeGroups: readonly string[];
}
