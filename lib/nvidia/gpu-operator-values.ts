/**
 * Values for the NVIDIA GPU Operator chart on EKS AL2023 NVIDIA nodes. Keys are checked against
 * the pinned chart's values.yaml by test/platform.test.ts.
 */
import { dcgmExporterValues, type DcgmExporterValues } from "../monitoring/dcgm-exporter";
import { GPU_TOLERATION, SYSTEM_NODE_SELECTOR } from "../nodes/labels";
import { MIG_DISABLED_LAYOUT, migGroups } from "../nodes/mig-layouts";
import { MIG_CONFIG_MAP_NAME, migPartedConfig } from "./mig-manager-config";
import { toYaml } from "../yaml";
import type { Toleration } from "../kubernetes";
import type { NvidiaPlatformInput } from "./settings";

export interface GpuOperatorValues {
  readonly operator: { readonly nodeSelector: Readonly<Record<string, string>> };
  readonly driver: { readonly enabled: false };
  readonly toolkit: { readonly enabled: false };
  readonly nfd: { readonly enabled: true };
  readonly gfd: { readonly enabled: true };
  readonly dcgmExporter: DcgmExporterValues;
  readonly devicePlugin: { readonly enabled: boolean };
  readonly mig?: { readonly strategy: "mixed" };
  readonly migManager:
    | { readonly enabled: false }
    | {
        readonly enabled: true;
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

export function gpuOperatorValues(platform: NvidiaPlatformInput): GpuOperatorValues {
  const groups = platform.gpuNodeGroups;
  const devicePluginGroups = groups.filter((g) => g.allocation === "device-plugin");
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
    // Only device-plugin groups need it; DRA groups carry nvidia.com/gpu.deploy.device-plugin=false
    // as well, so the plugin stays off their nodes even when it runs elsewhere.
    devicePlugin: { enabled: devicePluginGroups.length > 0 },
    // Mixed strategy names each MIG profile as its own resource (nvidia.com/mig-1g.5gb).
    ...(devicePluginGroups.some((g) => g.mig) ? { mig: { strategy: "mixed" as const } } : {}),
    migManager:
      withMig.length === 0
        ? { enabled: false }
        : {
            enabled: true,
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
