/**
 * KEDA: the chart, its namespace and what its 2.21 upgrade changes.
 *
 * Sources: kedacore/charts keda (tag v2.20.2) values.yaml and templates (webhooks/validatingconfiguration.yaml,
 * metrics-server/apiservice.yaml, manager/deployment.yaml); kedacore/keda v2.20.2 CHANGELOG.md and
 * config/crd/bases/keda.sh_scaledobjects.yaml.
 *
 * KEDA 2.21.0 (2026-09-23) is newer but its chart cannot be read here. Its breaking change as
 * reported: tokens KEDA mints for a TriggerAuthentication's `boundServiceAccountToken` need an
 * explicit audience (kedacore/keda#8108 proposes `audiences` per entry). The blueprint's trigger
 * needs no token: the in-cluster Prometheus serves plain HTTP without authentication, so no
 * TriggerAuthentication exists, and the operator is granted no TokenRequest rights
 * (values.ts sets `permissions.operator.restrict.serviceAccountTokenCreationRoles: []` and
 * `allowAllServiceAccountTokenCreation: false` explicitly). No 2.20.2 values key carries a bound
 * token audience (the chart's only `audience` key, `podIdentity.aws.irsa.audience`, is for IRSA,
 * which stays off), so moving to 2.21 is the pin below and its key fixture.
 */
import type { ChartPin } from "../helm/chart-pin";

export const KEDA_CHART: ChartPin = {
  repository: "https://kedacore.github.io/charts",
  chart: "keda",
  version: "2.20.2",
  testedVersions: ["2.20.2"],
};

export const KEDA_NAMESPACE = "keda";
export const KEDA_RELEASE = "keda";
/** Deployment names the chart gives its three components (values `operator.name`, `webhooks.name`). */
export const KEDA_DEPLOYMENTS = {
  operator: "keda-operator",
  metricsServer: "keda-operator-metrics-apiserver",
  webhooks: "keda-admission-webhooks",
} as const;
/** The ScaledObject API the pinned KEDA serves. */
export const SCALED_OBJECT_API_VERSION = "keda.sh/v1alpha1";
/** The aggregated API the metrics server registers; the HPAs KEDA creates read it. */
export const EXTERNAL_METRICS_API_SERVICE = "v1beta1.external.metrics.k8s.io";
