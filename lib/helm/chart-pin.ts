/**
 * A Helm chart pinned to the versions whose values keys the tests check, and the per-environment
 * override of it. Another version needs `allowUntestedVersion`, because chart keys move between
 * releases and Helm ignores an unknown key without a word.
 */
import { show, type Problems } from "../errors";

export interface ChartPin {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  /** Versions whose values keys the tests check (test/fixtures/charts). */
  readonly testedVersions: readonly string[];
}

/** Where a chart comes from; every field defaults to the pinned chart. */
export interface ChartConfig {
  readonly repository?: string;
  readonly chart?: string;
  readonly version?: string;
  /** Accept a version outside the tested list. Check the chart's values keys yourself. @default false */
  readonly allowUntestedVersion?: boolean;
}

/** The pin with the environment's overrides; a problem for an untested version not acknowledged. */
export function resolveChart(
  pin: ChartPin,
  config: ChartConfig | undefined,
  at: string,
  problems: Problems,
): ChartPin {
  const version = config?.version ?? pin.version;
  const emptyMeans = {
    repository: "Helm would look for the chart in no repository",
    chart: "Helm would have no chart to install",
    version: "Helm would install whatever chart version is newest in the repository, unpinned",
  } as const;
  for (const field of ["repository", "chart", "version"] as const) {
    const value = config?.[field];
    if (value !== undefined && value.trim() === "") {
      problems.add(
        `${at}.${field} ${show(value)} is empty: ${emptyMeans[field]}; remove ${field} to use the pinned ` +
          `${show(pin[field])}, or set ${field === "version" ? "an exact version" : "a value"}`,
      );
    }
  }
  // An empty version is reported above, not as an untested one.
  if (
    version.trim() !== "" &&
    !pin.testedVersions.includes(version) &&
    !config?.allowUntestedVersion
  ) {
    problems.add(
      `${at}.version ${show(version)} is not a version the blueprint's values were checked against ` +
        `(${pin.testedVersions.join(", ")}): chart keys move between releases and Helm ignores unknown ones; use a ` +
        "tested version, or set allowUntestedVersion: true after checking the chart's values.yaml",
    );
  }
  return {
    repository: config?.repository ?? pin.repository,
    chart: config?.chart ?? pin.chart,
    version,
    testedVersions: pin.testedVersions,
  };
}
