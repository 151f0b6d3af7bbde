/**
 * What synth does with the compatibility matrix: a production environment is refused where upstream
 * calls a combination unsupported, any other environment is warned what will break, and feature
 * gates that need a newer Kubernetes or clash with the node groups' layout are refused everywhere.
 */
import { isAutoscaled } from "../autoscaling/node-groups";
import {
  SUPPORTED_KUBERNETES_VERSIONS,
  UPGRADE_GUIDE,
  nextKubernetesVersion,
  type KubernetesVersion,
} from "../cluster/versions";
import { show, type Problems } from "../errors";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { COMPONENTS, unsupportedComponents, type PinnedComponent } from "./components";
import { FEATURES, firstMinorWith, supports, type FeatureName } from "./features";
import { compareVersions, KUBERNETES_MINORS, type KubernetesMinor } from "./kubernetes";

/** What the rules read of an environment. */
export interface CompatibilityInput {
  readonly production: boolean;
  readonly kubernetesVersion: KubernetesVersion;
  /** The node groups' minor: the control plane's, or the one before during an upgrade. */
  readonly nodeGroupsKubernetesVersion: KubernetesVersion;
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  /** The DRA driver gates the environment sets. */
  readonly featureGates: Readonly<Record<string, boolean>>;
}

const UPGRADES = `one minor per step (${UPGRADE_GUIDE})`;

function firstWith(feature: FeatureName): KubernetesVersion {
  return firstMinorWith(feature, SUPPORTED_KUBERNETES_VERSIONS) as KubernetesVersion;
}

function groupList(groups: readonly ResolvedGpuNodeGroup[]): string {
  return groups.map((g) => show(g.name)).join(", ");
}

function lower(a: KubernetesVersion, b: KubernetesVersion): KubernetesVersion {
  return compareVersions(a, b) <= 0 ? a : b;
}

/**
 * Refusals go to `problems`; the warnings of a non-production environment are returned. Each
 * message names the setting, the version, what breaks and the fix.
 */
export function compatibilityRules(
  input: CompatibilityInput,
  at: string,
  problems: Problems,
): string[] {
  const warnings: string[] = [];
  const report = (message: string, fix: string) => {
    if (input.production)
      problems.add(`${message}. A production environment is refused there; ${fix}`);
    else warnings.push(`${message}; ${fix}`);
  };

  // The kubelet side of DRA matters (kubernetes/kubernetes#133920), so held-back nodes count.
  const nodes = lower(input.kubernetesVersion, input.nodeGroupsKubernetesVersion);
  const setting =
    nodes === input.kubernetesVersion
      ? `${at}.kubernetesVersion ${show(input.kubernetesVersion)}`
      : `${at}.nodeGroupsKubernetesVersion ${show(nodes)}`;
  const draGroups = input.gpuNodeGroups.filter((g) => g.allocation === "dra");
  if (draGroups.length > 0 && !supports("draGpuAllocation", nodes)) {
    const feature = FEATURES.draGpuAllocation;
    const message =
      `${setting}: gpuNodeGroups ${groupList(draGroups)} use allocation "dra", but ${feature.title} needs ` +
      `Kubernetes ${feature.since} or later (${feature.source}): ${feature.below}`;
    report(
      message,
      nodes === input.kubernetesVersion
        ? `upgrade to kubernetesVersion ${show(firstWith("draGpuAllocation"))} or later, ${UPGRADES}, or set ` +
            'allocation "device-plugin" on those groups'
        : `remove nodeGroupsKubernetesVersion so the node groups move to ${show(input.kubernetesVersion)} in the ` +
            'same apply, or set allocation "device-plugin" on those groups',
    );
  }

  const autoscaled = draGroups.filter((g) => isAutoscaled(g) && g.maxSize > g.minSize);
  if (autoscaled.length > 0 && !supports("autoscaledDraGroups", input.kubernetesVersion)) {
    const feature = FEATURES.autoscaledDraGroups;
    const message =
      `${at}.kubernetesVersion ${show(input.kubernetesVersion)}: the Cluster Autoscaler resizes the DRA groups ` +
      `${groupList(autoscaled)} (minSize below maxSize), but ${feature.title} are production-ready only from ` +
      `Kubernetes ${feature.since} (${feature.source}): ${feature.below}`;
    report(
      message,
      `upgrade to kubernetesVersion ${show(firstWith("autoscaledDraGroups"))} or later, ${UPGRADES}, or give ` +
        "those groups minSize equal to maxSize so the autoscaler leaves them alone",
    );
  }

  if (!input.production && !supports("draGpuAllocation", input.kubernetesVersion)) {
    warnings.push(lacking(input.kubernetesVersion, at));
  }

  dynamicMigRules(input, at, problems);
  return warnings;
}

