/**
 * The allocation proof: every claim an environment's examples make is allocated on the node group
 * its pods target, from the devices that group's nodes publish, pod by pod as the scheduler would
 * place them; and no DRA claim could be allocated on a group it must never reach (a device-plugin
 * group, or a group without MIG devices for a MIG claim). Synth refuses an environment whose
 * examples fail it (lib/resolve-environments.ts).
 */
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { placement, type PlacementInput } from "../nvidia/placement";
import { GPU_DRIVER_NAME, DEVICE_CLASSES } from "../nvidia/device-classes";
import type { Example } from "../examples/render";
import { allocateClaim, NodeState, type AllocationResult } from "./allocator";
import { examplePods, type ExamplePod, type PodClaim } from "./claims";
import { nodeDevices, type ConsumableShares, type SliceDevice } from "./devices";
import { formatBytes } from "./quantity";

/** What the proof reads of an environment; a resolved environment is one. */
export interface AllocationInput extends PlacementInput {
  readonly name: string;
}

/** One node group as the proof sees it: whether the DRA GPU plugin runs there, and one node's devices. */
export interface GroupModel {
  readonly group: ResolvedGpuNodeGroup;
  readonly publishesGpus: boolean;
  readonly devices: readonly SliceDevice[];
}

/** Each group's model; `shares` from the environment's nvidia.consumableShares unless given. */
export function groupModels(
  env: AllocationInput,
  shares: ConsumableShares | undefined = env.nvidia.consumableShares,
): GroupModel[] {
  return placement(env).groups.map(({ group, daemonSets }) => {
    const publishesGpus = daemonSets.some((ds) => ds.draCapability === "gpus");
    return { group, publishesGpus, devices: nodeDevices(group, publishesGpus, shares) };
  });
}

export interface PodOutcome {
  readonly pod: string;
  /** The node (0-based, of the group's maximum size) and what each claim got; absent when Pending. */
  readonly node?: number;
  readonly devices: readonly string[];
  /** The claims this pod caused to be allocated (a shared claim counts for the first pod only). */
  readonly allocations: readonly {
    readonly claim: PodClaim;
    readonly results: readonly AllocationResult[];
  }[];
  readonly pendingReason?: string;
}

function describe(result: AllocationResult, model: GroupModel): string {
  const device = model.devices.find((d) => d.name === result.device)!;
  const profile = device.attributes.profile;
  const what =
    profile && "string" in profile
      ? `${profile.string} MIG device of ${device.name.replace(/-mig-.*/, "")}`
      : `${device.name} (${model.group.gpu.productName})`;
  const memory = result.consumed.memory;
  const share =
    device.allowMultipleAllocations && memory !== undefined
      ? `, ${formatBytes(memory)} of its ${formatBytes(device.capacity.memory.value)} memory`
      : "";
  return what + share;
}

