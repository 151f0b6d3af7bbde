/**
 * The claims an example's pods make, read from its rendered objects the way Kubernetes creates
 * them: a pod naming a ResourceClaim shares that one claim with every other pod naming it; a pod
 * naming a ResourceClaimTemplate gets a claim of its own, and so does every pod a Job runs at once.
 * Both `resource.k8s.io/v1` (`exactly`) and v1beta1 (fields on the request) are read.
 */
import type { KubeObject } from "../examples/render";
import { capacityRequests, type ClaimRequest, type ClaimSpec } from "./allocator";

export interface PodClaim {
  /** How the claim is named in messages: `ResourceClaim "x"` or `ResourceClaimTemplate "y"`. */
  readonly label: string;
  /** Shared claims are allocated once, for the first pod that needs them. */
  readonly sharedName?: string;
  readonly spec: ClaimSpec;
}

export interface ExamplePod {
  readonly name: string;
  readonly claims: readonly PodClaim[];
  /** An earlier pod this one must share a node with (required pod affinity on the hostname). */
  readonly sameNodeAs?: string;
  /** Earlier pods this one must not share a node with (required pod anti-affinity on the hostname). */
  readonly otherNodeThan: readonly string[];
  /** GPUs the pod's containers take from the device plugin (`nvidia.com/gpu` limits), not through DRA. */
  readonly devicePluginGpus: number;
}

type Json = Record<string, unknown>;

function requestOf(raw: Json): ClaimRequest {
  const exact = (raw.exactly as Json | undefined) ?? raw;
  const selectors = (exact.selectors as { cel: { expression: string } }[] | undefined) ?? [];
  const capacity = (exact.capacity as { requests?: Record<string, string> } | undefined)?.requests;
  return {
    name: raw.name as string,
    deviceClassName: exact.deviceClassName as string,
    selectors: selectors.map((s) => s.cel.expression),
    allocationMode: (exact.allocationMode as "ExactCount" | "All" | undefined) ?? "ExactCount",
    count: (exact.count as number | undefined) ?? 1,
    capacity: capacityRequests(capacity),
  };
}

export function claimSpecOf(devices: Json): ClaimSpec {
  return {
    requests: ((devices.requests as Json[] | undefined) ?? []).map(requestOf),
    constraints: (devices.constraints as ClaimSpec["constraints"] | undefined) ?? [],
  };
}

interface PodTemplate {
  readonly name: string;
  readonly spec: Json;
  readonly replicas: number;
}

function podTemplates(objects: readonly KubeObject[]): PodTemplate[] {
  return objects.flatMap((o): PodTemplate[] => {
    if (o.kind === "Pod") return [{ name: o.metadata.name, spec: o.spec as Json, replicas: 1 }];
    if (o.kind === "Job") {
      const spec = o.spec as { parallelism?: number; template: { spec: Json } };
      return [{ name: o.metadata.name, spec: spec.template.spec, replicas: spec.parallelism ?? 1 }];
    }
    return [];
  });
}

/** The pod an affinity term ties this one to, when it requires the same node. */
function sameNodeTarget(
  spec: Json,
  pods: readonly PodTemplate[],
  self: string,
): string | undefined {
  const terms = ((spec.affinity as Json | undefined)?.podAffinity as Json | undefined)
    ?.requiredDuringSchedulingIgnoredDuringExecution as
    { topologyKey: string; labelSelector?: { matchLabels?: Record<string, string> } }[] | undefined;
  for (const term of terms ?? []) {
    if (term.topologyKey !== "kubernetes.io/hostname") continue;
    const labels = term.labelSelector?.matchLabels ?? {};
    // Only an earlier pod can be the anchor: the first pod of a self-affine set lands anywhere.
    const earlier = pods.slice(
      0,
      pods.findIndex((p) => p.name === self),
    );
    const target = earlier.find((p) => {
      const own = (p.spec.__labels as Record<string, string> | undefined) ?? {};
      return Object.entries(labels).every(([k, v]) => own[k] === v);
    });
    if (target) return target.name;
  }
  return undefined;
}

/**
 * Every pod the example runs, with its claims, in the order the objects list them. Claims made
 * by a driver's controller (a ComputeDomain's channel template) are left out: the blueprint does
 * not write them.
 */
