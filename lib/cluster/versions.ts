/**
 * The Kubernetes versions the blueprint accepts: the rows of the compatibility matrix
 * (lib/compat/kubernetes.ts) on which every pinned component is supported. Every rule that depends on
 * the Kubernetes version reads the matrix, through this module or lib/compat directly.
 */
import {
  KUBERNETES_MINORS,
  VERSIONS_CHECKED_ON,
  isKubernetesMinor,
  type KubernetesMinorRow,
  type ResourceApiVersion,
  type SupportDatesSource,
} from "../compat/kubernetes";

export { VERSIONS_CHECKED_ON, type ResourceApiVersion, type SupportDatesSource };
export type KubernetesVersionInfo = KubernetesMinorRow;

/**
 * Accepted minors, oldest first. test/compatibility.test.ts holds this list equal to the matrix rows
 * whose components all support them; a minor is added here when its row qualifies.
 */
const ACCEPTED = ["1.33", "1.34", "1.35", "1.36"] as const;

export type KubernetesVersion = (typeof ACCEPTED)[number];

export const KUBERNETES_VERSIONS: Readonly<Record<KubernetesVersion, KubernetesMinorRow>> =
  Object.fromEntries(ACCEPTED.map((v) => [v, KUBERNETES_MINORS[v]])) as Record<
    KubernetesVersion,
    KubernetesMinorRow
  >;

export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = "1.33";

export const SUPPORTED_KUBERNETES_VERSIONS: readonly KubernetesVersion[] = ACCEPTED;

/** Where the upgrade steps are documented, for messages. */
export const UPGRADE_GUIDE = 'docs/upgrades.md "Upgrading Kubernetes"';

/** Control-plane price per cluster-hour (USD), from the Amazon EKS pricing page. */
export const CONTROL_PLANE_PRICE_PER_HOUR = { STANDARD: 0.1, EXTENDED: 0.6 } as const;

export type SupportType = keyof typeof CONTROL_PLANE_PRICE_PER_HOUR;

export function isSupportedKubernetesVersion(version: string): version is KubernetesVersion {
  return isKubernetesMinor(version) && (ACCEPTED as readonly string[]).includes(version);
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
