/**
 * Kubernetes versions the blueprint supports, with what differs between them. Every rule that
 * depends on the Kubernetes version reads this table: the DRA API of the driver chart values and of
 * the example claims, the support type, the synth warnings.
 *
 * Sources: EKS user guide, "Understand the Kubernetes version lifecycle on EKS" (release calendar,
 * awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc) and "Use DRA for
 * NVIDIA GPUs"; `datesFrom` says how far each row's dates could be checked.
 */

/** The `resource.k8s.io` version EKS serves for DRA objects. */
export type ResourceApiVersion = "v1beta1" | "v1";

/**
 * Where a row's support dates come from: the EKS release calendar itself, a secondary table that
 * copies it (endoflife.date "Amazon EKS"), or the EKS rule that extended support ends 12 months
 * after standard support (the extended date is inferred; the standard date is from a secondary table).
 */
export type SupportDatesSource = "eks-calendar" | "secondary-table" | "extended-end-inferred";

export interface KubernetesVersionInfo {
  readonly resourceApiVersion: ResourceApiVersion;
  /** First day of EKS availability (ISO date). */
  readonly eksRelease: string;
  /** Last day of EKS standard support (ISO date). */
  readonly standardSupportEnds: string;
  /** Last day of EKS extended support (ISO date). */
  readonly extendedSupportEnds: string;
  readonly datesFrom: SupportDatesSource;
}

/** The day the support dates were last checked against the EKS release calendar. */
export const VERSIONS_CHECKED_ON = "2026-12-01";

export const KUBERNETES_VERSIONS = {
  "1.33": {
    resourceApiVersion: "v1beta1",
    eksRelease: "2025-05-29",
    standardSupportEnds: "2026-07-29",
    extendedSupportEnds: "2027-07-29",
    datesFrom: "eks-calendar",
  },
  "1.34": {
    resourceApiVersion: "v1",
    eksRelease: "2025-10-02",
    standardSupportEnds: "2026-12-02",
    extendedSupportEnds: "2027-12-02",
    datesFrom: "eks-calendar",
  },
  "1.35": {
    resourceApiVersion: "v1",
    eksRelease: "2026-01-28",
    standardSupportEnds: "2027-03-27",
    extendedSupportEnds: "2028-03-27",
    datesFrom: "secondary-table",
  },
  "1.36": {
    resourceApiVersion: "v1",
    eksRelease: "2026-06-02",
    standardSupportEnds: "2027-08-02",
    extendedSupportEnds: "2028-08-02",
    datesFrom: "extended-end-inferred",
  },
} as const satisfies Record<string, KubernetesVersionInfo>;

export type KubernetesVersion = keyof typeof KUBERNETES_VERSIONS;

export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = "1.33";

export const SUPPORTED_KUBERNETES_VERSIONS = Object.keys(
  KUBERNETES_VERSIONS,
) as readonly KubernetesVersion[];

/** Control-plane price per cluster-hour (USD), from the Amazon EKS pricing page. */
export const CONTROL_PLANE_PRICE_PER_HOUR = { STANDARD: 0.1, EXTENDED: 0.6 } as const;

export type SupportType = keyof typeof CONTROL_PLANE_PRICE_PER_HOUR;

export function isSupportedKubernetesVersion(version: string): version is KubernetesVersion {
  return Object.prototype.hasOwnProperty.call(KUBERNETES_VERSIONS, version);
}

/**
 * Whether the version's standard support had ended on a day (ISO date). Synthesized output asks
 * about {@link VERSIONS_CHECKED_ON}, never the clock, so the same commit always synthesizes the same.
 */
export function pastStandardSupport(
  version: KubernetesVersion,
  on: string = VERSIONS_CHECKED_ON,
): boolean {
  return KUBERNETES_VERSIONS[version].standardSupportEnds < on;
}

/**
 * EKS upgrades a control plane whose version leaves standard support when its upgrade policy is
 * STANDARD. Production never lets that happen unplanned: it pays extended support ($0.60/h instead
 * of $0.10/h, about $365 more per cluster-month) only for the months it stays past standard
 * support, and upgrades on its own schedule. Elsewhere a version still in standard support
 * defaults to STANDARD; one already past it needs EXTENDED.
 */
export function defaultSupportType(version: KubernetesVersion, production: boolean): SupportType {
  return production || pastStandardSupport(version) ? "EXTENDED" : "STANDARD";
}

/** The version after `version` in the table, if the blueprint supports one. */
export function nextKubernetesVersion(version: KubernetesVersion): KubernetesVersion | undefined {
  return SUPPORTED_KUBERNETES_VERSIONS[SUPPORTED_KUBERNETES_VERSIONS.indexOf(version) + 1];
}
