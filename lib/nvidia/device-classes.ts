/**
 * The names the NVIDIA DRA driver publishes: its driver name (ResourceSlices, device attribute
 * domain, opaque config) and the DeviceClasses each capability's release creates. Examples,
 * Kueue's device mappings and `npm run verify` all read them from here.
 *
 * Source: kubernetes-sigs/dra-driver-nvidia-gpu deployments/helm/dra-driver-nvidia-gpu templates
 * (deviceclass-*.yaml, release-0.4).
 */
import type { DraCapability } from "./dra-driver-values";

/** The GPU plugin's driver name; also the domain of its device attributes. */
export const GPU_DRIVER_NAME = "gpu.nvidia.com";

export const DEVICE_CLASSES = {
  gpu: "gpu.nvidia.com",
  mig: "mig.nvidia.com",
  computeDomainDaemon: "compute-domain-daemon.nvidia.com",
  computeDomainChannel: "compute-domain-default-channel.nvidia.com",
} as const;

/** The DeviceClasses a release of each capability creates. */
export const DEVICE_CLASSES_BY_CAPABILITY: Readonly<Record<DraCapability, readonly string[]>> = {
  gpus: [DEVICE_CLASSES.gpu, DEVICE_CLASSES.mig],
  computeDomains: [DEVICE_CLASSES.computeDomainDaemon, DEVICE_CLASSES.computeDomainChannel],
};

/**
 * The selectors of the DeviceClasses the GPU release creates, as the chart's templates write them
 * (deviceclass-gpu.yaml, deviceclass-mig.yaml at the main-branch commit of 2026-08-07, chart
 * 0.5.0-dev). The allocation proof evaluates them before a request's own selectors, as the scheduler does.
 */
export const DEVICE_CLASS_SELECTORS: Readonly<Record<string, readonly string[]>> = {
  [DEVICE_CLASSES.gpu]: [
    `device.driver == '${GPU_DRIVER_NAME}' && device.attributes['${GPU_DRIVER_NAME}'].type == 'gpu'`,
  ],
  [DEVICE_CLASSES.mig]: [
    `device.driver == '${GPU_DRIVER_NAME}' && device.attributes['${GPU_DRIVER_NAME}'].type == 'mig'`,
  ],
};
