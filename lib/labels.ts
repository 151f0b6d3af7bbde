/**
 * Node labels and taints the blueprint sets and selects on. Node groups write them; Helm values
 * and example workloads read them from here, so a selector can never drift from its label.
 */
const PREFIX = "eks-gpu-dra.blueprint";

export const LABELS = {
  /** `system` or `gpu`: which kind of node group a node belongs to. */
  role: `${PREFIX}/role`,
  /** The blueprint's name of the node group. */
  nodeGroup: `${PREFIX}/node-group`,
} as const;

export const NODE_ROLES = { system: "system", gpu: "gpu" } as const;
