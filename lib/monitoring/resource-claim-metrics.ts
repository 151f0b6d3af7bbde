/**
 * Metrics of DRA ResourceClaims. kube-state-metrics has no ResourceClaim collector (its pod
 * collector only names a pod's claims), so its custom-resource-state mode reads the claims and
 * exports two info series, joined in PromQL to count allocated devices per DeviceClass:
 *
 * - `kube_dra_resourceclaim_request{namespace, resourceclaim, request, device_class}`: one per request.
 * - `kube_dra_resourceclaim_allocated_device{namespace, resourceclaim, request, driver, pool, device}`:
 *   one per allocated device (`status.allocation.devices.results`).
 *
 * The request's DeviceClass sits under `exactly` in resource.k8s.io/v1 and on the request itself in
 * v1beta1. Source: kubernetes/kube-state-metrics docs/metrics/extend/customresourcestate-metrics.md.
 */
import { KUBERNETES_VERSIONS, type KubernetesVersion } from "../cluster/versions";

export const RESOURCE_CLAIM_METRIC_PREFIX = "kube_dra_resourceclaim";
export const CLAIM_REQUEST_METRIC = `${RESOURCE_CLAIM_METRIC_PREFIX}_request`;
export const CLAIM_DEVICE_METRIC = `${RESOURCE_CLAIM_METRIC_PREFIX}_allocated_device`;

export function resourceClaimMetricsConfig(version: KubernetesVersion): object {
  const apiVersion = KUBERNETES_VERSIONS[version].resourceApiVersion;
  const deviceClassPath =
    apiVersion === "v1" ? ["exactly", "deviceClassName"] : ["deviceClassName"];
  return {
    kind: "CustomResourceStateMetrics",
    spec: {
      resources: [
        {
          groupVersionKind: {
            group: "resource.k8s.io",
            version: apiVersion,
            kind: "ResourceClaim",
          },
          metricNamePrefix: RESOURCE_CLAIM_METRIC_PREFIX,
          labelsFromPath: {
            namespace: ["metadata", "namespace"],
            resourceclaim: ["metadata", "name"],
          },
          metrics: [
            {
              name: "request",
              help: "A device request of a ResourceClaim and its DeviceClass",
              each: {
                type: "Info",
                info: {
                  path: ["spec", "devices", "requests"],
                  labelsFromPath: { request: ["name"], device_class: deviceClassPath },
                },
              },
            },
            {
              name: "allocated_device",
              help: "A device allocated to a ResourceClaim",
              each: {
                type: "Info",
                info: {
                  path: ["status", "allocation", "devices", "results"],
                  labelsFromPath: {
                    request: ["request"],
                    driver: ["driver"],
                    pool: ["pool"],
                    device: ["device"],
                  },
                },
              },
            },
          ],
        },
      ],
    },
  };
}

/** kube-state-metrics reads the claims with these extra permissions. */
export const RESOURCE_CLAIM_READ_RULES = [
  { apiGroups: ["resource.k8s.io"], resources: ["resourceclaims"], verbs: ["list", "watch"] },
] as const;

/** Allocated devices per DeviceClass. */
export const ALLOCATED_DEVICES_BY_CLASS =
  `count by (device_class) (${CLAIM_DEVICE_METRIC} ` +
  `* on (namespace, resourceclaim, request) group_left (device_class) ${CLAIM_REQUEST_METRIC})`;
