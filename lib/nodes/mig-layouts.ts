/**
 * MIG layouts: how many MIG devices of each profile every GPU of a node is split into. A layout is
 * named by the node label `nvidia.com/mig.config`, which the GPU Operator's MIG manager applies.
 */
import { show, type Problems } from "../errors";
import { LABELS } from "./labels";
import type { MigLayout, ResolvedGpuNodeGroup } from "./settings";
import { MIG_COMPUTE_SLICES, MIG_MEMORY_SLICES, type GpuModel } from "./gpu-catalog";

export const MIG_DISABLED_LAYOUT = "all-disabled";

/**
 * The layouts every MIG-capable GPU gets: `all-<profile>` fills each GPU with as many devices of
 * one profile as fit, and `all-disabled` turns MIG off.
 */
export function builtInLayouts(model: GpuModel): Record<string, MigLayout> {
  const layouts: Record<string, MigLayout> = { [MIG_DISABLED_LAYOUT]: {} };
  for (const profile of model.migProfiles) {
    const count = Math.min(
      Math.floor(MIG_COMPUTE_SLICES / profile.computeSlices),
      Math.floor(MIG_MEMORY_SLICES / profile.memorySlices),
    );
    layouts[`all-${profile.name}`] = { [profile.name]: count };
  }
  return layouts;
}

/** Adds a problem for each way the layout does not fit the GPU; returns true when it fits. */
export function checkLayout(
  layout: MigLayout,
  model: GpuModel,
  at: string,
  problems: Problems,
): boolean {
  const before = problems.all.length;
  const known = new Map(model.migProfiles.map((p) => [p.name, p]));
  let compute = 0;
  let memory = 0;
  for (const [name, count] of Object.entries(layout)) {
    const profile = known.get(name);
    if (!profile) {
      problems.add(
        `${at} uses MIG profile ${show(name)}, which ${model.productName} does not have; use one of ` +
          [...known.keys()].join(", "),
      );
      continue;
    }
    if (!Number.isInteger(count) || count < 1) {
      problems.add(
        `${at} asks for ${show(count)} devices of ${name}; use a whole number of 1 or more`,
      );
      continue;
    }
    compute += profile.computeSlices * count;
    memory += profile.memorySlices * count;
  }
  if (compute > MIG_COMPUTE_SLICES || memory > MIG_MEMORY_SLICES) {
    problems.add(
      `${at} ${show(layout)} needs ${compute} compute and ${memory} memory slices per GPU, but a GPU has ` +
        `${MIG_COMPUTE_SLICES} compute and ${MIG_MEMORY_SLICES} memory slices; remove devices until both fit`,
    );
  }
  return problems.all.length === before;
}

/** Node groups that split their GPUs with MIG. */
export function migGroups(groups: readonly ResolvedGpuNodeGroup[]): ResolvedGpuNodeGroup[] {
  return groups.filter((g) => g.mig !== undefined);
}

/**
 * One layout name must mean the same devices on every node that carries it: `all-1g.10gb` is four
 * devices on an A100 40 GB and seven on an A100 80 GB, so two such groups cannot share the name.
 */
/** Kubernetes label values: at most 63 characters (apimachinery validation.IsValidLabelValue). */
const LABEL_VALUE_MAX = 63;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why a string is not a Kubernetes label value, or undefined when it is one. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > LABEL_VALUE_MAX) return `is ${value.length} characters long`;
  if (!LABEL_VALUE.test(value)) return "holds characters a label value cannot";
  return undefined;
}

export function checkMigLayoutNames(
  groups: readonly ResolvedGpuNodeGroup[],
  at: string,
  problems: Problems,
): void {
  const seen = new Map<string, ResolvedGpuNodeGroup>();
  for (const group of migGroups(groups)) {
    const { layoutName, layout } = group.mig!;
    const problem = labelValueProblem(layoutName);
    if (problem && !seen.has(layoutName)) {
      problems.add(
        `${at}.gpuNodeGroups.${group.name}.migLayout ${show(layoutName)} ${problem}, and the layout name becomes the ` +
          `value of the node label ${LABELS.migConfig}, which allows at most ${LABEL_VALUE_MAX} letters, digits, '-', ` +
          "'_' or '.', starting and ending with a letter or digit; rename the layout in migLayouts and here",
      );
    }
    const first = seen.get(layoutName);
    if (first && JSON.stringify(first.mig!.layout) !== JSON.stringify(layout)) {
      problems.add(
        `${at}.gpuNodeGroups.${group.name}.migLayout ${show(layoutName)} means ${show(layout)} on ` +
          `${group.gpu.productName} but ${show(first.mig!.layout)} on ${first.gpu.productName} (group ` +
          `${first.name}); one MIG config cannot hold both, so declare a custom layout with its own name in migLayouts`,
      );
    }
    if (!first) seen.set(layoutName, group);
  }
}
