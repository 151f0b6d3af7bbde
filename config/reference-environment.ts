/**
 * The environment examples/k8s-dra is rendered for: prod, with placeholder Capacity Block
 * reservations so that every node group kind (G6, P4d with MIG, P6e-GB200) is present, and with
 * the GPU sharing the time-slicing and MPS examples demonstrate. Prod itself declares no sharing
 * and so ships without alpha DRA driver gates; the reference declares it so the rendered examples
 * show every strategy. The reservation IDs appear in no rendered file.
 */
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import type { SharingStrategy } from "../lib/nvidia/feature-gates";
import { resolveEnvironments } from "../lib/resolve-environments";
import { G6_SPOT, loadEnvironments } from "./environments";

export const REFERENCE_VARIABLES = {
  PROD_P4D_CAPACITY_RESERVATION_ID: "cr-00000000000000000",
  PROD_P4D_CAPACITY_RESERVATION_AZ: "us-east-1a",
  PROD_P6E_CAPACITY_RESERVATION_ID: "cr-00000000000000001",
  PROD_P6E_CAPACITY_RESERVATION_AZ: "us-east-1-dfw-2a",
} as const;

/** The sharing the reference environment declares on top of prod's settings. */
export const REFERENCE_GPU_SHARING: readonly SharingStrategy[] = ["TimeSlicing", "MPS"];

/** Prod with the placeholder reservations, changed as `change` says, resolved. */
function referenceProd(
  change: (prod: EnvironmentConfig) => EnvironmentConfig,
): ResolvedEnvironment {
  const prod = loadEnvironments(REFERENCE_VARIABLES).find((e) => e.name === "prod");
  if (!prod)
    throw new Error("config/environments.ts has no prod environment to render the examples for");
  const [env] = resolveEnvironments([change(prod)]);
  return env;
}

export function referenceEnvironment(): ResolvedEnvironment {
  return referenceProd((prod) => ({
    ...prod,
    nvidia: { ...prod.nvidia, gpuSharing: REFERENCE_GPU_SHARING },
  }));
}

/**
 * The environment the queued examples are rendered for: prod as above (on a minor where Kueue
 * counts DRA devices, which it reads only through resource.k8s.io/v1) with two teams sharing its GPUs.
 */
export function queuedReferenceEnvironment(): ResolvedEnvironment {
  return referenceProd((prod) => ({
    ...prod,
    queueing: { teams: [{ name: "research" }, { name: "inference" }] },
  }));
}

/**
 * The environment the inference example is rendered for: prod as above, on Kubernetes 1.36 (per-pod
 * DRA GPU metrics need 1.34+, the HPA's scale-down tolerance 1.35+) with KEDA installed and a Spot
 * group of single-L4 nodes beside its on-demand `g6`, as lab has.
 */
export function inferenceReferenceEnvironment(): ResolvedEnvironment {
  return referenceProd((prod) => ({
    ...prod,
    kubernetesVersion: "1.36",
    autoscaling: { ...prod.autoscaling, keda: {} },
    gpuNodeGroups: [...(prod.gpuNodeGroups ?? []), G6_SPOT],
    examples: { ...prod.examples, include: ["inference"] },
  }));
}

/**
 * The environment the capacity-sharing example is rendered for: lab as shipped (Kubernetes 1.36+,
 * nvidia.consumableShares, a DRA group with one L4 per node).
 */
export function capacityReferenceEnvironment(): ResolvedEnvironment {
  const lab = loadEnvironments(REFERENCE_VARIABLES).find((e) => e.name === "lab");
  if (!lab)
    throw new Error(
      "config/environments.ts has no lab environment to render the memory-shares example for",
    );
  const [env] = resolveEnvironments([lab]);
  return env;
}

/**
 * The environment the gang examples are rendered for: the queued reference environment with
 * Volcano scheduling the G6 and P6e groups (P4d stays with Kueue).
 */
export function gangReferenceEnvironment(): ResolvedEnvironment {
  return referenceProd((prod) => ({
    ...prod,
    kubernetesVersion: "1.35",
    queueing: {
      teams: [{ name: "research" }, { name: "inference" }],
      volcano: { nodeGroups: ["g6", "p6e"] },
    },
  }));
}
