/**
 * Values for the NVIDIA GPU Operator chart on EKS AL2023 NVIDIA nodes. Keys are checked against
 * the pinned chart's values.yaml by test/platform.test.ts.
 */
import { dcgmExporterValues, type DcgmExporterValues } from "./dcgm-exporter";
import { GPU_TOLERATION, SYSTEM_NODE_SELECTOR } from "../nodes/labels";
import { MIG_DISABLED_LAYOUT, migGroups } from "../nodes/mig-layouts";
import { MIG_CONFIG_MAP_NAME, migPartedConfig } from "./mig-manager-config";
import { MIG_MANAGER_REBOOT_ENV, type EnvVar } from "./mig-state";
import { toYaml } from "../yaml";
import type { Toleration } from "../kubernetes";
import type { NvidiaPlatformInput } from "./settings";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";

export interface GpuOperatorValues {
  readonly operator: { readonly nodeSelector: Readonly<Record<string, string>> };
  readonly driver: { readonly enabled: false };
  readonly toolkit: { readonly enabled: false };
  readonly nfd: { readonly enabled: true };
  readonly gfd: { readonly enabled: true };
  readonly dcgmExporter: DcgmExporterValues;
  readonly devicePlugin: { readonly enabled: false };
  readonly mig: { readonly strategy: MigStrategy };
  readonly migManager:
    | { readonly enabled: false }
    | {
        readonly enabled: true;
        /** `WITH_REBOOT=true`: turning MIG mode on needs a reboot on EKS (mig-state.ts). */
        readonly env: readonly EnvVar[];
        readonly config: {
          readonly create: true;
          readonly name: string;
          readonly default: string;
          readonly data: { readonly "config.yaml": string };
        };
      };
  readonly daemonsets: { readonly tolerations: readonly Toleration[] };
  readonly "node-feature-discovery": {
    readonly worker: { readonly tolerations: readonly Toleration[] };
  };
}

/**
 * How GPU Feature Discovery and the device plugin name MIG devices. `single` labels a node whose
 * GPUs carry more than one profile `<model>-MIG-INVALID` with `gpu.count=0`, so any MIG layout
 * needs `mixed` (each profile its own resource, `nvidia.com/mig-1g.5gb`). DRA has no strategy.
 * Source: NVIDIA/k8s-device-plugin internal/lm/mig-strategy.go (v0.20.0).
 */
export type MigStrategy = "single" | "mixed";

export function migStrategy(groups: readonly ResolvedGpuNodeGroup[]): MigStrategy {
  return migGroups(groups).length > 0 ? "mixed" : "single";
}

export function gpuOperatorValues(platform: NvidiaPlatformInput): GpuOperatorValues {
  const groups = platform.gpuNodeGroups;
  const withMig = migGroups(groups);
  return {
    operator: { nodeSelector: SYSTEM_NODE_SELECTOR },
    // The EKS NVIDIA AMI ships the driver and the container toolkit.
    driver: { enabled: false },
    toolkit: { enabled: false },
    nfd: { enabled: true },
    // GPU Feature Discovery writes nvidia.com/gpu.clique, which ComputeDomain workloads select on.
    gfd: { enabled: true },
    dcgmExporter: dcgmExporterValues(platform.kubernetesVersion),
    // Always off. With it on, the operator keeps the validator's plugin-validation step on every
    // GPU node, which crash-loops on DRA nodes (no nvidia.com/gpu capacity), so ClusterPolicy never
    // gets ready (NVIDIA/gpu-operator#2550); and a preset gpu.deploy.device-plugin=false label can be
    // swept away (#2288), putting it beside the DRA plugin. Device-plugin groups get the standalone
    // chart instead (device-plugin-values.ts).
    devicePlugin: { enabled: false },
    mig: { strategy: migStrategy(groups) },
    migManager:
      withMig.length === 0
        ? { enabled: false }
        : {
            enabled: true,
            env: [MIG_MANAGER_REBOOT_ENV],
            config: {
              create: true,
              name: MIG_CONFIG_MAP_NAME,
              default: MIG_DISABLED_LAYOUT,
              data: { "config.yaml": toYaml(migPartedConfig(groups)) },
            },
          },
    daemonsets: { tolerations: [GPU_TOLERATION] },
    "node-feature-discovery": { worker: { tolerations: [GPU_TOLERATION] } },
  };
}
