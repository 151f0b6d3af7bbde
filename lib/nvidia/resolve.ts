import { resolveChart } from "../helm/chart-pin";
import { DRA_DRIVER_CHART, GPU_OPERATOR_CHART } from "./charts";
import type { NvidiaConfig, ResolvedNvidia } from "./settings";
import { resolveFeatureGates, type SharingStrategy } from "./feature-gates";
import { show, type Problems } from "../errors";
import type { KubernetesVersion } from "../cluster/versions";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { CONSUMABLE_SHARES_GATE, resolveConsumableShares } from "./consumable-shares";

const STRATEGIES: readonly SharingStrategy[] = ["TimeSlicing", "MPS"];

/**
 * Checks the NVIDIA chart settings of one environment and fills in the pinned charts. The DRA
 * driver's alpha gates follow what the environment declares in `gpuSharing`, never which examples
 * exist: an environment that declares no sharing runs no alpha gate.
 */
/** What the NVIDIA settings are checked against: the environment's kind, version and GPU groups. */
export interface NvidiaContext {
  readonly production: boolean;
  readonly kubernetesVersion: KubernetesVersion;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
}

export function resolveNvidia(
  config: NvidiaConfig | undefined,
  context: NvidiaContext,
  at: string,
  problems: Problems,
): ResolvedNvidia {
  const configured = config?.gpuSharing ?? [];
  for (const strategy of configured) {
    if (!STRATEGIES.includes(strategy)) {
      problems.add(
        `${at}.nvidia.gpuSharing entry ${show(strategy)} is not a sharing strategy of the DRA driver; use ` +
          STRATEGIES.map((s) => show(s)).join(" or "),
      );
    }
  }
  const gpuSharing = [...new Set(configured)];
  const userGates = config?.draDriver?.featureGates ?? {};
  const consumableShares = resolveConsumableShares(
    config?.consumableShares,
    { ...context, gpuSharing, userGates },
    at,
    problems,
  );
  const featureGates = resolveFeatureGates(
    gpuSharing.filter((s) => STRATEGIES.includes(s)),
    userGates,
    `${at}.nvidia.draDriver`,
    problems,
  );
  return {
    gpuOperator: resolveChart(
      GPU_OPERATOR_CHART,
      config?.gpuOperator,
      `${at}.nvidia.gpuOperator`,
      problems,
    ),
    draDriver: resolveChart(
      DRA_DRIVER_CHART,
      config?.draDriver,
      `${at}.nvidia.draDriver`,
      problems,
    ),
    featureGates:
      consumableShares === undefined
        ? featureGates
        : { ...featureGates, [CONSUMABLE_SHARES_GATE]: true },
    gpuSharing,
    ...(consumableShares === undefined ? {} : { consumableShares }),
  };
}
