/**
 * Kubernetes versions the blueprint supports, with what differs between them. Every rule that
 * depends on the Kubernetes version reads this table.
 *
 * Sources: EKS user guide, "Kubernetes version lifecycle" (release calendar) and
 * "Use DRA for NVIDIA GPUs"; dates checked in November 2026.
 */

/** The `resource.k8s.io` version EKS serves for DRA objects. */
export type ResourceApiVersion = "v1beta1" | "v1";

export interface KubernetesVersionInfo {
  readonly resourceApiVersion: ResourceApiVersion;
  /** Last day of EKS standard support (ISO date). */
  readonly standardSupportEnds: string;
  /** Last day of EKS extended support (ISO date). */
  readonly extendedSupportEnds: string;
}

/** The day the support dates were last checked against the EKS release calendar. */
export const VERSIONS_CHECKED_ON = "2026-11-22";

export const KUBERNETES_VERSIONS = {
  "1.33": {
    resourceApiVersion: "v1beta1",
    standardSupportEnds: "2026-07-29",
    extendedSupportEnds: "2027-07-29",
  },
  "1.34": {
    resourceApiVersion: "v1",
    standardSupportEnds: "2026-12-02",
    extendedSupportEnds: "2027-12-02",
  },
  "1.35": {
    resourceApiVersion: "v1",
    standardSupportEnds: "2027-03-27",
    extendedSupportEnds: "2028-03-27",
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
 * EKS moves a cluster on a version past standard support to the next version when its upgrade
 * policy is STANDARD, so a version already in extended support needs EXTENDED.
 */
export function defaultSupportType(version: KubernetesVersion): SupportType {
  return pastStandardSupport(version) ? "EXTENDED" : "STANDARD";
}
