/**
 * The MIG manager's configuration (the mig-parted format), generated from the node groups: one
 * entry per layout a node group names, so every `nvidia.com/mig.config` label the blueprint
 * writes resolves to a layout that fits that GPU.
 */
import type { ResolvedGpuNodeGroup } from "../environment";
import { show, type Problems } from "../errors";
import { MIG_DISABLED_LAYOUT, type MigLayout } from "../nodes/mig-layouts";

export interface MigPartedEntry {
  readonly devices: "all";
  readonly "mig-enabled": boolean;
  readonly "mig-devices"?: MigLayout;
}

export interface MigPartedConfig {
  readonly version: "v1";
  readonly "mig-configs": Readonly<Record<string, readonly MigPartedEntry[]>>;
}

export const MIG_CONFIG_MAP_NAME = "blueprint-mig-parted-config";

/** Node groups that split their GPUs with MIG. */
export function migGroups(groups: readonly ResolvedGpuNodeGroup[]): ResolvedGpuNodeGroup[] {
  return groups.filter((g) => g.mig !== undefined);
}

/**
 * One layout name must mean the same devices on every node that carries it: `all-1g.10gb` is four
 * devices on an A100 40 GB and seven on an A100 80 GB, so two such groups cannot share the name.
 */
export function checkMigLayoutNames(
  groups: readonly ResolvedGpuNodeGroup[],
  at: string,
  problems: Problems,
): void {
  const seen = new Map<string, ResolvedGpuNodeGroup>();
  for (const group of migGroups(groups)) {
    const { layoutName, layout } = group.mig!;
    const first = seen.get(layoutName);
    if (first && JSON.stringify(first.mig!.layout) !== JSON.stringify(layout)) {
      problems.add(
        `${at}.gpuNodeGroups.${group.name}.migLayout ${show(layoutName)} means ${show(layout)} on ` +
          `${group.gpu.productName} but ${show(first.mig!.layout)} on ${first.gpu.productName} (group ` +
          `${first.name}); one MIG config cannot hold both, so declare a custom layout with its own name in migLayouts`,
      );
    }
    if (!first) seen.set(layoutName, group);
  }
}

/** The mig-parted document for the MIG manager's ConfigMap (`config.yaml`). */
export function migPartedConfig(groups: readonly ResolvedGpuNodeGroup[]): MigPartedConfig {
  const configs: Record<string, readonly MigPartedEntry[]> = {
    [MIG_DISABLED_LAYOUT]: [{ devices: "all", "mig-enabled": false }],
  };
  for (const group of migGroups(groups)) {
    const { layoutName, layout } = group.mig!;
    configs[layoutName] =
      Object.keys(layout).length === 0
        ? [{ devices: "all", "mig-enabled": false }]
        : [{ devices: "all", "mig-enabled": true, "mig-devices": layout }];
  }
  return { version: "v1", "mig-configs": configs };
}
