/** Checks the system node group of one environment and fills in defaults. */
import { show, type Problems } from "../errors";
import { checkScaling } from "./scaling";
import type { SystemNodeGroupConfig } from "./settings";

export function resolveSystemNodeGroup(
  config: SystemNodeGroupConfig | undefined,
  production: boolean,
  at: string,
  problems: Problems,
): Required<SystemNodeGroupConfig> {
  const group = {
    instanceTypes: config?.instanceTypes ?? ["m7i.xlarge"],
    minSize: config?.minSize ?? 2,
    desiredSize: config?.desiredSize ?? 2,
    maxSize: config?.maxSize ?? 4,
    diskSizeGiB: config?.diskSizeGiB ?? 50,
  };
  checkSystemNodeGroup(group, production, at, problems);
  return group;
}

interface SystemNodeGroupSizes {
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly diskSizeGiB: number;
  readonly instanceTypes: readonly string[];
}

function checkSystemNodeGroup(
  group: SystemNodeGroupSizes,
  production: boolean,
  at: string,
  problems: Problems,
): void {
  checkScaling(group, at, problems);
  if (production && group.minSize < 2) {
    problems.add(
      `${at}.minSize ${group.minSize} is below 2 in a production environment: CoreDNS, the GPU Operator and the DRA ` +
        "controller would have a single node to run on; set minSize to 2 or more",
    );
  }
  if (group.instanceTypes.length === 0) {
    problems.add(
      `${at}.instanceTypes is empty; list at least one x86_64 instance type such as "m7i.xlarge"`,
    );
  }
  if (!Number.isInteger(group.diskSizeGiB) || group.diskSizeGiB < 20) {
    problems.add(
      `${at}.diskSizeGiB ${show(group.diskSizeGiB)} is too small for the AL2023 image and container images; use 20 or more`,
    );
  }
}
