/**
 * Values for the KEDA chart. Keys are checked against the pinned chart's values.yaml by
 * test/keda.test.ts (test/fixtures/charts/keda-2.20.2.keys.json).
 *
 * Why nothing of KEDA can block a system namespace:
 * - The admission webhook validates only KEDA's own kinds (ScaledObject, ScaledJob, the two
 *   TriggerAuthentications, the two CloudEventSources: templates/webhooks/validatingconfiguration.yaml,
 *   which hard-codes `namespaceSelector: {}`), never Pods, Deployments or Namespaces; with
 *   `failurePolicy: Ignore` and a short timeout, even an outage never rejects a request.
 * - The metrics server registers only `v1beta1.external.metrics.k8s.io`, not `metrics.k8s.io` or
 *   `custom.metrics.k8s.io`, so `kubectl top` and resource-metric HPAs never depend on it. An
 *   unavailable aggregated API does stall namespace deletion cluster-wide (the namespace controller
 *   needs discovery of every group), so it runs two replicas on different system nodes with a
 *   disruption budget that keeps one.
 * - All three components run on the system nodes, which no GPU scale-down or Spot reclaim touches.
 */
import type { Toleration } from "../kubernetes";
import { SYSTEM_NODE_SELECTOR } from "../nodes/labels";
import { KEDA_DEPLOYMENTS } from "./release";

interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}

const resources = (cpu: string, memory: string, limit: string): Resources => ({
  requests: { cpu, memory },
  limits: { memory: limit },
});

type Selector = Readonly<Record<string, string>>;

/** Spreads a component's replicas over system nodes, by the `app` label the chart gives its pods. */
interface SpreadConstraint {
  readonly maxSkew: 1;
  readonly topologyKey: "kubernetes.io/hostname";
  readonly whenUnsatisfiable: "DoNotSchedule";
  readonly labelSelector: { readonly matchLabels: Selector };
}

export interface KedaValues {
  readonly crds: { readonly install: true };
  readonly operator: {
    readonly replicaCount: number;
    readonly nodeSelector: Selector;
    readonly tolerations: readonly Toleration[];
  };
  readonly metricsServer: {
    readonly replicaCount: number;
    readonly nodeSelector: Selector;
    readonly tolerations: readonly Toleration[];
  };
  readonly webhooks: {
    readonly enabled: true;
    readonly replicaCount: number;
    readonly failurePolicy: "Ignore";
    readonly timeoutSeconds: number;
    readonly nodeSelector: Selector;
    readonly tolerations: readonly Toleration[];
  };
  readonly podDisruptionBudget: { readonly metricServer: { readonly minAvailable: 1 } };
  readonly topologySpreadConstraints: { readonly metricsServer: readonly SpreadConstraint[] };
  readonly resources: {
    readonly operator: Resources;
    readonly metricServer: Resources;
    readonly webhooks: Resources;
  };
  readonly permissions: {
    readonly operator: {
      readonly restrict: {
        readonly serviceAccountTokenCreationRoles: readonly never[];
        readonly allowAllServiceAccountTokenCreation: false;
      };
    };
  };
}

export const KEDA_METRICS_SERVER_REPLICAS = 2;

export function kedaValues(): KedaValues {
  const onSystemNodes = { nodeSelector: SYSTEM_NODE_SELECTOR, tolerations: [] };
  return {
    crds: { install: true },
    // One active operator (leader election); a restart only pauses scaling decisions, HPAs keep running.
    operator: { replicaCount: 1, ...onSystemNodes },
    metricsServer: { replicaCount: KEDA_METRICS_SERVER_REPLICAS, ...onSystemNodes },
    webhooks: {
      enabled: true,
      replicaCount: 1,
      failurePolicy: "Ignore",
      timeoutSeconds: 5,
      ...onSystemNodes,
    },
    podDisruptionBudget: { metricServer: { minAvailable: 1 } },
    topologySpreadConstraints: {
      metricsServer: [
        {
          maxSkew: 1,
          topologyKey: "kubernetes.io/hostname",
          whenUnsatisfiable: "DoNotSchedule",
          labelSelector: { matchLabels: { app: KEDA_DEPLOYMENTS.metricsServer } },
        },
      ],
    },
    resources: {
      operator: resources("100m", "128Mi", "512Mi"),
      metricServer: resources("100m", "128Mi", "512Mi"),
      webhooks: resources("50m", "64Mi", "256Mi"),
    },
    // See release.ts: no trigger of the blueprint needs a service-account token, so the operator
    // may mint none, and KEDA 2.21's audience requirement has nothing to apply to.
    permissions: {
      operator: {
        restrict: {
          serviceAccountTokenCreationRoles: [],
          allowAllServiceAccountTokenCreation: false,
        },
      },
    },
  };
}
