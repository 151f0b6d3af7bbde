/**
 * Which example workloads exist, what each needs from an environment, and how an environment's
 * examples are chosen and checked.
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import type { SharingStrategy } from "../nvidia/feature-gates";
import { show, type Problems } from "../errors";
import { migCapableInstanceTypes, multiNodeNvlinkInstanceTypes } from "../nodes/gpu-catalog";
import {
  deviceConfigProblems,
  NVIDIA_RESOURCE_API_VERSION,
  type NvidiaDeviceConfig,
  type TimeSlicingInterval,
} from "./gpu-config";

export const EXAMPLE_NAMES = ["basic", "time-slicing", "mps", "mig", "compute-domain"] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

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
}

export interface ResolvedExamples {
  readonly deploy: boolean;
  readonly include: readonly ExampleName[];
  readonly timeSlicing: NvidiaDeviceConfig;
  readonly mps: NvidiaDeviceConfig;
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
    default:
      return 'a node group with allocation "dra" and no migLayout';
  }
}

export function resolveExamples(
  config: ExamplesConfig | undefined,
  production: boolean,
  groups: readonly ResolvedGpuNodeGroup[],
  at: string,
  problems: Problems,
): ResolvedExamples {
  const where = `${at}.examples`;
  const runnable = EXAMPLE_NAMES.filter((name) => exampleNodeGroup(name, groups));
  const include: ExampleName[] = [];
  for (const name of config?.include ?? runnable) {
    if (!(EXAMPLE_NAMES as readonly string[]).includes(name)) {
      problems.add(
        `${where}.include entry ${show(name)} is not an example; use ${EXAMPLE_NAMES.join(", ")}`,
      );
    } else if (include.includes(name as ExampleName)) {
      problems.add(
        `${where}.include lists ${show(name)} more than once: each example is applied once under its own name; ` +
          "list it once",
      );
    } else if (!exampleNodeGroup(name as ExampleName, groups)) {
      problems.add(
        `${where}.include asks for ${show(name)}, which needs ${needs(name as ExampleName)}, and the environment ` +
          "has none; add such a node group or remove the example",
      );
    } else {
      include.push(name as ExampleName);
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
  return { deploy: config?.deploy ?? !production, include, timeSlicing, mps };
}
