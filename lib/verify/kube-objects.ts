/**
 * The parts of the Kubernetes objects `verify` reads, as `kubectl get -o json` returns them.
 * Shapes from the upstream API types: core/v1 Node and Pod, apps/v1 DaemonSet, resource.k8s.io
 * v1 and v1beta1 ResourceSlice and DeviceClass (kubernetes/api resource/v1/types.go,
 * resource/v1beta1/types.go), nvidia.com/v1 ClusterPolicy status (NVIDIA/gpu-operator
 * api/nvidia/v1/clusterpolicy_types.go, `status.state` "ready" | "notReady" | "disabled").
 */

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly { readonly kind: string; readonly name: string }[];
}

export interface List<T> {
  readonly items: readonly T[];
}

export interface Node {
  readonly metadata: ObjectMeta;
  readonly status?: {
    readonly conditions?: readonly { readonly type: string; readonly status: string }[];
  };
}

export interface Pod {
  readonly metadata: ObjectMeta;
  readonly spec: { readonly nodeName?: string };
  readonly status?: { readonly phase?: string };
}

export interface DaemonSet {
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly template: {
      readonly spec: { readonly nodeSelector?: Readonly<Record<string, string>> };
    };
  };
}

export interface DeviceClass {
  readonly metadata: ObjectMeta;
  /** v1 only: the extended resource (such as `nvidia.com/gpu`) the class serves. */
  readonly spec?: { readonly extendedResourceName?: string };
}

/** A typed attribute value: exactly one field is set. */
export interface DeviceAttribute {
  readonly string?: string;
  readonly int?: number;
  readonly bool?: boolean;
  readonly version?: string;
}

type Attributes = Readonly<Record<string, DeviceAttribute>>;

/** v1 puts attributes on the device; v1beta1 under `basic`. */
export interface SliceDevice {
  readonly name: string;
  readonly attributes?: Attributes;
  readonly basic?: { readonly attributes?: Attributes };
}

export interface ResourceSlice {
  readonly apiVersion: string;
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly driver: string;
    readonly nodeName?: string;
    readonly pool: { readonly name: string };
    readonly devices?: readonly SliceDevice[];
  };
}

export interface ClusterPolicy {
  readonly metadata: ObjectMeta;
  /** `spec.migManager.env`: the MIG manager's environment (EnvVar list). */
  readonly spec?: {
    readonly migManager?: {
      readonly env?: readonly { readonly name: string; readonly value?: string }[];
    };
  };
  readonly status?: { readonly state?: string };
}

/** apps/v1 Deployment: desired and ready replicas. */
export interface Deployment {
  readonly metadata: ObjectMeta;
  readonly spec?: { readonly replicas?: number };
  readonly status?: { readonly readyReplicas?: number };
}

/**
 * batch.volcano.sh/v1alpha1 Job: `status.state.phase` is Pending, Running, Restarting, Completing,
 * Completed, Aborting, Aborted, Terminating, Terminated or Failed (volcano-sh/volcano v1.15.1
 * staging/src/volcano.sh/apis/pkg/apis/batch/v1alpha1/job.go, JobPhase).
 */
export interface VolcanoJob {
  readonly metadata: ObjectMeta;
  readonly spec: { readonly minAvailable?: number };
  readonly status?: {
    readonly state?: { readonly phase?: string };
    readonly running?: number;
    readonly succeeded?: number;
  };
}
