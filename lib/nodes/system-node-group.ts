/** Checks the system node group of one environment and fills in defaults. */
import { show, type Problems } from "../errors";
import { GP3_MAX_GIB, checkScaling } from "./scaling";
import { checkSystemInstanceType } from "./system-instance-types";
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
  if (Number.isInteger(group.minSize) && group.minSize < 1) {
    problems.add(
      `${at}.minSize ${group.minSize} lets the system node group shrink to no nodes: GPU nodes are tainted, so ` +
        "CoreDNS, the operators, Kueue and the Cluster Autoscaler itself (which could not scale it back up) would " +
        `have nowhere to run; set minSize and desiredSize to at least 1 (2 ${production ? "in production" : "for CoreDNS's two replicas"})`,
    );
  } else if (production && group.minSize < 2) {
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
  if (!Number.isInteger(group.diskSizeGiB)) {
    problems.add(
      `${at}.diskSizeGiB ${show(group.diskSizeGiB)} is not a whole number of GiB, which EBS volume sizes are; use a ` +
        `whole number from 20 to ${GP3_MAX_GIB}`,
    );
  } else if (group.diskSizeGiB < 20) {
    problems.add(
      `${at}.diskSizeGiB ${show(group.diskSizeGiB)} is too small for the AL2023 image and container images; use 20 or more`,
    );
  } else if (group.diskSizeGiB > GP3_MAX_GIB) {
    problems.add(
      `${at}.diskSizeGiB ${show(group.diskSizeGiB)} is larger than a gp3 volume can be (${GP3_MAX_GIB} GiB); use ${GP3_MAX_GIB} or less`,
    );
  }
  for (const type of group.instanceTypes) {
    const check = checkSystemInstanceType(type);
    if (check.kind === "arm64") {
      problems.add(
        `${at}.instanceTypes entry ${show(type)} is an arm64 (Graviton) type, but the system node group runs the ` +
          'x86_64 AMI "AL2023_x86_64_STANDARD" and its nodes would not boot; use an x86_64 type such as "m7i.xlarge"',
      );
    } else if (check.kind === "unknown") {
      problems.add(
        `${at}.instanceTypes entry ${show(type)} is not an instance type the system node group knows ` +
          "(lib/nodes/system-instance-types.ts); " +
          (check.suggestion
            ? `did you mean ${show(check.suggestion)}?`
            : 'use an x86_64 general purpose type such as "m7i.xlarge", or add its family to that list'),
      );
    }
  }
}
