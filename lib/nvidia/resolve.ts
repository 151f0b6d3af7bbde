import { DRA_DRIVER_CHART, GPU_OPERATOR_CHART, type ChartPin } from "./charts";
import type { ChartConfig, NvidiaConfig, ResolvedNvidia } from "./settings";
import { resolveFeatureGates, type SharingStrategy } from "./feature-gates";
import { show, type Problems } from "../errors";

const STRATEGIES: readonly SharingStrategy[] = ["TimeSlicing", "MPS"];

/**
 * Checks the NVIDIA chart settings of one environment and fills in the pinned charts.
 * `neededSharing`: strategies the environment's examples use, added to `gpuSharing`.
 */
export function resolveNvidia(
  config: NvidiaConfig | undefined,
  neededSharing: readonly SharingStrategy[],
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
  const gpuSharing = [...new Set([...configured, ...neededSharing])];
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

function resolveChart(
  pin: ChartPin,
  config: ChartConfig | undefined,
  at: string,
  problems: Problems,
): ChartPin {
  const version = config?.version ?? pin.version;
  if (!pin.testedVersions.includes(version) && !config?.allowUntestedVersion) {
    problems.add(
      `${at}.version ${show(version)} is not a version the blueprint's values were checked against ` +
        `(${pin.testedVersions.join(", ")}): chart keys move between releases and Helm ignores unknown ones; use a ` +
        "tested version, or set allowUntestedVersion: true after checking the chart's values.yaml",
    );
  }
  return {
    repository: config?.repository ?? pin.repository,
    chart: config?.chart ?? pin.chart,
    version,
    testedVersions: pin.testedVersions,
  };
}
