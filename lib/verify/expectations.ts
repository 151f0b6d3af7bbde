/**
 * What a deployed environment should look like, derived from the same code that renders it: node
 * groups and their labels, the GPU catalog and MIG layouts, the plugin placement the Helm values
 * produce, the DeviceClasses the DRA driver releases create.
 */
import type { ResolvedEnvironment } from "../environment";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { DEVICE_CLASSES_BY_CAPABILITY } from "../nvidia/device-classes";
import { draDriverReleases } from "../nvidia/dra-driver-values";
import { daemonSets, placement, renderPlatform, type DaemonSetModel } from "../nvidia/placement";

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
    ...(release.values.resources.gpus.enabled ? DEVICE_CLASSES_BY_CAPABILITY.gpus : []),
    ...(release.values.resources.computeDomains.enabled
      ? DEVICE_CLASSES_BY_CAPABILITY.computeDomains
      : []),
  ]);
}

export type Plugin = "device-plugin" | "dra-gpu" | "dra-compute-domain" | "efa-device-plugin";

/** A plugin DaemonSet as the placement proof names it, and where its release puts it. */
export interface PluginDaemonSet {
  readonly plugin: Plugin;
  /** The Helm release that installs it. */
  readonly release: string;
  readonly namespace: string;
  /** The DaemonSet's name. */
  readonly name: string;
}

/**
 * The plugins the environment installs: the DaemonSets of the placement proof that hand out GPUs,
 * EFA interfaces or ComputeDomain channels to pods.
 */
export function pluginDaemonSets(env: ResolvedEnvironment): PluginDaemonSet[] {
  return daemonSets(renderPlatform(env)).flatMap((ds) => {
    const plugin = pluginOf(ds);
    if (plugin === undefined) return [];
    const [release, name] = ds.name.split("/");
    return [{ plugin, release, namespace: ds.namespace, name }];
  });
}

function pluginOf(ds: DaemonSetModel): Plugin | undefined {
  if (ds.gpuOwner === "dra") return "dra-gpu";
  if (ds.gpuOwner === "device-plugin") return "device-plugin";
  if (ds.efaOwner) return "efa-device-plugin";
  if (ds.draCapability === "computeDomains") return "dra-compute-domain";
  return undefined;
}

/** Which plugins must run on a node group's nodes, from the placement synth proves; the others must not. */
export function expectedPlugins(env: ResolvedEnvironment): Map<string, ReadonlySet<Plugin>> {
  const plugins = new Map(pluginDaemonSets(env).map((p) => [`${p.release}/${p.name}`, p.plugin]));
  return new Map(
    placement(env).groups.map((g) => [
      g.nodeGroup,
      new Set(
        g.daemonSets.flatMap((ds) => {
          const plugin = plugins.get(ds.name);
          return plugin === undefined ? [] : [plugin];
        }),
      ),
    ]),
  );
}
