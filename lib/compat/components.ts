/**
 * The components the blueprint pins, each with the version pinned, what it was checked against, the
 * Kubernetes range its upstream documents, and the newer releases known but unreadable here (the
 * public snapshots reachable from this project stop in August 2026) with what an upgrade to each
 * needs. The chart pins (lib/nvidia/charts.ts, lib/queueing/chart.ts, lib/autoscaling/release.ts)
 * take their versions from here.
 *
 * Rule: pin the newest release whose chart values and source can be read and checked; where only
 * the commit that became the release can be read, pin the release and say so (`checkedAgainst`).
 */
import { KEDA_CHART } from "../keda/release";
import { compareVersions, type KubernetesMinor, KUBERNETES_MINORS } from "./kubernetes";

/** A release newer than the pin that could not be read, with what its notes say and the upgrade. */
export interface NewerRelease {
  readonly version: string;
  /** ISO date, where known. */
  readonly released?: string;
  /** What its release notes say (or third-party material, marked as such). */
  readonly notes: string;
  /** What moving the pin to it takes. */
  readonly upgrade: string;
}

/** The Kubernetes versions upstream documents for the pinned version. */
export interface DocumentedRange {
  /** Lowest minor, inclusive. */
  readonly from: string;
  /** Highest minor, inclusive; absent when upstream names no upper bound. */
  readonly through?: string;
  /** Where the range is written. */
  readonly source: string;
}

export interface PinnedComponent {
  readonly title: string;
  readonly version: string;
  /** What the values, CRDs and gates were checked against. */
  readonly checkedAgainst: string;
  readonly range: DocumentedRange;
  readonly newer: readonly NewerRelease[];
}

/** The feature gates Kueue 0.20.0 removes; a configuration that sets one may fail at start. */
export const KUEUE_0_20_REMOVED_GATES = [
  "HierarchicalCohorts",
  "ObjectRetentionPolicies",
  "PropagateBatchJobLabelsToWorkload",
  "SkipFinalizersForPodsSuspendedByParent",
  "MultiKueueWaitForWorkloadAdmitted",
  "MultiKueueRedoAdmissionOnEvictionInWorker",
  "MultiKueueAllowInsecureKubeconfigs",
  "SchedulerLongRequeueInterval",
  "SchedulerTimestampPreemptionBuffer",
] as const;

