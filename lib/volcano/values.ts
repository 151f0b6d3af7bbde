/**
 * Values for the Volcano chart. Keys are checked against the pinned chart's values.yaml by
 * test/volcano.test.ts (test/fixtures/charts/volcano-1.15.1.keys.json).
 *
 * Source: volcano-sh/volcano v1.15.1 installer/helm/chart/volcano (values.yaml, templates/
 * scheduler.yaml, controllers.yaml, admission.yaml, admission-init.yaml, webhooks.yaml).
 */
import { SYSTEM_NODE_SELECTOR } from "../nodes/labels";
import { TEAM_LABEL } from "../queueing/queue-objects";
import { toYaml } from "../yaml";
import { schedulerConfiguration } from "./scheduler-config";

/**
 * The chart's default webhooks (values.yaml `custom.enabled_admissions`), stated so that a later
 * default cannot add the pod webhooks (`/pods/mutate`, `/pods/validate`) unnoticed: they would
 * intercept every pod created in the namespaces they select.
 */
export const ENABLED_ADMISSIONS = [
  "/jobs/mutate",
  "/jobs/validate",
  "/podgroups/validate",
  "/queues/mutate",
  "/queues/validate",
  "/hypernodes/validate",
  "/cronjobs/validate",
] as const;

export interface NamespaceSelectorExpression {
  readonly key: string;
  readonly operator: "Exists" | "In" | "NotIn" | "DoesNotExist";
  readonly values?: readonly string[];
}

export interface VolcanoValues {
  readonly basic: { readonly image_pull_policy: "IfNotPresent" };
  readonly custom: {
    /** `--feature-gates` of the scheduler: its DRA predicates and DRA quota follow this gate. */
    readonly scheduler_feature_gates: string;
    readonly scheduler_config_override: string;
    /** nodeSelector of the scheduler, controllers, admission and its init job. */
    readonly default_ns: Readonly<Record<string, string>>;
    readonly enabled_admissions: string;
    /** Added to every webhook's namespaceSelector (beside the chart's release and kube-system exclusions). */
    readonly webhooks_namespace_selector_expressions: readonly NamespaceSelectorExpression[];
  };
}

/**
 * Volcano serves the team namespaces only: its webhooks (failure policy Fail) see objects there
 * and nowhere else, so an unavailable admission service can never block a system namespace.
 */
export const WEBHOOK_NAMESPACE_SELECTOR: readonly NamespaceSelectorExpression[] = [
  { key: TEAM_LABEL, operator: "Exists" },
];

/** What the values depend on: whether the DRA driver shares GPUs by capacity (consumable shares). */
export interface VolcanoValuesInput {
  readonly nvidia: { readonly consumableShares?: unknown };
}

/**
 * The scheduler's Kubernetes gates. With consumable shares the driver publishes every DRA GPU as
 * a device that allows several allocations (`allowMultipleAllocations`); Volcano 1.15.1 is built
 * on Kubernetes 1.35 libraries, where DRAConsumableCapacity is alpha and off, so its embedded DRA
 * plugin is told to handle such devices (pkg/scheduler/plugins/predicates, EnableDRAConsumableCapacity).
 */
export function schedulerFeatureGates(input: VolcanoValuesInput): Record<string, boolean> {
  return {
    DynamicResourceAllocation: true,
    ...(input.nvidia.consumableShares !== undefined ? { DRAConsumableCapacity: true } : {}),
  };
}

export function volcanoValues(input: VolcanoValuesInput): VolcanoValues {
  const gates = schedulerFeatureGates(input);
  return {
    // The chart's default is Always; the image is pinned by tag (image_tag_version v1.15.1).
    basic: { image_pull_policy: "IfNotPresent" },
    custom: {
      scheduler_feature_gates: Object.entries(gates)
        .map(([gate, on]) => `${gate}=${on}`)
        .join(","),
      scheduler_config_override: toYaml(
        schedulerConfiguration({ consumableCapacity: gates.DRAConsumableCapacity === true }),
      ),
      default_ns: SYSTEM_NODE_SELECTOR,
      enabled_admissions: ENABLED_ADMISSIONS.join(","),
      webhooks_namespace_selector_expressions: WEBHOOK_NAMESPACE_SELECTOR,
    },
  };
}
