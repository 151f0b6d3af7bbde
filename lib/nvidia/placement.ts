/**
 * Which DaemonSets land on which node group, computed the way the scheduler would: the DaemonSets
 * of every release (daemonsets.ts) against each group's node once its software has settled
 * (settled-node.ts). Synth refuses a configuration unless every GPU group gets exactly one GPU
 * plugin of its allocation's kind, every EFA group the EFA plugin, every MIG group a layout the MIG
 * manager can apply and a GPU plugin it can pause, and the system nodes no GPU daemon. Ownership
 * follows from placement, not from a preset label that the operator may sweep away. It also says
 * which groups serve a pod that asks for the extended resource `nvidia.com/gpu`.
 */
import { show } from "../errors";
import { supports } from "../compat/features";
import { usesEfa } from "../nodes/gpu-catalog";
import { LABELS } from "../nodes/labels";
import type { GpuAllocation, ResolvedGpuNodeGroup } from "../nodes/settings";
import {
  daemonSets,
  lands,
  renderPlatform,
  type DaemonSetModel,
  type NodeModel,
  type RenderedPlatform,
} from "./daemonsets";
import { migFailureCause, MIG_MANAGER_REBOOT_ENV } from "./mig-state";
import { operatorWritesClientLabel } from "./operator-labels";
import type { NvidiaPlatformInput } from "./settings";
import { settledGpuNode, systemNode } from "./settled-node";

export {
  daemonSets,
  lands,
  renderPlatform,
  type DaemonSetModel,
  type NodeModel,
  type RenderedPlatform,
} from "./daemonsets";
export { settledGpuNode, systemNode } from "./settled-node";

/** What placement is computed from: the NVIDIA platform and the system nodes beside it. */
export interface PlacementInput extends NvidiaPlatformInput {
  readonly systemNodeGroup: { readonly instanceTypes: readonly string[] };
}

export interface GroupPlacement {
  readonly nodeGroup: string;
  readonly group: ResolvedGpuNodeGroup;
  readonly node: NodeModel;
  /** Every DaemonSet that lands on the group's nodes. */
  readonly daemonSets: readonly DaemonSetModel[];
  readonly gpuOwners: readonly DaemonSetModel[];
  readonly efaOwners: readonly DaemonSetModel[];
  /**
   * Whether a pod asking for `nvidia.com/gpu` can be scheduled here: the device plugin advertises it;
   * a DRA node serves it only where Kubernetes maps extended resources to DRA (1.36+) and the
   * driver's DeviceClass keeps the mapping, which the blueprint removes.
   */
  readonly servesGpuExtendedResource: boolean;
}

export interface Placement {
  readonly groups: readonly GroupPlacement[];
  /** DaemonSets that land on the system nodes. */
  readonly system: readonly DaemonSetModel[];
}

export function placement(
  input: PlacementInput,
  rendered: RenderedPlatform = renderPlatform(input),
): Placement {
  const all = daemonSets(rendered);
  const groups = input.gpuNodeGroups.map((group) => {
    const node = settledGpuNode(group, input, rendered);
    const on = all.filter((ds) => lands(ds, node));
    const gpuOwners = on.filter((ds) => ds.gpuOwner);
    return {
      nodeGroup: group.name,
      group,
      node,
      daemonSets: on,
      gpuOwners,
      efaOwners: on.filter((ds) => ds.efaOwner),
      servesGpuExtendedResource: gpuOwners.some(
        (ds) =>
          ds.gpuOwner === "device-plugin" ||
          (supports("extendedResourceMapping", input.kubernetesVersion) &&
            rendered.draDriver.some(
              (r) => ds.name.startsWith(`${r.name}/`) && r.mapsGpuExtendedResource,
            )),
      ),
    };
  });
  const system = systemNode(input);
  return { groups, system: all.filter((ds) => lands(ds, system)) };
}

/** Whether the MIG manager pauses this plugin on this node before it repartitions the GPUs. */
export function pausable(ds: DaemonSetModel, node: NodeModel): boolean {
  return LABELS.deployClient in ds.nodeSelector && node.labels[LABELS.deployClient] === "true";
}

const OWNER_NAME: Readonly<Record<GpuAllocation, string>> = {
  dra: "the DRA driver's GPU kubelet plugin",
  "device-plugin": "the NVIDIA device plugin",
};

