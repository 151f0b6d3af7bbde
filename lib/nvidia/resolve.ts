import { resolveChart } from "../helm/chart-pin";
import { DRA_DRIVER_CHART, GPU_OPERATOR_CHART } from "./charts";
import type { NvidiaConfig, ResolvedNvidia } from "./settings";
import { resolveFeatureGates, type SharingStrategy } from "./feature-gates";
import { show, type Problems } from "../errors";

const STRATEGIES: readonly SharingStrategy[] = ["TimeSlicing", "MPS"];

/**
 * Checks the NVIDIA chart settings of one environment and fills in the pinned charts. The DRA
 * driver's alpha gates follow what the environment declares in `gpuSharing`, never which examples
 * exist: an environment that declares no sharing runs no alpha gate.
 */
export function resolveNvidia(
  config: NvidiaConfig | undefined,
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
    featureGates: resolveFeatureGates(
      gpuSharing.filter((s) => STRATEGIES.includes(s)),
      config?.draDriver?.featureGates ?? {},
      `${at}.nvidia.draDriver`,
      problems,
    ),
    gpuSharing,
  };
}