export function examplePods(objects: readonly KubeObject[]): ExamplePod[] {
  const claims = new Map<string, Json>();
  const templates = new Map<string, Json>();
  const controllerTemplates = new Set<string>();
  for (const o of objects) {
    if (o.kind === "ResourceClaim") claims.set(o.metadata.name, (o.spec as Json).devices as Json);
    if (o.kind === "ResourceClaimTemplate")
      templates.set(o.metadata.name, ((o.spec as Json).spec as Json).devices as Json);
    if (o.kind === "ComputeDomain") {
      const channel = (o.spec as { channel: { resourceClaimTemplate: { name: string } } }).channel;
      controllerTemplates.add(channel.resourceClaimTemplate.name);
    }
  }
  const labelled = podTemplates(objects).map((p) => ({
    ...p,
    spec: { ...p.spec, __labels: podLabels(objects, p.name) },
  }));
  return labelled.flatMap((pod) => {
    const refs = ((pod.spec as Json).resourceClaims as Json[] | undefined) ?? [];
    const podClaims = (replica: number): PodClaim[] =>
      refs.flatMap((ref): PodClaim[] => {
        const claimName = ref.resourceClaimName as string | undefined;
        const templateName = ref.resourceClaimTemplateName as string | undefined;
        if (claimName) {
          const devices = claims.get(claimName);
          if (!devices)
            throw new Error(
              `pod ${pod.name} names ResourceClaim "${claimName}", which the example does not define`,
            );
          return [
            {
              label: `ResourceClaim "${claimName}"`,
              sharedName: claimName,
              spec: claimSpecOf(devices),
            },
          ];
        }
        if (templateName && controllerTemplates.has(templateName)) return [];
        const devices = templateName ? templates.get(templateName) : undefined;
        if (!devices)
          throw new Error(
            `pod ${pod.name} names ResourceClaimTemplate "${templateName}", which the example does not define`,
          );
        return [
          {
            label: `ResourceClaimTemplate "${templateName}" (claim ${replica + 1} of pod ${pod.name})`,
            spec: claimSpecOf(devices),
          },
        ];
      });
    const sameNodeAs = sameNodeTarget(pod.spec, labelled, pod.name);
    const name = (replica: number) => (pod.replicas > 1 ? `${pod.name}-${replica}` : pod.name);
    const apart = antiAffine(pod.spec, labelled, pod.name);
    return Array.from({ length: pod.replicas }, (_, replica) => ({
      name: name(replica),
      // Replicas of a Job carry the same labels, so an anti-affine Job spreads its own pods.
      otherNodeThan: [
        ...apart,
        ...(apart.includes(pod.name) ? Array.from({ length: replica }, (_, r) => name(r)) : []),
      ].filter((n) => n !== pod.name || pod.replicas === 1),
      claims: podClaims(replica),
      devicePluginGpus: devicePluginGpus(pod.spec),
      ...(sameNodeAs ? { sameNodeAs } : {}),
    }));
  });
}

function podLabels(objects: readonly KubeObject[], name: string): Record<string, string> {
  const o = objects.find((x) => x.metadata.name === name && (x.kind === "Pod" || x.kind === "Job"));
  if (!o) return {};
  if (o.kind === "Pod") return o.metadata.labels ?? {};
  return (
    (o.spec as { template: { metadata?: { labels?: Record<string, string> } } }).template.metadata
      ?.labels ?? {}
  );
}

function devicePluginGpus(spec: Json): number {
  const containers =
    (spec.containers as { resources?: { limits?: Record<string, unknown> } }[]) ?? [];
  return containers.reduce(
    (sum, c) => sum + Number(c.resources?.limits?.["nvidia.com/gpu"] ?? 0),
    0,
  );
}

type AffinityTerm = {
  topologyKey: string;
  labelSelector?: { matchLabels?: Record<string, string> };
};

/** Pods (earlier ones, or this one for a Job's replicas) a required anti-affinity keeps off this pod's node. */
function antiAffine(
  spec: Json,
  pods: readonly { name: string; spec: Json }[],
  self: string,
): string[] {
  const terms = ((spec.affinity as Json | undefined)?.podAntiAffinity as Json | undefined)
    ?.requiredDuringSchedulingIgnoredDuringExecution as AffinityTerm[] | undefined;
  const upTo = pods.slice(0, pods.findIndex((p) => p.name === self) + 1);
  return (terms ?? [])
    .filter((t) => t.topologyKey === "kubernetes.io/hostname")
    .flatMap((t) =>
      upTo
        .filter((p) => {
          const own = (p.spec.__labels as Record<string, string> | undefined) ?? {};
          return Object.entries(t.labelSelector?.matchLabels ?? {}).every(([k, v]) => own[k] === v);
        })
        .map((p) => p.name),
    );
}
