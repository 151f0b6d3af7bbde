/**
 * Values for the cluster-autoscaler chart on EKS. Keys are checked against the pinned chart's
 * values.yaml by test/autoscaling.test.ts.
 */
import type { KubernetesVersion } from "../cluster/versions";
import { SYSTEM_NODE_SELECTOR } from "../nodes/labels";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { expanderPriorities } from "./expander";
import { SCALE_DOWN_DEFAULTS, type ResolvedScaleDown } from "./settings";
import { autoscalerTags } from "./node-groups";
import {
  CLUSTER_AUTOSCALER_IMAGE,
  CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
  clusterAutoscalerRelease,
} from "./release";

/** What the autoscaler's values are rendered from. */
export interface ClusterAutoscalerInput {
  readonly clusterName: string;
  readonly region: string;
  readonly kubernetesVersion: KubernetesVersion;
  /** Spot groups among them get the priority expander (expander.ts). @default [] */
  readonly gpuNodeGroups?: readonly ResolvedGpuNodeGroup[];
  /** @default the autoscaler's defaults */
  readonly autoscaling?: { readonly scaleDown: ResolvedScaleDown };
}

export interface ClusterAutoscalerValues {
  readonly cloudProvider: "aws";
  readonly awsRegion: string;
  readonly autoDiscovery: { readonly clusterName: string; readonly tags: readonly string[] };
  readonly image: { readonly repository: string; readonly tag: string };
  readonly extraArgs: Readonly<Record<string, string | number | boolean>>;
  readonly expanderPriorities?: Readonly<Record<string, readonly string[]>>;
  readonly rbac: {
    readonly serviceAccount: { readonly create: true; readonly name: string };
  };
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly memory: string };
  };
}

export function clusterAutoscalerValues(input: ClusterAutoscalerInput): ClusterAutoscalerValues {
  const release = clusterAutoscalerRelease(input.kubernetesVersion);
  const priorities = expanderPriorities(input.gpuNodeGroups ?? []);
  const scaleDown = input.autoscaling?.scaleDown ?? SCALE_DOWN_DEFAULTS;
  return {
    cloudProvider: "aws",
    awsRegion: input.region,
    autoDiscovery: {
      clusterName: input.clusterName,
      // key=value pairs: a group is discovered only when it carries all of them.
      tags: Object.entries(autoscalerTags(input.clusterName)).map(([k, v]) => `${k}=${v}`),
    },
    image: { repository: CLUSTER_AUTOSCALER_IMAGE, tag: release.imageTag },
    extraArgs: {
      // Before 1.35 the autoscaler ignores ResourceClaims unless told; from 1.35 the flag is
      // locked on and `false` makes it exit, so it is left alone there.
      ...(release.draFlag === "set" ? { "enable-dynamic-resource-allocation": true } : {}),
      // Instance types come from DescribeInstanceTypes at run time: the static list of the
      // binary lacks newer types such as p6e-gb200.36xlarge.
      "aws-use-static-instance-list": false,
      // Spot groups first where there are any (expander.ts); then the group that leaves the least
      // CPU and memory idle after the pending pods fit.
      expander: priorities ? "priority,least-waste" : "least-waste",
      "scale-down-unneeded-time": scaleDown.unneededTime,
      "scale-down-utilization-threshold": scaleDown.utilizationThreshold,
      "scale-down-gpu-utilization-threshold": scaleDown.gpuUtilizationThreshold,
      "scale-down-delay-after-add": scaleDown.delayAfterAdd,
    },
    ...(priorities ? { expanderPriorities: priorities } : {}),
    rbac: { serviceAccount: { create: true, name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT } },
    nodeSelector: SYSTEM_NODE_SELECTOR,
    resources: { requests: { cpu: "100m", memory: "600Mi" }, limits: { memory: "600Mi" } },
  };
}
