/**
 * Values for the NVIDIA DRA driver chart. The chart's kubelet plugin is one DaemonSet holding the
 * GPU plugin and the ComputeDomain plugin; to keep the GPU plugin off nodes whose GPUs the device
 * plugin owns (AWS's P6e pattern), each capability gets its own release scheduled on its own nodes.
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { GPU_TOLERATION, LABELS, MIG_CONFIG_APPLIED, SYSTEM_NODE_SELECTOR } from "../nodes/labels";
import { KUBERNETES_VERSIONS } from "../cluster/versions";
import {
  COMPUTE_DOMAIN_DAEMON_RBAC,
  GPU_EXTENDED_RESOURCE_MAPPING,
  type PostRenderEdit,
} from "./post-render";
import { requiredNodeAffinity, type NodeAffinity, type Toleration } from "../kubernetes";
import type { NvidiaPlatformInput } from "./settings";
import { pausableSelector } from "./operator-labels";

export type DraCapability = "gpus" | "computeDomains";

export interface DraDriverValues {
  /** Distinct per release: the chart names its cluster-wide objects after it. */
  readonly nameOverride: string;
  /** The EKS AMI installs the driver on the host; `/run/nvidia/driver` is only for operator-installed drivers. */
  readonly nvidiaDriverRoot: "/";
  /** Fixed so rendering does not depend on what the API server advertises at install time. */
  readonly resourceApiVersion: string;
  readonly gpuResourcesEnabledOverride?: true;
  readonly resources: {
    readonly gpus: { readonly enabled: boolean };
    readonly computeDomains: { readonly enabled: boolean };
  };
  readonly featureGates: Readonly<Record<string, boolean>>;
  /** GPU release only, where the environment shares GPUs by capacity (lib/nvidia/consumable-shares.ts). */
  readonly consumableShares?: string;
  readonly controller: { readonly nodeSelector: Readonly<Record<string, string>> };
  readonly kubeletPlugin: {
    /** GPU release: `nvidia.com/gpu.deploy.client`, so the MIG manager can pause the plugin. */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    readonly affinity: NodeAffinity;
    readonly tolerations: readonly Toleration[];
  };
}

export interface DraDriverRelease {
  /** Helm release name, also the prefix of the chart's namespaced object names. */
  readonly name: string;
  readonly capability: DraCapability;
  readonly values: DraDriverValues;
  /** The node groups whose nodes run this release's kubelet plugin. */
  readonly nodeGroups: readonly ResolvedGpuNodeGroup[];
  /**
   * Objects the chart renders in every release that only this capability's release may own, and
   * fields the post-renderer removes.
   */
  readonly dropObjects: readonly PostRenderEdit[];
  /** Whether its `gpu.nvidia.com` DeviceClass maps `nvidia.com/gpu` (post-render.ts: never). */
  readonly mapsGpuExtendedResource: boolean;
}

const RELEASES: Readonly<
  Record<
    DraCapability,
    { name: string; label: string; value: string; wants: (g: ResolvedGpuNodeGroup) => boolean }
  >
> = {
  gpus: {
    name: "nvidia-dra-gpus",
    label: LABELS.gpuAllocation,
    value: "dra",
    wants: (g) => g.allocation === "dra",
  },
  computeDomains: {
    name: "nvidia-dra-compute-domains",
    label: LABELS.computeDomains,
    value: "true",
    wants: (g) => g.computeDomains,
  },
};

/**
 * The GPU plugin lists a node's devices when it starts. On a MIG node it waits until the GPU
 * Operator's MIG manager has applied the layout (`nvidia.com/mig.config.state=success`), so it
 * advertises the MIG devices rather than the whole GPUs the node booted with.
 */
function gpuPluginAffinity(): NodeAffinity {
  const dra = { key: LABELS.gpuAllocation, operator: "In", values: ["dra"] } as const;
  return requiredNodeAffinity(
    { matchExpressions: [dra, { key: LABELS.migConfig, operator: "DoesNotExist" }] },
    {
      matchExpressions: [
        dra,
        { key: LABELS.migConfig, operator: "Exists" },
        { key: LABELS.migConfigState, operator: "In", values: [MIG_CONFIG_APPLIED] },
      ],
    },
  );
}

/** One release per DRA capability some node group uses; none when no group uses DRA. */
export function draDriverReleases(platform: NvidiaPlatformInput): DraDriverRelease[] {
  return (Object.keys(RELEASES) as DraCapability[]).flatMap((capability) => {
    const spec = RELEASES[capability];
    const nodeGroups = platform.gpuNodeGroups.filter(spec.wants);
    if (nodeGroups.length === 0) return [];
    const gpus = capability === "gpus";
    const values: DraDriverValues = {
      nameOverride: spec.name,
      nvidiaDriverRoot: "/",
      resourceApiVersion: `resource.k8s.io/${KUBERNETES_VERSIONS[platform.kubernetesVersion].resourceApiVersion}`,
      // The chart refuses resources.gpus.enabled without this acknowledgement.
      ...(gpus ? { gpuResourcesEnabledOverride: true as const } : {}),
      resources: { gpus: { enabled: gpus }, computeDomains: { enabled: !gpus } },
      featureGates: platform.nvidia.featureGates,
      // The chart passes it to the GPU kubelet plugin as CONSUMABLE_SHARES, for every node it runs on.
      ...(gpus && platform.nvidia.consumableShares !== undefined
        ? { consumableShares: String(platform.nvidia.consumableShares) }
        : {}),
      controller: { nodeSelector: SYSTEM_NODE_SELECTOR },
      kubeletPlugin: {
        // One selector for every DRA GPU node, MIG or not: a nodeSelector covers the release's whole
        // DaemonSet, and one GPU release keeps one owner for the gpu.nvidia.com DeviceClasses. The
        // operator writes the label on every GPU node; the MIG manager pauses only where it runs.
        ...(gpus ? { nodeSelector: pausableSelector(platform) } : {}),
        affinity: gpus
          ? gpuPluginAffinity()
          : requiredNodeAffinity({
              matchExpressions: [{ key: spec.label, operator: "In", values: [spec.value] }],
            }),
        tolerations: [GPU_TOLERATION],
      },
    };
    return [
      {
        name: spec.name,
        capability,
        values,
        nodeGroups,
        dropObjects: gpus ? [...COMPUTE_DOMAIN_DAEMON_RBAC, GPU_EXTENDED_RESOURCE_MAPPING] : [],
        mapsGpuExtendedResource: false,
      },
    ];
  });
}
