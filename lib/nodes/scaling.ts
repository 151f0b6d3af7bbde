import type { Problems } from "../errors";

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
  }
}
