/**
 * Feature gates of the NVIDIA DRA driver 0.4.1. The kubelet plugin refuses to start on a gate it
 * does not know, so every gate the blueprint sets is checked against this table.
 *
 * Source: kubernetes-sigs/dra-driver-nvidia-gpu pkg/featuregates (0.4.1).
 */
import { show, type Problems } from "./errors";

export type GateStage = "alpha" | "beta";

export const DRA_FEATURE_GATES = {
  TimeSlicingSettings: { stage: "alpha", default: false },
  MPSSupport: { stage: "alpha", default: false },
  IMEXDaemonsWithDNSNames: { stage: "beta", default: true },
  ComputeDomainCliques: { stage: "beta", default: true },
  DynamicMIG: { stage: "alpha", default: false },
  PassthroughSupport: { stage: "alpha", default: false },
  NVMLDeviceHealthCheck: { stage: "alpha", default: false },
  DeviceMetadata: { stage: "alpha", default: false },
  CrashOnNVLinkFabricErrors: { stage: "beta", default: true },
} as const satisfies Record<string, { readonly stage: GateStage; readonly default: boolean }>;

export type DraFeatureGate = keyof typeof DRA_FEATURE_GATES;

/** GPU sharing strategies a GpuConfig or MigDeviceConfig can ask for. */
export type SharingStrategy = "TimeSlicing" | "MPS";

/** The gate the driver requires before it accepts a sharing strategy in a claim's config. */
export const GATE_FOR_STRATEGY: Readonly<Record<SharingStrategy, DraFeatureGate>> = {
  TimeSlicing: "TimeSlicingSettings",
  MPS: "MPSSupport",
};

/**
 * The gates to set: the ones the environment's sharing strategies need, then the user's own
 * (which win). Adds a problem for an unknown gate or a combination the driver rejects.
 */
export function resolveFeatureGates(
  strategies: readonly SharingStrategy[],
  userGates: Readonly<Record<string, boolean>>,
  at: string,
  problems: Problems,
): Record<string, boolean> {
  const gates: Record<string, boolean> = {};
  for (const strategy of strategies) gates[GATE_FOR_STRATEGY[strategy]] = true;
  for (const [gate, enabled] of Object.entries(userGates)) {
    if (!Object.prototype.hasOwnProperty.call(DRA_FEATURE_GATES, gate)) {
      problems.add(
        `${at}.featureGates.${gate} is not a feature gate of the pinned DRA driver, whose kubelet plugin would not ` +
          `start; use one of ${Object.keys(DRA_FEATURE_GATES).join(", ")}`,
      );
      continue;
    }
    gates[gate] = enabled;
  }
  for (const strategy of strategies) {
    const gate = GATE_FOR_STRATEGY[strategy];
    if (gates[gate] === false) {
      problems.add(
        `${at}.featureGates.${gate} is false, but gpuSharing includes ${show(strategy)}, which needs it; remove the ` +
          `override or drop ${show(strategy)} from gpuSharing`,
      );
    }
  }
  if (gates.DynamicMIG && gates.MPSSupport) {
    problems.add(
      `${at}.featureGates turn on DynamicMIG and MPSSupport together, which the DRA driver refuses; turn one of ` +
        'them off (MPSSupport comes from gpuSharing "MPS")',
    );
  }
  return gates;
}
