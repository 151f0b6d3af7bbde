/**
 * Which example workloads exist, what each needs from an environment, and how an environment's
 * examples are chosen and checked.
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import type { KubernetesVersion } from "../cluster/versions";
import {
  DRA_FEATURE_GATES,
  GATE_FOR_STRATEGY,
  type SharingStrategy,
} from "../nvidia/feature-gates";
import { show, type Problems } from "../errors";
import { attributesDraPods } from "../nvidia/dcgm-exporter";
import {
  resolveInference,
  type InferenceConfig,
  type ResolvedInference,
} from "./inference-settings";
import type { ConsumableShares } from "../allocation/devices";
import { migCapableInstanceTypes, multiNodeNvlinkInstanceTypes } from "../nodes/gpu-catalog";
import {
  deviceConfigProblems,
  NVIDIA_RESOURCE_API_VERSION,
  type NvidiaDeviceConfig,
  type TimeSlicingInterval,
} from "./gpu-config";

export const EXAMPLE_NAMES = [
  "basic",
  "time-slicing",
  "mps",
  "mig",
  "compute-domain",
  "inference",
  "memory-shares",
] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

/**
 * Examples submitted through the environment's GPU queues (lib/examples/queued.ts). They are
 * included when the environment sets `queueing` and has the node group each needs.
 */
export const QUEUED_EXAMPLES = { "queued-gpu": "basic", "queued-mig": "mig" } as const;
export type QueuedExampleName = keyof typeof QUEUED_EXAMPLES;

export interface ExamplesConfig {
  /** Apply the examples with the `<env>-examples` stack. @default true outside production */
  readonly deploy?: boolean;
  /** @default every example the environment's node groups can run */
  readonly include?: readonly string[];
  /** Time slice of the time-slicing example. @default "Long" */
  readonly timeSlicingInterval?: string;
  readonly mps?: {
    /** Share of the GPU's SMs each MPS client may use. @default 50 */
    readonly activeThreadPercentage?: number;
    /** Device memory each MPS client may pin. @default "8Gi" */
    readonly pinnedDeviceMemoryLimit?: string;
  };
  /** The inference example's workload type, thresholds and replica bounds (inference-settings.ts). */
  readonly inference?: InferenceConfig;
}

/**
 * What the examples are rendered from: the environment's name, version (which DRA API), GPU node
 * groups and resolved example settings. A resolved environment is one.
 */
export interface ExamplesInput {
  readonly name: string;
  readonly kubernetesVersion: KubernetesVersion;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  readonly examples: ResolvedExamples;
  /** The node groups Volcano schedules, which the inference example leaves to it. */
  readonly volcano?: { readonly nodeGroups: readonly string[] };
}

export interface ResolvedExamples {
  readonly deploy: boolean;
  readonly include: readonly ExampleName[];
  readonly timeSlicing: NvidiaDeviceConfig;
  readonly mps: NvidiaDeviceConfig;
  readonly inference: ResolvedInference;
}

/** The strategy each sharing example asks the driver for. */
export const EXAMPLE_SHARING: Partial<Record<ExampleName, SharingStrategy>> = {
  "time-slicing": "TimeSlicing",
  mps: "MPS",
};

/** The node group an example runs on, or undefined when the environment has none that fits. */
export function exampleNodeGroup(
  example: ExampleName,
  groups: readonly ResolvedGpuNodeGroup[],
): ResolvedGpuNodeGroup | undefined {
  switch (example) {
    case "mig":
      return groups.find(
        (g) => g.allocation === "dra" && g.mig && Object.keys(g.mig.layout).length > 0,
      );
    case "compute-domain":
      return groups.find((g) => g.computeDomains);
    case "inference": {
      // Spot first: the example shows replicas on Spot with on-demand of the same GPU beside it.
      const whole = groups.filter((g) => g.allocation === "dra" && !g.mig);
      return whole.find((g) => g.capacity.kind === "spot") ?? whole[0];
    }
    case "memory-shares":
      return groups.find(
        (g) => g.allocation === "dra" && !g.mig && g.instance.gpusPerInstance === 1,
      );
    default:
      return groups.find((g) => g.allocation === "dra" && !g.mig);
  }
}

/** What an example needs of a node group, in the words of an error message; instance types from the catalog. */
function needs(example: ExampleName): string {
  switch (example) {
    case "mig":
      return (
        'a node group with allocation "dra" and a migLayout that creates MIG devices ' +
        `(${migCapableInstanceTypes().join(", ")})`
      );
    case "compute-domain":
      return `a node group with computeDomains: true (${multiNodeNvlinkInstanceTypes().join(", ")})`;
    case "memory-shares":
      return 'a node group with allocation "dra", no migLayout and one GPU per node (such as g6.xlarge)';
    default:
      return 'a node group with allocation "dra" and no migLayout';
  }
}

/** What the examples are checked against: the environment's node groups and DRA driver gates. */
export interface ExamplesContext {
  readonly production: boolean;
  readonly groups: readonly ResolvedGpuNodeGroup[];
  /** The DRA driver gates the environment sets (resolved from nvidia.gpuSharing and featureGates). */
  readonly featureGates: Readonly<Record<string, boolean>>;
  readonly kubernetesVersion: KubernetesVersion;
  /** Whether the environment installs KEDA (autoscaling.keda), which the inference example needs. */
  readonly keda: boolean;
  /** Set when the environment shares GPUs by capacity (nvidia.consumableShares). */
  readonly consumableShares?: ConsumableShares;
}

/** The example settings that configure a sharing example, by the strategy they need. */
const SHARING_SETTINGS: Readonly<Record<SharingStrategy, keyof ExamplesConfig>> = {
  TimeSlicing: "timeSlicingInterval",
  MPS: "mps",
};

