/**
 * What synth says about a cluster's Kubernetes version. {@link versionWarnings} states facts as of
 * the day the support table was checked: they become annotations of the cluster stack, which cdktf
 * writes into cdktf.out/manifest.json, so they never read the clock. {@link supportReminders} looks
 * at the dates from today; synth prints them and writes them nowhere.
 *
 * Source: EKS user guide, "Understand the Kubernetes version lifecycle on EKS".
 */
import type { ResolvedCluster } from "./settings";
import {
  CONTROL_PLANE_PRICE_PER_HOUR,
  UPGRADE_GUIDE,
  KUBERNETES_VERSIONS,
  VERSIONS_CHECKED_ON,
  nextKubernetesVersion,
  pastStandardSupport,
  type KubernetesVersion,
  type SupportType,
} from "./versions";

/** Days before the end of standard support from which synth reminds a STANDARD cluster. */
export const STANDARD_SUPPORT_NOTICE_DAYS = 60;
/** Age of the support table from which synth asks for a re-check. */
export const VERSIONS_STALE_AFTER_DAYS = 120;

const DAY_MS = 24 * 60 * 60 * 1000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/** Today as an ISO date, for callers that warn from the clock. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Facts about the version that hold on {@link VERSIONS_CHECKED_ON}: cost, node groups held back.
 * What the version means for DRA features is lib/compat/rules.ts's.
 */
export function versionWarnings(
  cluster: Pick<ResolvedCluster, "kubernetesVersion"> &
    Partial<Pick<ResolvedCluster, "nodeGroupsKubernetesVersion">>,
  at: string,
): string[] {
  const version = cluster.kubernetesVersion;
  const info = KUBERNETES_VERSIONS[version];
  const warnings: string[] = [];
  const nodes = cluster.nodeGroupsKubernetesVersion ?? version;
  if (nodes !== version) {
    warnings.push(
      `${at}.nodeGroupsKubernetesVersion "${nodes}" holds the node groups one minor behind the control plane ` +
        `(${version}); once the add-ons are updated, remove it and deploy the cluster stack to roll the nodes`,
    );
  }
  if (pastStandardSupport(version)) {
    warnings.push(
      `${setting(at, version)}: EKS standard support ended on ${info.standardSupportEnds}; the control plane runs ` +
        `on extended support until ${info.extendedSupportEnds} at ${price("EXTENDED")} instead of ` +
        `${price("STANDARD")}${upgradeHint(version)}`,
    );
  }
  return warnings;
}

/** What the support dates mean today (ISO date): an automatic upgrade ahead, a stale table. */
export function supportReminders(
  cluster: Pick<ResolvedCluster, "kubernetesVersion" | "supportType">,
  at: string,
  on: string,
): string[] {
  const version = cluster.kubernetesVersion;
  const info = KUBERNETES_VERSIONS[version];
  const reminders: string[] = [];
  const left = daysBetween(on, info.standardSupportEnds);
  if (cluster.supportType === "STANDARD" && left <= STANDARD_SUPPORT_NOTICE_DAYS) {
    reminders.push(
      `${setting(at, version)}: EKS standard support ${left < 0 ? "ended" : "ends"} on ${info.standardSupportEnds} ` +
        'and supportType "STANDARD" lets EKS upgrade the control plane on its own then; upgrade first, or set ' +
        `supportType "EXTENDED" (${price("EXTENDED")} once standard support ends)`,
    );
  } else if (!pastStandardSupport(version) && left < 0) {
    reminders.push(
      `${setting(at, version)}: EKS standard support ended on ${info.standardSupportEnds}; the control plane now ` +
        `costs ${price("EXTENDED")} instead of ${price("STANDARD")}${upgradeHint(version)}`,
    );
  }
  const age = daysBetween(VERSIONS_CHECKED_ON, on);
  if (age > VERSIONS_STALE_AFTER_DAYS) {
    reminders.push(
      `the EKS support dates in lib/compat/kubernetes.ts were checked on ${VERSIONS_CHECKED_ON}, ${age} days ago; ` +
        "re-check them against the EKS release calendar (aws eks describe-cluster-versions)",
    );
  }
  return reminders;
}

function setting(at: string, version: KubernetesVersion): string {
  return `${at}.kubernetesVersion "${version}"`;
}

function price(supportType: SupportType): string {
  return `$${CONTROL_PLANE_PRICE_PER_HOUR[supportType].toFixed(2)}/h`;
}

function upgradeHint(version: KubernetesVersion): string {
  const next = nextKubernetesVersion(version);
  return next ? `; plan the upgrade to ${next} (${UPGRADE_GUIDE})` : "";
}