/**
 * The features a user of the blueprint can turn to; nodeadm's label is plumbing, and the
 * extended-resource mapping is one the blueprint removes (lib/nvidia/post-render.ts).
 */
const USABLE_FEATURES: readonly FeatureName[] = [
  "draGpuAllocation",
  "autoscaledDraGroups",
  "kueueDraQuotas",
  "draPodMetrics",
  "partitionableDevices",
  "consumableCapacity",
];

/** Every usable feature a version lacks that a newer accepted one has, as one warning. */
function lacking(version: KubernetesVersion, at: string): string {
  const missing = USABLE_FEATURES.filter((name) => !supports(name, version)).map(
    (name) => `${FEATURES[name].title} (${FEATURES[name].since}+)`,
  );
  const next = nextKubernetesVersion(version);
  return (
    `${at}.kubernetesVersion ${show(version)} serves DRA as resource.k8s.io/` +
    `${KUBERNETES_MINORS[version].resourceApiVersion} and lacks: ${missing.join(", ")}` +
    (next ? `; plan the upgrade to ${next} (${UPGRADE_GUIDE}; docs/compatibility.md)` : "")
  );
}

/**
 * DynamicMIG makes the DRA driver create and destroy MIG partitions itself: it needs
 * DRAPartitionableDevices on the API server and scheduler (on by default only from 1.36; EKS sets no
 * control-plane gates) and must not meet the MIG manager, which would repartition the same GPUs.
 * Source: dra-driver-nvidia-gpu docs/feature-gates.md and docs/mig.md (0.5.0-dev).
 */
function dynamicMigRules(input: CompatibilityInput, at: string, problems: Problems): void {
  if (input.featureGates.DynamicMIG !== true) return;
  const where = `${at}.nvidia.draDriver.featureGates.DynamicMIG`;
  if (!supports("partitionableDevices", input.kubernetesVersion)) {
    problems.add(
      `${where} is true on kubernetesVersion ${show(input.kubernetesVersion)}, but DynamicMIG needs the Kubernetes ` +
        `gate DRAPartitionableDevices on the API server and scheduler, which EKS turns on only from ` +
        `${FEATURES.partitionableDevices.since} (its default); upgrade to kubernetesVersion ` +
        `${show(firstWith("partitionableDevices"))} or turn DynamicMIG off`,
    );
  }
  const mig = input.gpuNodeGroups.filter((g) => g.mig);
  if (mig.length > 0) {
    problems.add(
      `${where} is true beside the MIG layouts of gpuNodeGroups ${groupList(mig)}: DynamicMIG creates and destroys ` +
        "partitions itself and would remove the ones the GPU Operator's MIG manager applies (and the manager " +
        "those of DynamicMIG); remove migLayout from those groups or turn DynamicMIG off",
    );
  }
}

/** Why a known minor is not accepted: its unsupported components, with their documented ranges. */
export function refusalReasons(minor: KubernetesMinor): string[] {
  return unsupportedComponents(minor).map((name) => {
    const c: PinnedComponent = COMPONENTS[name];
    return name === "clusterAutoscaler"
      ? `no Cluster Autoscaler image of ${minor} exists (${c.newer[0]?.notes ?? c.range.source}), and the blueprint runs ` +
          "the autoscaler minor equal to the cluster minor in every environment"
      : `${c.title} ${c.version} is documented for ${c.range.from}${c.range.through ? `-${c.range.through}` : "+"} only (${c.range.source})`;
  });
}
