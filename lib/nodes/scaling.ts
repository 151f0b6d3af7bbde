import type { Problems } from "../errors";

/** Largest gp3 volume (EBS User Guide, "Amazon EBS volume types": gp3 1 GiB - 16 TiB). */
export const GP3_MAX_GIB = 16384;
/** EKS default quota "Nodes per managed node group", L-BD136A63 (EKS User Guide, "Amazon EKS service quotas"). */
export const MAX_NODES_PER_MANAGED_NODE_GROUP = 450;

/** min <= desired <= max, whole numbers, max at least 1: what EKS accepts for any node group. */
export function checkScaling(
  sizes: { readonly minSize: number; readonly desiredSize: number; readonly maxSize: number },
  at: string,
  problems: Problems,
): void {
  const { minSize, desiredSize, maxSize } = sizes;
  const whole = [minSize, desiredSize, maxSize].every((n) => Number.isInteger(n) && n >= 0);
  if (!whole || minSize > desiredSize || desiredSize > maxSize || maxSize < 1) {
    problems.add(
      `${at} sizes min ${minSize}, desired ${desiredSize}, max ${maxSize} are not valid: EKS needs whole numbers with ` +
        "min <= desired <= max and max >= 1; adjust minSize, desiredSize or maxSize",
    );
  } else if (maxSize > MAX_NODES_PER_MANAGED_NODE_GROUP) {
    problems.add(
      `${at}.maxSize ${maxSize} is above the ${MAX_NODES_PER_MANAGED_NODE_GROUP} nodes EKS allows in one managed node group (quota L-BD136A63); ` +
        "split the nodes over more groups",
    );
  }
}