/** Problems for every rule of the module comment that the placement breaks. */
export function placementProblems(
  input: PlacementInput,
  at: string,
  rendered: RenderedPlatform = renderPlatform(input),
): string[] {
  const result = placement(input, rendered);
  const problems: string[] = [];
  const operatorVersion = input.nvidia.gpuOperator.version;
  for (const p of result.groups) {
    const where = `${at}.gpuNodeGroups.${p.nodeGroup}`;
    const allocation = p.group.allocation;
    const names = (list: readonly DaemonSetModel[]) => list.map((ds) => ds.name).join(", ");
    const migState = p.node.labels[LABELS.migConfigState];
    if (p.group.mig && migState === "failed") {
      problems.push(
        `${where}.migLayout ${show(p.group.mig.layoutName)}: the MIG manager would set ${LABELS.migConfigState}=failed ` +
          `(${migFailureCause(p.group.instanceType, p.group.mig.layoutName)}), so no GPU plugin would start on its ` +
          `nodes; keep ${MIG_MANAGER_REBOOT_ENV.name}=true in the GPU Operator values (gpu-operator-values.ts sets it ` +
          "for every environment with a MIG group) or remove migLayout",
      );
    } else if (p.gpuOwners.length === 0) {
      problems.push(
        `${where}: no GPU plugin would run on its nodes, so pods could not use its GPUs: allocation ` +
          `${show(allocation)} needs ${OWNER_NAME[allocation]}, whose selectors do not match the node's labels; ` +
          `check ${at}.nvidia.gpuOperator.version ${show(operatorVersion)} (the tested one writes the labels the plugins select)`,
      );
    } else if (p.gpuOwners.length > 1) {
      problems.push(
        `${where}: ${p.gpuOwners.length} GPU plugins would run on its nodes (${names(p.gpuOwners)}) and offer the ` +
          "same GPUs twice, so the scheduler would oversubscribe them; keep one plugin per node (the GPU Operator's " +
          "devicePlugin must stay off)",
      );
    } else if (p.gpuOwners[0].gpuOwner !== allocation) {
      problems.push(
        `${where}: allocation is ${show(allocation)}, but the GPU plugin on its nodes is ${p.gpuOwners[0].name}, ` +
          `which hands out GPUs for ${show(p.gpuOwners[0].gpuOwner)}; its nodes need ${OWNER_NAME[allocation]}`,
      );
    }
    const efa = usesEfa(p.group.instance);
    if (efa && p.efaOwners.length !== 1) {
      problems.push(
        p.efaOwners.length === 0
          ? `${where}: ${p.group.instanceType} gets EFA interfaces, but no EFA device plugin would run on its nodes, ` +
              "so no pod could request vpc.amazonaws.com/efa and NCCL would fall back to TCP"
          : `${where}: ${p.efaOwners.length} EFA plugins would run on its nodes (${names(p.efaOwners)}); an EFA ` +
              "device plugin and an EFA DRA driver must never share a node",
      );
    }
    if (!efa && p.efaOwners.length > 0) {
      problems.push(
        `${where}: ${names(p.efaOwners)} would run on its nodes, which have no EFA interfaces; it must select ` +
          "only the EFA node groups",
      );
    }
    const owner = p.gpuOwners.length === 1 ? p.gpuOwners[0] : undefined;
    if (p.group.mig && owner && !pausable(owner, p.node)) {
      problems.push(
        `${where}.migLayout ${show(p.group.mig.layoutName)}: the MIG manager could not pause ${owner.name} before ` +
          "it repartitions the GPUs, so the plugin would keep offering devices that no longer exist" +
          (operatorWritesClientLabel(operatorVersion)
            ? `; its nodeSelector must name ${LABELS.deployClient}`
            : `; ${at}.nvidia.gpuOperator.version ${show(operatorVersion)} does not write ${LABELS.deployClient} ` +
              "(v26.7.0 and later do): use gpu-operator v26.7.0 or later, or remove migLayout"),
      );
    }
  }
  for (const ds of result.system.filter((d) => d.gpuOnly)) {
    problems.push(
      `${at}.systemNodeGroup: ${ds.name} would run on the system nodes, which have no GPUs; its selectors must ` +
        "name the GPU node groups",
    );
  }
  return problems;
}
