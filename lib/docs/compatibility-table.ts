/** The compatibility matrix as docs/compatibility.md shows it, generated from lib/compat. */
import { isSupportedKubernetesVersion } from "../cluster/versions";
import {
  COMPONENTS,
  OTHER_NEWER_RELEASES,
  componentSupports,
  type ComponentName,
  type PinnedComponent,
} from "../compat/components";
import {
  FEATURES,
  featureSupport,
  type FeatureName,
  type FeatureSupport,
} from "../compat/features";
import {
  KUBERNETES_MINORS,
  KUBERNETES_MINOR_NAMES,
  VERSIONS_CHECKED_ON,
  type KubernetesMinorRow,
} from "../compat/kubernetes";
import { refusalReasons } from "../compat/rules";

const SUPPORT: Readonly<Record<FeatureSupport, string>> = {
  no: "no",
  "from-patch": "from patch",
  beta: "beta",
  yes: "yes",
};

const cell = (text: string) => text.replace(/\|/g, "\\|");

function row(title: string, cells: readonly string[]): string {
  return `| ${[title, ...cells].map(cell).join(" | ")} |`;
}

/** Minors across, one row per fact: API, dates, each component, each feature. */
export function compatibilityMatrixTable(): string {
  const minors = KUBERNETES_MINOR_NAMES;
  const rows = minors.map((m) => KUBERNETES_MINORS[m] as KubernetesMinorRow);
  const components = Object.keys(COMPONENTS) as ComponentName[];
  const features = Object.keys(FEATURES) as FeatureName[];
  return [
    row(
      "",
      minors.map((m) => `**${m}**`),
    ),
    `| --- |${minors.map(() => " --- |").join("")}`,
    row(
      "accepted by synth",
      minors.map((m) => (isSupportedKubernetesVersion(m) ? "yes" : "refused")),
    ),
    row(
      "DRA API",
      rows.map((r) => `resource.k8s.io/${r.resourceApiVersion}`),
    ),
    row(
      "EKS release",
      rows.map((r) => r.eksRelease),
    ),
    row(
      "end of standard support",
      rows.map((r) => r.standardSupportEnds),
    ),
    row(
      "end of extended support",
      rows.map((r) => r.extendedSupportEnds),
    ),
    row(
      "Cluster Autoscaler image",
      rows.map((r) => r.clusterAutoscaler?.imageTag ?? "none released"),
    ),
    ...components.map((name) => {
      const c: PinnedComponent = COMPONENTS[name];
      return row(
        `${c.title} ${c.version}`,
        minors.map((m) => (componentSupports(name, m) ? "yes" : "no")),
      );
    }),
    ...features.map((name) =>
      row(
        `${FEATURES[name].title} (${FEATURES[name].since}+)`,
        minors.map((m) => SUPPORT[featureSupport(name, m)]),
      ),
    ),
    "",
    ...minors
      .filter((m) => !isSupportedKubernetesVersion(m))
      .map((m) => `${m} is refused: ${refusalReasons(m).join("; ")}.`),
    "",
    `Dates and image tags as checked on ${VERSIONS_CHECKED_ON}; "from patch": EKS serves the patch the feature ` +
      "needs through platform versions (check `kubectl version`).",
  ].join("\n");
}

/** Each pinned component: version, what it was checked against, its documented range. */
export function pinnedComponentsTable(): string {
  return [
    "| component | pinned | checked against | documented Kubernetes range |",
    "| --- | --- | --- | --- |",
    ...(Object.values(COMPONENTS) as PinnedComponent[]).map((c) =>
      row(c.title, [
        c.version,
        c.checkedAgainst,
        `${c.range.from}${c.range.through ? ` to ${c.range.through}` : " and later"}: ${c.range.source}`,
      ]),
    ),
  ].join("\n");
}

/** Every newer release known but not readable here, with its notes and the upgrade it needs. */
export function newerReleasesTable(): string {
  const own = (Object.values(COMPONENTS) as PinnedComponent[]).flatMap((c) =>
    c.newer.map((n) => ({ component: c.title, pinned: c.version, ...n })),
  );
  return [
    "| component | pinned | newer release | what its notes say | upgrade steps |",
    "| --- | --- | --- | --- | --- |",
    ...[...own, ...OTHER_NEWER_RELEASES].map((n) =>
      row(n.component, [
        n.pinned,
        n.released ? `${n.version} (${n.released})` : n.version,
        n.notes,
        n.upgrade,
      ]),
    ),
  ].join("\n");
}

/** The Cluster Autoscaler image of every known minor and how its DRA flag is handled. */
export function autoscalerImageTable(): string {
  const flag = {
    set: "set to `true` (off by default)",
    locked: "left alone (on and locked; `false` makes it exit)",
  };
  return [
    "| Kubernetes | autoscaler image | `--enable-dynamic-resource-allocation` |",
    "| --- | --- | --- |",
    ...KUBERNETES_MINOR_NAMES.map((m) => {
      const image = (KUBERNETES_MINORS[m] as KubernetesMinorRow).clusterAutoscaler;
      return image
        ? `| ${m} | \`${image.imageTag}\` | ${flag[image.draFlag]} |`
        : `| ${m} | none released | ${m} is refused |`;
    }),
  ].join("\n");
}
