/**
 * An encrypted gp3 StorageClass of the EBS CSI driver for Prometheus and Alertmanager. EKS creates
 * only `gp2` (the in-tree `kubernetes.io/aws-ebs` provisioner) and, from Kubernetes 1.30, marks no
 * class as the default (EKS user guide, "Review release notes for Kubernetes versions on standard
 * support", 1.30; "Amazon EBS CSI migration frequently asked questions"). This class is not made
 * the default either: the blueprint names it where it is used and leaves the cluster's choice alone.
 */
export const GP3_STORAGE_CLASS = {
  name: "gp3-encrypted",
  provisioner: "ebs.csi.aws.com",
  parameters: { type: "gp3", encrypted: "true" },
  // Waits for the pod's node, so the volume is created in the pod's zone.
  volumeBindingMode: "WaitForFirstConsumer",
  reclaimPolicy: "Delete",
  allowVolumeExpansion: true,
} as const;