/** Places the pods in order on the group's nodes, allocating their claims as the scheduler would. */
export function placePods(pods: readonly ExamplePod[], model: GroupModel): PodOutcome[] {
  const nodes = Array.from(
    { length: Math.max(1, model.group.maxSize) },
    () => new NodeState(model.devices),
  );
  const shared = new Map<string, { node: number; devices: string[] }>();
  const podNode = new Map<string, number>();
  return pods.map((pod): PodOutcome => {
    const anchor = pod.sameNodeAs === undefined ? undefined : podNode.get(pod.sameNodeAs);
    const pinned = pod.claims
      .map((c) => c.sharedName && shared.get(c.sharedName)?.node)
      .find((n) => n !== undefined);
    const avoid = new Set(pod.otherNodeThan.map((other) => podNode.get(other)));
    const allowed = [...nodes.keys()].filter((n) => (anchor ?? pinned ?? n) === n && !avoid.has(n));
    let lastReason = "no node of the group is left";
    for (const n of allowed) {
      const trial = new NodeState(model.devices);
      copyState(nodes[n], trial);
      const devices: string[] = [];
      const allocations: PodOutcome["allocations"][number][] = [];
      let failed: string | undefined;
      for (const claim of pod.claims) {
        const done = claim.sharedName ? shared.get(claim.sharedName) : undefined;
        if (done) {
          devices.push(...done.devices);
          continue;
        }
        const allocation = allocateClaim(claim.spec, trial, GPU_DRIVER_NAME);
        if (!allocation.ok) {
          failed = `${claim.label}: ${allocation.reason}`;
          break;
        }
        trial.commit(allocation.results);
        allocations.push({ claim, results: allocation.results });
        const got = allocation.results.map((r) => describe(r, model));
        devices.push(...got);
        if (claim.sharedName) shared.set(claim.sharedName, { node: n, devices: got });
      }
      if (failed === undefined) {
        copyState(trial, nodes[n]);
        podNode.set(pod.name, n);
        if (pod.devicePluginGpus > 0)
          devices.push(`${pod.devicePluginGpus} nvidia.com/gpu from the device plugin (not DRA)`);
        return { pod: pod.name, node: n, devices, allocations };
      }
      lastReason = failed;
    }
    if (anchor !== undefined) lastReason += ` (it must share a node with pod ${pod.sameNodeAs})`;
    return { pod: pod.name, devices: [], allocations: [], pendingReason: lastReason };
  });
}

function copyState(from: NodeState, to: NodeState): void {
  to.taken.clear();
  to.consumed.clear();
  from.taken.forEach((d) => to.taken.add(d));
  from.consumed.forEach((v, k) => to.consumed.set(k, { ...v }));
}

/** Whether a group is one the example's claims must never be allocated on. */
function forbidden(pod: ExamplePod, model: GroupModel): string | undefined {
  const dra = pod.claims.some((c) => c.spec.requests.length > 0);
  if (dra && model.group.allocation === "device-plugin")
    return "a device-plugin group, whose GPUs the NVIDIA device plugin already hands out";
  const mig = pod.claims.some((c) =>
    c.spec.requests.some((r) => r.deviceClassName === DEVICE_CLASSES.mig),
  );
  if (mig && Object.keys(model.group.mig?.layout ?? {}).length === 0)
    return "a group whose GPUs are not split with MIG";
  return undefined;
}

export interface ExampleProof {
  readonly example: string;
  readonly nodeGroup: string;
  readonly outcomes: readonly PodOutcome[];
  readonly problems: readonly string[];
}

export function proveExample(
  example: Example,
  models: readonly GroupModel[],
  envName: string,
): ExampleProof {
  const at = `environments.${envName}.examples: example "${example.name}"`;
  const target = models.find((m) => m.group.name === example.nodeGroup);
  if (!target)
    return {
      example: example.name,
      nodeGroup: example.nodeGroup,
      outcomes: [],
      problems: [
        `${at} targets node group "${example.nodeGroup}", which the environment does not have`,
      ],
    };
  const pods = examplePods(example.objects);
  const outcomes = placePods(pods, target);
  const pending = new Set(example.pending ?? []);
  const problems: string[] = [];
  for (const o of outcomes) {
    if (o.pendingReason !== undefined && !pending.has(o.pod))
      problems.push(
        `${at} pod ${o.pod} cannot be allocated on node group "${target.group.name}": ${o.pendingReason}`,
      );
    if (o.pendingReason === undefined && pending.has(o.pod))
      problems.push(
        `${at} pod ${o.pod} is meant to wait, but its claims can be allocated on node group "${target.group.name}" (${o.devices.join("; ")})`,
      );
  }
  for (const model of models) {
    if (model === target) continue;
    for (const pod of pods) {
      const why = forbidden(pod, model);
      if (!why) continue;
      const [outcome] = placePods([{ ...pod, sameNodeAs: undefined, otherNodeThan: [] }], model);
      if (outcome.pendingReason === undefined)
        problems.push(
          `${at} pod ${pod.name}'s claims could be allocated on node group "${model.group.name}", ${why}, where they must never go (${outcome.devices.join("; ")})`,
        );
    }
  }
  return { example: example.name, nodeGroup: target.group.name, outcomes, problems };
}
