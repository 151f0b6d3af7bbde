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
