/**
 * What Kueue 0.19 can count of a queued workload's DRA claims. It refuses (marks inadmissible):
 * pods that name a ResourceClaim instead of a ResourceClaimTemplate, so claims shared by several
 * pods (the time-slicing and MPS examples) cannot be queued; requests with `firstAvailable`;
 * requests for device capacity (consumable shares: the blueprint's quotas count whole devices, and
 * Kueue's capacity sources sit behind its alpha gate KueueDRAIntegrationConsumableCapacity);
 * `allocationMode: All`; `adminAccess`; and DeviceClasses no deviceClassMapping names. Its
 * documentation lists claim `constraints` and per-request `config` as unsupported too, so queued
 * examples use neither.
 *
 * Source: kubernetes-sigs/kueue v0.19.2 pkg/dra/claims.go (request checks),
 * pkg/controller/core/workload_controller.go (workloads with ResourceClaims) and
 * site/content/en/docs/concepts/dynamic_resource_allocation.md ("Limitations").
 */
import { QUEUE_NAME_LABEL } from "./chart";

/** The fields of objects the check reads; anything else is ignored. */
interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  readonly spec?: unknown;
}

interface PodClaim {
  readonly name: string;
  readonly resourceClaimName?: string;
  readonly resourceClaimTemplateName?: string;
}

interface Request {
  readonly name: string;
  readonly firstAvailable?: unknown;
  readonly exactly?: {
    readonly deviceClassName?: string;
    readonly allocationMode?: string;
    readonly adminAccess?: boolean;
    readonly capacity?: unknown;
  };
}

/** Pod specs of a Pod or of a workload's pod template (Job). */
function podSpec(object: Manifest): { resourceClaims?: readonly PodClaim[] } | undefined {
  const spec = object.spec as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (object.kind === "Pod") return spec;
  return spec?.template?.spec;
}

/**
 * Why Kueue would refuse the queued workloads among `objects` (those labelled with a queue name),
 * given the ResourceClaimTemplates among them and the DeviceClasses Kueue maps. Empty when it
 * would count every claim.
 */
export function queuedWorkloadProblems(
  objects: readonly Manifest[],
  mappedDeviceClasses: readonly string[],
): string[] {
  const templates = new Map(
    objects.filter((o) => o.kind === "ResourceClaimTemplate").map((o) => [o.metadata.name, o]),
  );
  const problems: string[] = [];
  for (const object of objects) {
    if (object.metadata.labels?.[QUEUE_NAME_LABEL] === undefined) continue;
    const at = `${object.kind} ${object.metadata.name}`;
    for (const claim of podSpec(object)?.resourceClaims ?? []) {
      if (claim.resourceClaimName !== undefined) {
        problems.push(
          `${at} claims ResourceClaim ${claim.resourceClaimName}: Kueue refuses queued pods that name a ResourceClaim ` +
            "(a claim shared between pods); use a ResourceClaimTemplate, which gives each pod its own claim",
        );
        continue;
      }
      const template = templates.get(claim.resourceClaimTemplateName ?? "");
      if (!template) {
        problems.push(
          `${at} claims template ${claim.resourceClaimTemplateName}, which is not among the objects`,
        );
        continue;
      }
      const spec = template.spec as {
        spec?: {
          devices?: { requests?: readonly Request[]; constraints?: unknown; config?: unknown };
        };
      };
      for (const field of ["constraints", "config"] as const) {
        if (spec.spec?.devices?.[field] !== undefined) {
          problems.push(
            `${at} claims template ${template.metadata.name}, which sets devices.${field}: Kueue documents it as ` +
              "unsupported; queue a claim without it",
          );
        }
      }
      for (const request of spec.spec?.devices?.requests ?? []) {
        const where = `${at} request ${request.name} (template ${template.metadata.name})`;
        if (request.firstAvailable !== undefined) {
          problems.push(
            `${where} uses firstAvailable, which Kueue cannot count; ask for one device class with exactly`,
          );
        } else if (request.exactly === undefined) {
          problems.push(`${where} has no exactly, which Kueue needs to count devices`);
        } else if (request.exactly.allocationMode === "All") {
          problems.push(
            `${where} uses allocationMode All, which Kueue cannot count; use ExactCount with a count`,
          );
        } else if (request.exactly.adminAccess) {
          problems.push(`${where} uses adminAccess, which Kueue refuses`);
        } else if (request.exactly.capacity !== undefined) {
          problems.push(
            `${where} requests device capacity (a share of a GPU's memory), which the team quotas cannot count: ` +
              "they count whole devices, so the share would be charged as a whole GPU. Kueue 0.19.2 counts " +
              "capacity only through a deviceClassMapping capacity source behind its alpha gate " +
              "KueueDRAIntegrationConsumableCapacity, which the blueprint does not turn on; run the job without " +
              "a queue, or queue it without capacity.requests",
          );
        } else if (!mappedDeviceClasses.includes(request.exactly.deviceClassName ?? "")) {
          problems.push(
            `${where} asks for DeviceClass ${request.exactly.deviceClassName}, which no Kueue deviceClassMapping names; ` +
              `use one of ${mappedDeviceClasses.join(", ")}`,
          );
        }
      }
    }
  }
  return problems;
}