export const COMPONENTS = {
  draDriver: {
    title: "NVIDIA DRA driver (dra-driver-nvidia-gpu)",
    version: "0.5.0",
    checkedAgainst:
      "kubernetes-sigs/dra-driver-nvidia-gpu main at 95932046 (2026-08-07, chart 0.5.0-dev), the commit line " +
      "released as 0.5.0 on 2026-08-19 (release PR #1367): values keys, CRDs, feature gates and DeviceClass " +
      "templates; the released chart itself could not be read",
    range: {
      from: "1.32",
      source:
        'Chart.yaml kubeVersion ">=1.32.0-0"; docs/prerequisites.md: GPU allocation on 1.34.2+, ComputeDomains 1.32+',
    },
    newer: [],
  },
  gpuOperator: {
    title: "NVIDIA GPU Operator",
    version: "v26.7.0",
    checkedAgainst: "NVIDIA/gpu-operator tag v26.7.0 (2026-08-20): values.yaml and CRDs",
    range: {
      from: "1.33",
      through: "1.36",
      source: 'GPU Operator v26.7 "Platform support": validated Kubernetes 1.33-1.36',
    },
    newer: [
      {
        version: "v26.7.1",
        notes:
          "patch release of 26.7 (pins DRA driver v0.5.0 as draDriver.version); chart not readable here",
        upgrade:
          "regenerate the gpu-operator key and default fixtures from its values.yaml (scripts/chart-keys.ts, " +
          "scripts/chart-defaults.ts), check migManager.env and the validated-platforms list, then move the pin",
      },
    ],
  },
  devicePlugin: {
    title: "NVIDIA device plugin (nvidia-device-plugin)",
    version: "0.20.0",
    checkedAgainst: "NVIDIA/k8s-device-plugin tag v0.20.0 (2026-08-19): values.yaml",
    range: { from: "1.10", source: 'Chart.yaml kubeVersion ">= 1.10.0-0"' },
    newer: [
      {
        version: "0.20.1",
        notes: "fixes GPU memory reported as 4 GiB; chart not readable here",
        upgrade:
          "regenerate the nvidia-device-plugin key and default fixtures, compare nodeSelector, affinity and " +
          "tolerations defaults (the placement proof merges over them), then move the pin",
      },
    ],
  },
  clusterAutoscaler: {
    title: "Cluster Autoscaler (chart cluster-autoscaler)",
    version: "9.59.0",
    checkedAgainst:
      "kubernetes/autoscaler master at 55c37cd5 (2026-08-22): chart 9.59.0 and the release tags of every minor",
    range: {
      from: "1.33",
      through: "1.36",
      source:
        "cluster-autoscaler/README.md: run the autoscaler minor equal to the cluster minor; images exist up to v1.36.1",
    },
    newer: [
      {
        version: "1.37.x image",
        notes:
          "no cluster-autoscaler-1.37 tag yet, only a release-1.37 branch (snapshot of 2026-08-22)",
        upgrade:
          'add clusterAutoscaler { imageTag: "v1.37.<n>", draFlag: "locked" } to the 1.37 row of ' +
          "lib/compat/kubernetes.ts; with the GPU Operator's validation of 1.37 that accepts 1.37",
      },
    ],
  },
  kueue: {
    title: "Kueue",
    version: "0.19.2",
    checkedAgainst:
      "kubernetes-sigs/kueue tag v0.19.2 (2026-08-20): values.yaml, CRDs, configuration",
    range: {
      from: "1.34",
      source:
        "Chart.yaml has no kubeVersion; Kueue reads ResourceClaims only as resource.k8s.io/v1, so DRA quotas need 1.34+",
    },
    newer: [
      {
        version: "0.19.4",
        notes: "patch releases of 0.19; not readable here",
        upgrade:
          "regenerate the kueue key fixture and the manager configuration fixture, then move the pin",
      },
      {
        version: "0.20.0",
        released: "2026-09-30",
        notes: `removes nine feature gates (${KUEUE_0_20_REMOVED_GATES.join(", ")}); a configuration setting one may fail at start`,
        upgrade:
          "the blueprint's configuration sets none of them; regenerate the fixtures from 0.20's chart, re-check " +
          "kueue.x-k8s.io/v1beta2 objects and the DRA mapping keys, then move the pin",
      },
    ],
  },
  volcano: {
    title: "Volcano",
    version: "1.15.1",
    checkedAgainst:
      "volcano-sh/volcano tag v1.15.1 (2026-07-30): values.yaml, CRDs, webhook templates, scheduler source " +
      "(predicates, capacity, nodegroup plugins; allocate action; statement)",
    range: {
      from: "1.34",
      through: "1.35",
      source:
        'README "Kubernetes compatibility": v1.15 is compatible up to 1.35; 1.14 and later read resource.k8s.io/v1 ' +
        "(go.mod: Kubernetes 1.35.3 libraries), so DRA needs 1.34+",
    },
    newer: [],
  },
} as const satisfies Record<string, PinnedComponent>;

export type ComponentName = keyof typeof COMPONENTS;

/**
 * Newer releases of components pinned outside this branch's charts (the team pins them with their
 * features), named so the matrix lists every release known and not readable.
 */
export const OTHER_NEWER_RELEASES: readonly (NewerRelease & {
  readonly component: string;
  readonly pinned: string;
})[] = [
  {
    component: "KEDA",
    pinned: KEDA_CHART.version,
    version: "2.21.0",
    released: "2026-09-23",
    notes:
      "third-party: bound service-account tokens used by triggers need an explicit audience; not readable here",
    upgrade:
      "the Prometheus trigger uses no bound token (no TriggerAuthentication; KEDA may mint none, lib/keda/release.ts), " +
      "so regenerate the keda key fixture and move the pin; a trigger you add with a bound token sets its audience",
  },
];

/** Whether a minor lies in the range upstream documents for the pinned version. */
export function componentSupports(name: ComponentName, minor: KubernetesMinor): boolean {
  if (name === "clusterAutoscaler")
    return (
      (KUBERNETES_MINORS[minor] as { clusterAutoscaler?: unknown }).clusterAutoscaler !== undefined
    );
  const range: DocumentedRange = COMPONENTS[name].range;
  return (
    compareVersions(minor, range.from) >= 0 &&
    (range.through === undefined || compareVersions(minor, range.through) <= 0)
  );
}

/** Why a minor cannot be used: each pinned component outside its documented range. */
export function unsupportedComponents(minor: KubernetesMinor): ComponentName[] {
  return (Object.keys(COMPONENTS) as ComponentName[]).filter(
    // Kueue and Volcano are optional and checked where they are configured (lib/queueing/resolve.ts,
    // lib/volcano/resolve.ts).
    (name) => name !== "kueue" && name !== "volcano" && !componentSupports(name, minor),
  );
}
