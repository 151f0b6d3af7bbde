/**
 * The MIG manager's configuration (the mig-parted format), generated from the node groups: one
 * entry per layout a node group names, so every `nvidia.com/mig.config` label the blueprint
 * writes resolves to a layout that fits that GPU.
 */
import type { MigLayout, ResolvedGpuNodeGroup } from "../nodes/settings";
import { MIG_DISABLED_LAYOUT, migGroups } from "../nodes/mig-layouts";

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