export function resolveExamples(
  config: ExamplesConfig | undefined,
  context: ExamplesContext,
  at: string,
  problems: Problems,
): ResolvedExamples {
  const { production, groups, featureGates, kubernetesVersion, keda } = context;
  const sharesOn = context.consumableShares !== undefined;
  const where = `${at}.examples`;
  const gateOn = (strategy: SharingStrategy) => {
    const gate = GATE_FOR_STRATEGY[strategy];
    return featureGates[gate] ?? DRA_FEATURE_GATES[gate].default;
  };
  const missingGate = (strategy: SharingStrategy) =>
    `the DRA driver gate ${GATE_FOR_STRATEGY[strategy]}, which the environment does not turn on; add ` +
    `${show(strategy)} to ${at}.nvidia.gpuSharing`;
  /** Why the inference example cannot run here, in the words of an error message. */
  const inferenceBlocker = (): string | undefined => {
    if (!attributesDraPods(kubernetesVersion))
      return (
        `whose ScaledObject scales on per-pod GPU utilization, which dcgm-exporter attributes to DRA pods only on ` +
        `Kubernetes 1.34 and later (the kubelet reports DRA devices from 1.34), and ${at}.kubernetesVersion is ` +
        `${show(kubernetesVersion)}; upgrade the environment to 1.34 or later, or remove the example`
      );
    if (!keda)
      return (
        `whose ScaledObject needs KEDA, which the environment does not install; set ${at}.autoscaling.keda ` +
        "(for example `keda: {}`), or remove the example"
      );
    return undefined;
  };
  // By default: what the node groups can run and the declared gates allow.
  const runnable = EXAMPLE_NAMES.filter((name) => {
    const strategy = EXAMPLE_SHARING[name];
    if (name === "inference" && inferenceBlocker()) return false;
    if (name === "memory-shares" && !sharesOn) return false;
    return exampleNodeGroup(name, groups) && (!strategy || gateOn(strategy));
  });
  const include: ExampleName[] = [];
  for (const name of config?.include ?? runnable) {
    if (!(EXAMPLE_NAMES as readonly string[]).includes(name)) {
      problems.add(
        `${where}.include entry ${show(name)} is not an example; use ${EXAMPLE_NAMES.join(", ")}`,
      );
      continue;
    }
    const example = name as ExampleName;
    const strategy = EXAMPLE_SHARING[example];
    if (include.includes(example)) {
      problems.add(
        `${where}.include lists ${show(name)} more than once: each example is applied once under its own name; ` +
          "list it once",
      );
    } else if (!exampleNodeGroup(example, groups)) {
      problems.add(
        `${where}.include asks for ${show(name)}, which needs ${needs(example)}, and the environment ` +
          "has none; add such a node group or remove the example",
      );
    } else if (example === "inference" && inferenceBlocker()) {
      problems.add(`${where}.include asks for "inference", ${inferenceBlocker()}`);
    } else if (example === "memory-shares" && !sharesOn) {
      problems.add(
        `${where}.include asks for "memory-shares", whose claims request GPU memory, which needs ${at}.nvidia.` +
          "consumableShares (Kubernetes 1.36+, not in production); set it or remove the example",
      );
    } else if (strategy && !gateOn(strategy)) {
      problems.add(
        `${where}.include asks for ${show(name)}, whose claims use ${show(strategy)} sharing and so need ` +
          `${missingGate(strategy)}, or remove the example`,
      );
    } else {
      include.push(example);
    }
  }
  for (const [strategy, setting] of Object.entries(SHARING_SETTINGS) as [
    SharingStrategy,
    keyof ExamplesConfig,
  ][]) {
    if (config?.[setting] !== undefined && !gateOn(strategy)) {
      problems.add(
        `${where}.${setting} configures ${show(strategy)} sharing, which needs ${missingGate(strategy)}, or ` +
          `remove ${setting}`,
      );
    }
  }

  const interval = config?.timeSlicingInterval ?? "Long";
  const timeSlicing: NvidiaDeviceConfig = {
    apiVersion: NVIDIA_RESOURCE_API_VERSION,
    kind: "GpuConfig",
    sharing: {
      strategy: "TimeSlicing",
      timeSlicingConfig: { interval: interval as TimeSlicingInterval },
    },
  };
  const mps: NvidiaDeviceConfig = {
    apiVersion: NVIDIA_RESOURCE_API_VERSION,
    kind: "GpuConfig",
    sharing: {
      strategy: "MPS",
      mpsConfig: {
        defaultActiveThreadPercentage: config?.mps?.activeThreadPercentage ?? 50,
        defaultPinnedDeviceMemoryLimit: config?.mps?.pinnedDeviceMemoryLimit ?? "8Gi",
      },
    },
  };
  // Messages point at the environment setting that produced the field.
  const settings: Readonly<Record<string, string>> = {
    "timeSlicingConfig.interval": "timeSlicingInterval",
    "mpsConfig.defaultActiveThreadPercentage": "mps.activeThreadPercentage",
    "mpsConfig.defaultPinnedDeviceMemoryLimit": "mps.pinnedDeviceMemoryLimit",
  };
  for (const problem of [
    ...deviceConfigProblems(timeSlicing, "config"),
    ...deviceConfigProblems(mps, "config"),
  ]) {
    const field = Object.keys(settings).find((f) => problem.startsWith(`config.sharing.${f} `));
    problems.add(
      field
        ? problem.replace(`config.sharing.${field}`, `${where}.${settings[field]}`)
        : `${where}: ${problem}`,
    );
  }
  const inference = resolveInference(config?.inference, where, problems);
  return { deploy: config?.deploy ?? !production, include, timeSlicing, mps, inference };
}
