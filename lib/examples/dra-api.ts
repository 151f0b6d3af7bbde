/**
 * DRA claims in one canonical shape (the `resource.k8s.io/v1` one) and their rendering for the
 * version a cluster serves. In v1 a request's device class, selectors, allocation mode and count
 * sit under `exactly`; in v1beta1 (Kubernetes 1.33 on EKS) they sit on the request itself.
 *
 * Source: Kubernetes API reference, resource.k8s.io v1 and v1beta1 DeviceRequest.
 */
import type { ResourceApiVersion } from "../cluster/versions";

export interface CelSelector {
  readonly cel: { readonly expression: string };
}

export interface ExactDeviceRequest {
  readonly deviceClassName: string;
  readonly selectors?: readonly CelSelector[];
  readonly allocationMode?: "ExactCount" | "All";
  readonly count?: number;
  /** resource.k8s.io/v1 only: capacity a device that allows multiple allocations gives this request. */
  readonly capacity?: { readonly requests: Readonly<Record<string, string>> };
}

export interface DeviceRequest {
  readonly name: string;
  readonly exactly: ExactDeviceRequest;
}

export interface DeviceConstraint {
  readonly requests?: readonly string[];
  readonly matchAttribute: string;
}

export interface DeviceClaimConfiguration {
  readonly requests?: readonly string[];
  readonly opaque: { readonly driver: string; readonly parameters: object };
}

export interface DeviceClaim {
  readonly requests: readonly DeviceRequest[];
  readonly constraints?: readonly DeviceConstraint[];
  readonly config?: readonly DeviceClaimConfiguration[];
}

/** The fields each API version has, for the strict check that the schema validator does not make. */
export const CLAIM_FIELDS: Readonly<
  Record<ResourceApiVersion, Readonly<Record<string, readonly string[]>>>
> = {
  v1beta1: {
    devices: ["requests", "constraints", "config"],
    request: [
      "name",
      "deviceClassName",
      "selectors",
      "allocationMode",
      "count",
      "adminAccess",
      "firstAvailable",
      "tolerations",
    ],
    selector: ["cel"],
    cel: ["expression"],
    constraint: ["requests", "matchAttribute"],
    config: ["requests", "opaque"],
    opaque: ["driver", "parameters"],
  },
  v1: {
    devices: ["requests", "constraints", "config"],
    request: ["name", "exactly", "firstAvailable"],
    exactly: [
      "deviceClassName",
      "selectors",
      "allocationMode",
      "count",
      "adminAccess",
      "tolerations",
      "capacity",
    ],
    selector: ["cel"],
    cel: ["expression"],
    constraint: ["requests", "matchAttribute", "distinctAttribute"],
    config: ["requests", "opaque"],
    opaque: ["driver", "parameters"],
  },
};

/** The `spec.devices` of a claim as the given API version spells it. */
export function renderDeviceClaim(claim: DeviceClaim, version: ResourceApiVersion): object {
  const requests =
    version === "v1"
      ? claim.requests
      : claim.requests.map(({ name, exactly }) => ({ name, ...exactly }));
  return {
    requests,
    ...(claim.constraints ? { constraints: claim.constraints } : {}),
    ...(claim.config ? { config: claim.config } : {}),
  };
}

/** Field paths of a rendered `spec.devices` that the API version does not have. */
export function unknownClaimFields(devices: object, version: ResourceApiVersion): string[] {
  const fields = CLAIM_FIELDS[version];
  const problems: string[] = [];
  const check = (value: unknown, kind: string, path: string): void => {
    if (typeof value !== "object" || value === null) return;
    for (const key of Object.keys(value)) {
      if (!fields[kind]?.includes(key)) problems.push(`${path}.${key}`);
    }
  };
  const d = devices as Record<string, readonly Record<string, unknown>[] | undefined>;
  check(devices, "devices", "devices");
  d.requests?.forEach((request, i) => {
    const at = `devices.requests[${i}]`;
    check(request, "request", at);
    const exact = (version === "v1" ? request.exactly : request) as
      Record<string, unknown> | undefined;
    if (version === "v1") check(exact, "exactly", `${at}.exactly`);
    (exact?.selectors as readonly Record<string, unknown>[] | undefined)?.forEach((selector, j) => {
      check(selector, "selector", `${at}.selectors[${j}]`);
      check(selector.cel, "cel", `${at}.selectors[${j}].cel`);
    });
  });
  d.constraints?.forEach((c, i) => check(c, "constraint", `devices.constraints[${i}]`));
  d.config?.forEach((c, i) => {
    check(c, "config", `devices.config[${i}]`);
    check(c.opaque, "opaque", `devices.config[${i}].opaque`);
  });
  return problems;
}
