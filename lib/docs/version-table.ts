/** The Kubernetes version table of docs/upgrades.md, generated from lib/cluster/versions.ts. */
import {
  CONTROL_PLANE_PRICE_PER_HOUR,
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_VERSIONS,
  SUPPORTED_KUBERNETES_VERSIONS,
  VERSIONS_CHECKED_ON,
  pastStandardSupport,
  type SupportDatesSource,
} from "../cluster/versions";

const price = (dollars: number) => `$${dollars.toFixed(2)}/h`;

const DATES_FROM: Record<SupportDatesSource, string> = {
  "eks-calendar": "EKS release calendar",
  "secondary-table": "secondary table",
  "extended-end-inferred": "secondary table; extended end inferred (+12 months)",
  "third-party-inferred": "third-party release report; both ends inferred (+14, +26 months)",
};

export function versionTable(): string {
  const { STANDARD, EXTENDED } = CONTROL_PLANE_PRICE_PER_HOUR;
  return [
    "| version | DRA API | end of standard support | end of extended support | control plane | dates from |",
    "| --- | --- | --- | --- | --- | --- |",
    ...SUPPORTED_KUBERNETES_VERSIONS.map((version) => {
      const info = KUBERNETES_VERSIONS[version];
      const name = version === DEFAULT_KUBERNETES_VERSION ? `${version} (default)` : version;
      const cost = pastStandardSupport(version)
        ? `extended support only: ${price(EXTENDED)}`
        : `${price(STANDARD)}, ${price(EXTENDED)} in extended support`;
      return `| ${name} | \`resource.k8s.io/${info.resourceApiVersion}\` | ${info.standardSupportEnds} | ${info.extendedSupportEnds} | ${cost} | ${DATES_FROM[info.datesFrom]} |`;
    }),
    "",
    `Dates as checked on ${VERSIONS_CHECKED_ON} (\`lib/cluster/versions.ts\`); the support status is derived from them.`,
  ].join("\n");
}
