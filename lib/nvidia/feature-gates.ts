/**
 * Feature gates of the NVIDIA DRA driver 0.5.0 and the rules between them. The kubelet plugin
 * refuses to start on a gate it does not know or a combination it rejects, so every gate the
 * blueprint sets is checked against these tables. Rules that depend on the Kubernetes version or
 * the node groups' layout (DynamicMIG) are lib/compat/rules.ts's.
 *
 * Source: kubernetes-sigs/dra-driver-nvidia-gpu pkg/featuregates/featuregates.go at main 95932046
 * (2026-08-07, which became 0.5.0): the gate specs, the logging gates registered through
 * k8s.io/component-base logsapi.AddFeatureGates (ContextualLogging overridden to on), and
 * ValidateFeatureGates.
 */
import { show, type Problems } from "../errors";

export type GateStage = "alpha" | "beta";

export const DRA_FEATURE_GATES = {
  TimeSlicingSettings: { stage: "alpha", default: false },
  MPSSupport: { stage: "alpha", default: false },
  IMEXDaemonsWithDNSNames: { stage: "beta", default: true },
  PassthroughSupport: { stage: "alpha", default: false },
  NVMLDeviceHealthCheck: { stage: "alpha", default: false },
  DynamicMIG: { stage: "alpha", default: false },
  ComputeDomainCliques: { stage: "beta", default: true },
  CrashOnNVLinkFabricErrors: { stage: "beta", default: true },
  DeviceMetadata: { stage: "alpha", default: false },
  // New in 0.5.0. Known, so an environment may set them; the features they unlock are built where
  // the blueprint uses them.
  FabricManagerPartitioning: { stage: "alpha", default: false },
  HostManagedIMEXDaemon: { stage: "alpha", default: false },
  DRAListTypeAttributes: { stage: "alpha", default: false },
  // Set through nvidia.consumableShares (lib/nvidia/consumable-shares.ts).
  ConsumableShares: { stage: "alpha", default: false },
  // Logging gates of k8s.io/component-base (logs/api/v1), registered by the driver too.
  ContextualLogging: { stage: "beta", default: true },
  LoggingAlphaOptions: { stage: "alpha", default: false },
  LoggingBetaOptions: { stage: "beta", default: true },
} as const satisfies Record<string, { readonly stage: GateStage; readonly default: boolean }>;

export type DraFeatureGate = keyof typeof DRA_FEATURE_GATES;

/** Gate -> the gate it needs on. */
const REQUIRES: readonly (readonly [DraFeatureGate, DraFeatureGate])[] = [
  ["ComputeDomainCliques", "IMEXDaemonsWithDNSNames"],
  ["DeviceMetadata", "PassthroughSupport"],
];

/** Gates the driver refuses to have on together. */
const EXCLUSIVE: readonly (readonly [DraFeatureGate, DraFeatureGate])[] = [
  ["DynamicMIG", "PassthroughSupport"],
  ["DynamicMIG", "NVMLDeviceHealthCheck"],
  ["DynamicMIG", "MPSSupport"],
  ["PassthroughSupport", "NVMLDeviceHealthCheck"],
];

/** GPU sharing strategies a GpuConfig or MigDeviceConfig can ask for. */
export type SharingStrategy = "TimeSlicing" | "MPS";

/** The gate the driver requires before it accepts a sharing strategy in a claim's config. */
export const GATE_FOR_STRATEGY: Readonly<Record<SharingStrategy, DraFeatureGate>> = {
  TimeSlicing: "TimeSlicingSettings",
  MPS: "MPSSupport",
};

function isGate(name: string): name is DraFeatureGate {
  return Object.prototype.hasOwnProperty.call(DRA_FEATURE_GATES, name);
}

/**
 * The gates to set: the ones the environment's sharing strategies need, then the user's own.
 * Adds a problem for an unknown gate, a gate a strategy needs turned off, and every combination
 * the driver rejects (judged on the gates' effective values, defaults included).
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
    if (!isGate(gate)) {
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
  const on = (gate: DraFeatureGate) => gates[gate] ?? DRA_FEATURE_GATES[gate].default;
  for (const [gate, needed] of REQUIRES) {
    if (on(gate) && !on(needed)) {
      problems.add(
        `${at}.featureGates turn on ${gate} without ${needed}, which it requires; the DRA driver would not start, ` +
          `so turn ${needed} on or ${gate} off`,
      );
    }
  }
  for (const [a, b] of EXCLUSIVE) {
    if (on(a) && on(b)) {
      const fromSharing = strategies.filter((s) => [a, b].includes(GATE_FOR_STRATEGY[s]));
      problems.add(
        `${at}.featureGates turn on ${a} and ${b} together, which the DRA driver refuses; turn one of them off` +
          (fromSharing.length > 0
            ? ` (${GATE_FOR_STRATEGY[fromSharing[0]]} comes from gpuSharing ${show(fromSharing[0])})`
            : ""),
      );
    }
  }
  return gates;
}
