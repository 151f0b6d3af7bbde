/**
 * Devices that workloads outside Kueue hold on each GPU node group. Kueue counts only the jobs it
 * admits, so a team quota that also hands out these devices lets Kueue admit more than the nodes
 * hold, and waitForPodsReady then evicts and requeues in a loop. The quota split leaves them out.
 */
import { LABELS } from "../nodes/labels";
import { DEVICE_CLASSES } from "./resources";

interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec?: unknown;
}

/** A set of objects that runs on one node group outside the queues (a non-queued example). */
export interface UnqueuedWorkloads {
  readonly nodeGroup: string;
  readonly objects: readonly Manifest[];
}

interface ExactRequest {
  readonly deviceClassName?: string;
  readonly allocationMode?: string;
  readonly count?: number;
}

/** A request in `resource.k8s.io/v1` (under `exactly`) or v1beta1 (on the request itself). */
type Request = ExactRequest & { readonly exactly?: ExactRequest };

type Devices = { readonly requests?: readonly Request[] } | undefined;

/** The DeviceClasses whose devices team quotas count (IMEX channels are not devices of a GPU). */
const COUNTED_CLASSES: readonly string[] = [DEVICE_CLASSES.gpu, DEVICE_CLASSES.mig];

/** Devices one claim takes; `allocationMode: All` takes every device of a node. */
function claimDevices(devices: Devices, perNode: number): number {
  return (devices?.requests ?? [])
    .map((r) => r.exactly ?? r)
    .filter((r) => COUNTED_CLASSES.includes(r.deviceClassName ?? ""))
    .reduce((sum, r) => sum + (r.allocationMode === "All" ? perNode : (r.count ?? 1)), 0);
}

interface PodSpec {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: {
    readonly nodeAffinity?: {
      readonly requiredDuringSchedulingIgnoredDuringExecution?: {
        readonly nodeSelectorTerms?: readonly {
          readonly matchExpressions?: readonly {
            readonly key: string;
            readonly operator: string;
            readonly values?: readonly string[];
          }[];
        }[];
      };
    };
  };
  readonly containers?: readonly {
    readonly resources?: { readonly limits?: Readonly<Record<string, unknown>> };
  }[];
  readonly resourceClaims?: readonly {
    readonly resourceClaimName?: string;
    readonly resourceClaimTemplateName?: string;
  }[];
}

/**
 * The pod spec of a Pod or a pod template, and how many pods run from it at once: for a workload a
 * KEDA ScaledObject scales, its `maxReplicaCount`.
 */
function pods(
  object: Manifest,
  objects: readonly Manifest[],
): { spec: PodSpec; count: number } | undefined {
  const spec = object.spec as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (object.kind === "Pod") return spec && { spec, count: 1 };
  const template = spec?.template?.spec as PodSpec | undefined;
  const scaler = objects.find((o) => {
    const target = (o.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)
      ?.scaleTargetRef;
    return (
      o.kind === "ScaledObject" &&
      target?.kind === object.kind &&
      target.name === object.metadata.name
    );
  });
  const scaledMax = (scaler?.spec as { maxReplicaCount?: number } | undefined)?.maxReplicaCount;
  return (
    template && { spec: template, count: scaledMax ?? spec?.parallelism ?? spec?.replicas ?? 1 }
  );
}

/**
 * The node groups a pod spec may land on, by the blueprint's node-group label (a nodeSelector, or a
 * required node affinity `In`); none named means the workload's own group. A workload that may
 * land on several groups (the inference example: Spot first, on-demand as fallback) is counted on
 * each, since all its replicas can end up on any one of them.
 */
function landingGroups(spec: PodSpec, own: string): readonly string[] {
  const selected = spec.nodeSelector?.[LABELS.nodeGroup];
  if (selected) return [selected];
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  const named = terms.flatMap((term) =>
    (term.matchExpressions ?? [])
      .filter((e) => e.key === LABELS.nodeGroup && e.operator === "In")
      .flatMap((e) => e.values ?? []),
  );
  return named.length > 0 ? [...new Set(named)] : [own];
}

/**
 * Devices (GPUs, or MIG devices on a MIG group) each group's unqueued workloads hold at once: a
 * claim template counts per pod, a ResourceClaim shared by several pods once, and the device
 * plugin's `nvidia.com/gpu` limits per pod. `perNode` is a group's devices per node.
 */
export function devicesHeldOutsideQueues(
  workloads: readonly UnqueuedWorkloads[],
  perNode: (group: string) => number,
): Record<string, number> {
  const held: Record<string, number> = {};
  for (const { nodeGroup, objects } of workloads) {
    const byName = (kind: string) =>
      new Map(objects.filter((o) => o.kind === kind).map((o) => [o.metadata.name, o]));
    const templates = byName("ResourceClaimTemplate");
    const claims = byName("ResourceClaim");
    const sharedClaims = new Set<string>();
    const add = (groups: readonly string[], devices: number) => {
      for (const group of groups) held[group] = (held[group] ?? 0) + devices;
    };
    for (const object of objects) {
      const running = pods(object, objects);
      if (!running) continue;
      const groups = landingGroups(running.spec, nodeGroup);
      for (const claim of running.spec.resourceClaims ?? []) {
        if (claim.resourceClaimName !== undefined) sharedClaims.add(claim.resourceClaimName);
        const template = templates.get(claim.resourceClaimTemplateName ?? "");
        if (template)
          add(
            groups,
            running.count *
              claimDevices(
                (template.spec as { spec?: { devices?: Devices } })?.spec?.devices,
                perNode(nodeGroup),
              ),
          );
      }
      for (const container of running.spec.containers ?? [])
        add(groups, running.count * Number(container.resources?.limits?.["nvidia.com/gpu"] ?? 0));
    }
    for (const name of sharedClaims)
      add(
        [nodeGroup],
        claimDevices(
          (claims.get(name)?.spec as { devices?: Devices } | undefined)?.devices,
          perNode(nodeGroup),
        ),
      );
    if (!(nodeGroup in held)) held[nodeGroup] = 0;
  }
  return held;
}
