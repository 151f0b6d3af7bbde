/**
 * The Kubernetes minors the compatibility matrix knows, one row each: the DRA API EKS serves, the
 * EKS support dates and the Cluster Autoscaler image of the same minor. Whether a minor is accepted
 * follows from the pinned components (components.ts); which features work follows from features.ts.
 *
 * Sources: EKS user guide, "Understand the Kubernetes version lifecycle on EKS" (release calendar,
 * awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc) and "Use DRA for
 * NVIDIA GPUs"; kubernetes/autoscaler release tags (cluster-autoscaler-1.33.6 ... 1.36.1; no 1.37
 * tag, only a release-1.37 branch, snapshot of 2026-08-22); `datesFrom` says how far each row's
 * dates could be checked.
 */

/** The `resource.k8s.io` version EKS serves for DRA objects. */
export type ResourceApiVersion = "v1beta1" | "v1";

/**
 * Where a row's support dates come from: the EKS release calendar itself, a secondary table that
 * copies it (endoflife.date "Amazon EKS"), the EKS rule that extended support ends 12 months after
 * standard support (the extended date is inferred; the standard date is from a secondary table),
 * or a third-party report of the EKS release with both ends inferred (14 + 12 months).
 */
export type SupportDatesSource =
  "eks-calendar" | "secondary-table" | "extended-end-inferred" | "third-party-inferred";

/** The Cluster Autoscaler release matched to a cluster minor. */
export interface ClusterAutoscalerImage {
  /** The newest patch of the autoscaler minor equal to the cluster minor. */
  readonly imageTag: string;
  /**
   * How `--enable-dynamic-resource-allocation` is handled: `set` where it defaults to false (1.33,
   * 1.34), `locked` where it defaults to true and setting false makes the autoscaler exit (1.35+).
   */
  readonly draFlag: "set" | "locked";
}

export interface KubernetesMinorRow {
  readonly resourceApiVersion: ResourceApiVersion;
  /** First day of EKS availability (ISO date). */
  readonly eksRelease: string;
  /** Last day of EKS standard support (ISO date). */
  readonly standardSupportEnds: string;
  /** Last day of EKS extended support (ISO date). */
  readonly extendedSupportEnds: string;
  readonly datesFrom: SupportDatesSource;
  /** Absent where kubernetes/autoscaler has released no image of the minor. */
  readonly clusterAutoscaler?: ClusterAutoscalerImage;
}

/** The day the support dates and image tags were last checked. */
export const VERSIONS_CHECKED_ON = "2026-12-01";

export const KUBERNETES_MINORS = {
  "1.33": {
    resourceApiVersion: "v1beta1",
    eksRelease: "2025-05-29",
    standardSupportEnds: "2026-07-29",
    extendedSupportEnds: "2027-07-29",
    datesFrom: "eks-calendar",
    clusterAutoscaler: { imageTag: "v1.33.6", draFlag: "set" },
  },
  "1.34": {
    resourceApiVersion: "v1",
    eksRelease: "2025-10-02",
    standardSupportEnds: "2026-12-02",
    extendedSupportEnds: "2027-12-02",
    datesFrom: "eks-calendar",
    clusterAutoscaler: { imageTag: "v1.34.5", draFlag: "set" },
  },
  "1.35": {
    resourceApiVersion: "v1",
    eksRelease: "2026-01-28",
    standardSupportEnds: "2027-03-27",
    extendedSupportEnds: "2028-03-27",
    datesFrom: "secondary-table",
    clusterAutoscaler: { imageTag: "v1.35.2", draFlag: "locked" },
  },
  "1.36": {
    resourceApiVersion: "v1",
    eksRelease: "2026-06-02",
    standardSupportEnds: "2027-08-02",
    extendedSupportEnds: "2028-08-02",
    datesFrom: "extended-end-inferred",
    clusterAutoscaler: { imageTag: "v1.36.1", draFlag: "locked" },
  },
  "1.37": {
    resourceApiVersion: "v1",
    eksRelease: "2026-10-01",
    standardSupportEnds: "2027-12-01",
    extendedSupportEnds: "2028-12-01",
    datesFrom: "third-party-inferred",
  },
} as const satisfies Record<string, KubernetesMinorRow>;

export type KubernetesMinor = keyof typeof KUBERNETES_MINORS;

export const KUBERNETES_MINOR_NAMES = Object.keys(KUBERNETES_MINORS) as readonly KubernetesMinor[];

export function isKubernetesMinor(version: string): version is KubernetesMinor {
  return Object.prototype.hasOwnProperty.call(KUBERNETES_MINORS, version);
}

export function minorRow(minor: KubernetesMinor): KubernetesMinorRow {
  return KUBERNETES_MINORS[minor];
}

/** Compares dotted versions numerically ("1.34.2" > "1.34"); a missing part counts as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
