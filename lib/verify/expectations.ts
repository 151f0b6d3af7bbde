/**
 * What a deployed environment should look like, derived from the same code that renders it: node
 * groups and their labels, the GPU catalog and MIG layouts, the plugin placement the Helm values
 * produce, the DeviceClasses the DRA driver releases create.
 */
import type { ResolvedEnvironment } from "../environment";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { draDriverReleases } from "../nvidia/dra-driver-values";
import { placement } from "../nvidia/placement";

/** The DRA driver's name in ResourceSlices and device attributes. */
export const GPU_DRIVER = "gpu.nvidia.com";

/** DeviceClasses per driver capability, as the DeviceClass templates of dra-driver-nvidia-gpu 0.4.1 name them. */
const DEVICE_CLASSES = {
  gpus: ["gpu.nvidia.com", "mig.nvidia.com"],
  computeDomains: ["compute-domain-daemon.nvidia.com", "compute-domain-default-channel.nvidia.com"],
} as const;

/**
 * Devices a DRA GPU node of the group publishes, by kind: `gpu` for whole GPUs, the MIG profile
 * (e.g. `1g.10gb`) for MIG devices. On a MIG node only the MIG devices are counted.
 */
export function expectedDevices(group: ResolvedGpuNodeGroup): Record<string, number> {
  const gpus = group.instance.gpusPerInstance;
  const layout = group.mig?.layout ?? {};
  const profiles = Object.entries(layout).filter(([, perGpu]) => perGpu > 0);
  if (profiles.length === 0) return { gpu: gpus };
  return Object.fromEntries(profiles.map(([profile, perGpu]) => [profile, perGpu * gpus]));
}

export function expectedDeviceClasses(env: ResolvedEnvironment): string[] {
  return draDriverReleases(env).flatMap((release) => [
    ...(release.values.resources.gpus.enabled ? DEVICE_CLASSES.gpus : []),
    ...(release.values.resources.computeDomains.enabled ? DEVICE_CLASSES.computeDomains : []),
  ]);
}

export type Plugin = "device-plugin" | "dra-gpu" | "dra-compute-domain";

/** Which plugins must run on a node group's nodes, from the placement synth proves; the others must not. */
export function expectedPlugins(env: ResolvedEnvironment): Map<string, ReadonlySet<Plugin>> {
  return new Map(
    placement(env).groups.map((p) => [
      p.nodeGroup,
      new Set<Plugin>([
        ...p.gpuOwners.map((ds): Plugin => (ds.gpuOwner === "dra" ? "dra-gpu" : "device-plugin")),
        ...(p.daemonSets.some((ds) => ds.name === computeDomainPlugin(env))
          ? (["dra-compute-domain"] as const)
          : []),
      ]),
    ]),
  );
}

/** The placement name (`release/DaemonSet`) of the ComputeDomain kubelet plugin, if any. */
function computeDomainPlugin(env: ResolvedEnvironment): string | undefined {
  const release = draDriverReleases(env).find((r) => r.values.resources.computeDomains.enabled);
  return release && `${release.name}/${release.name}-kubelet-plugin`;
}

/** The Helm release that runs each DRA plugin. */
export function draReleaseNames(env: ResolvedEnvironment): Partial<Record<Plugin, string>> {
  const names: Partial<Record<Plugin, string>> = {};
  for (const release of draDriverReleases(env)) {
    names[release.values.resources.gpus.enabled ? "dra-gpu" : "dra-compute-domain"] = release.name;
  }
  return names;
}