interface Container {
  readonly resources?: {
    readonly requests?: Readonly<Record<string, unknown>>;
    readonly limits?: Readonly<Record<string, unknown>>;
  };
}

/**
 * The resources Kueue counts for a queued workload: every container's requests (a limit without
 * a request is its request), the pod overhead, and the quota resource each claimed DeviceClass is
 * mapped to. Source: kubernetes-sigs/kueue v0.19.2 pkg/workload/resources.go (pod requests) and
 * pkg/dra/claims.go (device counts).
 */
export function requestedResources(
  object: Manifest,
  templates: ReadonlyMap<string, Manifest>,
  mappings: readonly { readonly name: string; readonly deviceClassNames: readonly string[] }[],
): string[] {
  const spec = podSpec(object) as
    | {
        containers?: readonly Container[];
        initContainers?: readonly Container[];
        overhead?: Readonly<Record<string, unknown>>;
        resourceClaims?: readonly PodClaim[];
      }
    | undefined;
  const names = new Set<string>();
  for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])])
    for (const name of Object.keys({ ...c.resources?.limits, ...c.resources?.requests }))
      names.add(name);
  for (const name of Object.keys(spec?.overhead ?? {})) names.add(name);
  for (const claim of spec?.resourceClaims ?? []) {
    const template = templates.get(claim.resourceClaimTemplateName ?? "");
    const requests =
      (template?.spec as { spec?: { devices?: { requests?: readonly Request[] } } } | undefined)
        ?.spec?.devices?.requests ?? [];
    for (const request of requests) {
      const mapping = mappings.find((m) =>
        m.deviceClassNames.includes(request.exactly?.deviceClassName ?? ""),
      );
      if (mapping) names.add(mapping.name);
    }
  }
  return [...names];
}

/**
 * Why Kueue would never admit the queued workloads among `objects` to a ClusterQueue covering
 * `covered`: a workload that requests a resource no resource group of its ClusterQueue covers
 * (ephemeral-storage, say) stays pending as inadmissible.
 */
export function uncoveredResourceProblems(
  objects: readonly Manifest[],
  mappings: readonly { readonly name: string; readonly deviceClassNames: readonly string[] }[],
  clusterQueue: string,
  covered: readonly string[],
): string[] {
  const templates = new Map(
    objects.filter((o) => o.kind === "ResourceClaimTemplate").map((o) => [o.metadata.name, o]),
  );
  return objects
    .filter((o) => o.metadata.labels?.[QUEUE_NAME_LABEL] !== undefined)
    .flatMap((o) =>
      requestedResources(o, templates, mappings)
        .filter((name) => !covered.includes(name))
        .map(
          (name) =>
            `${o.kind} ${o.metadata.name} requests ${name}, which ClusterQueue ${clusterQueue} does not cover ` +
            `(${covered.join(", ")}), so Kueue would never admit it; drop the request or cover the resource`,
        ),
    );
}
