/**
 * The NVIDIA DRA driver's opaque device configuration (`resource.nvidia.com/v1beta1` GpuConfig and
 * MigDeviceConfig), and the checks the driver applies when it prepares a device. A config the
 * driver would reject fails at synth instead of leaving a pod stuck in ContainerCreating.
 *
 * Source: kubernetes-sigs/dra-driver-nvidia-gpu api/nvidia.com/resource/v1beta1 (0.4.1; main 95932046
 * of 2026-08-07, which became 0.5.0, adds MpsConfig.multiUser and no longer time-slices a shared
 * device unless its config says `strategy: TimeSlicing`).
 */
import { show } from "../errors";

/** The API of the driver's own objects: GpuConfig, MigDeviceConfig and ComputeDomain. */
export const NVIDIA_RESOURCE_API_VERSION = "resource.nvidia.com/v1beta1";

export const TIME_SLICING_INTERVALS = ["Default", "Short", "Medium", "Long"] as const;
export type TimeSlicingInterval = (typeof TIME_SLICING_INTERVALS)[number];

export interface MpsConfig {
  readonly defaultActiveThreadPercentage?: number;
  readonly defaultPinnedDeviceMemoryLimit?: string;
  readonly defaultPerDevicePinnedMemoryLimit?: Readonly<Record<string, string>>;
  /** Start the MPS control daemon in multi-user mode (clients of different uids). @default false */
  readonly multiUser?: boolean;
}

export type Sharing =
  | {
      readonly strategy: "TimeSlicing";
      readonly timeSlicingConfig?: { readonly interval: TimeSlicingInterval };
    }
  | { readonly strategy: "MPS"; readonly mpsConfig?: MpsConfig };

export interface NvidiaDeviceConfig {
  readonly apiVersion: typeof NVIDIA_RESOURCE_API_VERSION;
  readonly kind: "GpuConfig" | "MigDeviceConfig";
  readonly sharing?: Sharing;
}

const ONE_MI = 1024 ** 2;
const QUANTITY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const FACTORS: Readonly<Record<string, number>> = {
  "": 1,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** Bytes in a Kubernetes memory quantity such as "10Gi"; undefined when it is not one. */
export function quantityBytes(quantity: string): number | undefined {
  const match = QUANTITY.exec(quantity);
  return match ? Number(match[1]) * FACTORS[match[2] ?? ""] : undefined;
}

type Fields = Readonly<Record<string, unknown>>;

function unknownFields(value: Fields, allowed: readonly string[], at: string): string[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map(
      (key) =>
        `${at}.${key} is not a field the DRA driver knows; it rejects the config, so remove it`,
    );
}

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every reason the pinned driver would refuse this config; empty when it accepts it. */
export function deviceConfigProblems(config: unknown, at: string): string[] {
  if (!isObject(config)) return [`${at} must be an object`];
  const problems = unknownFields(config, ["apiVersion", "kind", "sharing"], at);
  if (config.apiVersion !== NVIDIA_RESOURCE_API_VERSION) {
    problems.push(
      `${at}.apiVersion ${show(config.apiVersion)} is not served by the driver; use "${NVIDIA_RESOURCE_API_VERSION}"`,
    );
  }
  if (config.kind !== "GpuConfig" && config.kind !== "MigDeviceConfig") {
    problems.push(
      `${at}.kind ${show(config.kind)} is not a device config kind; use "GpuConfig" or "MigDeviceConfig"`,
    );
  }
  if (config.sharing === undefined) return problems;
  const sharing = config.sharing;
  if (!isObject(sharing)) return [...problems, `${at}.sharing must be an object`];
  const where = `${at}.sharing`;
  // MigDeviceSharing has no timeSlicingConfig: MIG devices time-slice with the driver's default.
  const fields =
    config.kind === "MigDeviceConfig"
      ? ["strategy", "mpsConfig"]
      : ["strategy", "timeSlicingConfig", "mpsConfig"];
  problems.push(...unknownFields(sharing, fields, where));
  if (sharing.strategy === "TimeSlicing") {
    if (sharing.mpsConfig !== undefined) {
      problems.push(
        `${where} has strategy "TimeSlicing" and an mpsConfig; remove mpsConfig or use strategy "MPS"`,
      );
    }
    problems.push(...timeSlicingProblems(sharing.timeSlicingConfig, `${where}.timeSlicingConfig`));
  } else if (sharing.strategy === "MPS") {
    if (sharing.timeSlicingConfig !== undefined) {
      problems.push(
        `${where} has strategy "MPS" and a timeSlicingConfig; remove timeSlicingConfig or use strategy "TimeSlicing"`,
      );
    }
    problems.push(...mpsProblems(sharing.mpsConfig, `${where}.mpsConfig`));
  } else {
    problems.push(
      `${where}.strategy ${show(sharing.strategy)} is not a sharing strategy; use "TimeSlicing" or "MPS"`,
    );
  }
  return problems;
}

function timeSlicingProblems(config: unknown, at: string): string[] {
  if (config === undefined) return [];
  if (!isObject(config)) return [`${at} must be an object`];
  const problems = unknownFields(config, ["interval"], at);
  if (!TIME_SLICING_INTERVALS.includes(config.interval as TimeSlicingInterval)) {
    problems.push(
      `${at}.interval ${show(config.interval)} is not a time-slice interval; use ${TIME_SLICING_INTERVALS.map((i) => show(i)).join(", ")}`,
    );
  }
  return problems;
}

function mpsProblems(config: unknown, at: string): string[] {
  if (config === undefined) return [];
  if (!isObject(config)) return [`${at} must be an object`];
  const problems = unknownFields(
    config,
    [
      "defaultActiveThreadPercentage",
      "defaultPinnedDeviceMemoryLimit",
      "defaultPerDevicePinnedMemoryLimit",
      "multiUser",
    ],
    at,
  );
  if (config.multiUser !== undefined && typeof config.multiUser !== "boolean")
    problems.push(`${at}.multiUser ${show(config.multiUser)} must be true or false`);
  const threads = config.defaultActiveThreadPercentage;
  if (threads !== undefined && (typeof threads !== "number" || !Number.isInteger(threads))) {
    problems.push(
      `${at}.defaultActiveThreadPercentage ${show(threads)} is not a whole number, and the driver takes a whole ` +
        `percentage of the GPU's SMs from 0 to 100; use one such as ${typeof threads === "number" ? Math.min(100, Math.max(0, Math.round(threads))) : 50}`,
    );
  } else if (threads !== undefined && (threads < 0 || threads > 100)) {
    problems.push(
      `${at}.defaultActiveThreadPercentage ${show(threads)} is outside 0-100; use a whole percentage`,
    );
  }
  const limits: [string, unknown][] = [
    ["defaultPinnedDeviceMemoryLimit", config.defaultPinnedDeviceMemoryLimit],
  ];
  const perDevice = config.defaultPerDevicePinnedMemoryLimit;
  if (isObject(perDevice)) {
    limits.push(
      ...Object.entries(perDevice).map(([device, limit]): [string, unknown] => [
        `defaultPerDevicePinnedMemoryLimit.${device}`,
        limit,
      ]),
    );
  }
  for (const [field, limit] of limits) {
    if (limit === undefined) continue;
    const bytes = typeof limit === "string" ? quantityBytes(limit) : undefined;
    if (bytes === undefined || bytes < ONE_MI) {
      problems.push(
        `${at}.${field} ${show(limit)} is not a memory quantity of at least 1Mi; use a value such as "10Gi"`,
      );
    }
  }
  return problems;
}
