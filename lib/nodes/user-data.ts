/**
 * Node user data for AL2023 EKS images: a MIME multi-part document whose `application/node.eks.aws`
 * part is a nodeadm NodeConfig. EKS managed node groups merge in the cluster details, so the
 * blueprint writes only what it changes.
 */
import type { GpuInstanceType } from "./gpu-catalog";

const BOUNDARY = "//EKS-GPU-DRA-BLUEPRINT";

/** The nodeadm settings a GPU instance needs, or undefined when the defaults suffice. */
export function gpuNodeConfig(instance: GpuInstanceType): string | undefined {
  if (instance.nvmeDisks === 0) return undefined;
  // RAID0 over the instance-store disks backs containerd and kubelet: large images and scratch
  // space on local NVMe instead of the root EBS volume.
  return [
    "apiVersion: node.eks.aws/v1alpha1",
    "kind: NodeConfig",
    "spec:",
    "  instance:",
    "    localStorage:",
    "      strategy: RAID0",
    "",
  ].join("\n");
}

/** Wraps a NodeConfig in the MIME multi-part format EKS expects in launch template user data. */
export function mimeUserData(nodeConfig: string): string {
  return [
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
    "",
    `--${BOUNDARY}`,
    "Content-Type: application/node.eks.aws",
    "",
    nodeConfig,
    `--${BOUNDARY}--`,
    "",
  ].join("\n");
}
