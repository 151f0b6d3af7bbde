/**
 * Instance types the system node group accepts. EKS only finds a misspelt type when the node
 * group is created, and an arm64 (Graviton) type would boot the x86_64 AMI the group uses and
 * never join, so synth checks the family and size against this list.
 *
 * The system group runs the AL2023 x86_64 AMI because its controllers (GPU Operator, NFD, the DRA
 * controller, CoreDNS) are run and tested here on x86_64; arm64 types are refused rather than
 * switched to the ARM AMI. Source for the families: EC2 User Guide, "Amazon EC2 instance types"
 * (general purpose, compute optimized and memory optimized, current generation). Add a family
 * here to use it.
 */
import { closest } from "../schema";

const X86_64_FAMILIES = [
  "m5",
  "m5a",
  "m6i",
  "m6a",
  "m7i",
  "m7a",
  "m7i-flex",
  "m8i",
  "c5",
  "c5a",
  "c6i",
  "c6a",
  "c7i",
  "c7a",
  "c7i-flex",
  "c8i",
  "r5",
  "r5a",
  "r6i",
  "r6a",
  "r7i",
  "r7a",
  "r8i",
  "t3",
  "t3a",
];
const ARM64_FAMILIES = ["m6g", "m7g", "m8g", "c6g", "c7g", "c8g", "r6g", "r7g", "r8g", "t4g"];
const SIZES = [
  "medium",
  "large",
  "xlarge",
  "2xlarge",
  "4xlarge",
  "8xlarge",
  "12xlarge",
  "16xlarge",
  "24xlarge",
  "32xlarge",
  "48xlarge",
];

export type SystemInstanceCheck =
  | { readonly kind: "x86_64" }
  | { readonly kind: "arm64" }
  | { readonly kind: "unknown"; readonly suggestion?: string };

export function checkSystemInstanceType(instanceType: string): SystemInstanceCheck {
  const [family = "", size = "", ...rest] = instanceType.split(".");
  if (rest.length === 0 && SIZES.includes(size)) {
    if (X86_64_FAMILIES.includes(family)) return { kind: "x86_64" };
    if (ARM64_FAMILIES.includes(family)) return { kind: "arm64" };
  }
  const known = [...X86_64_FAMILIES, ...ARM64_FAMILIES];
  const familyGuess = known.includes(family) ? family : closest(family, known);
  const sizeGuess = SIZES.includes(size) ? size : closest(size, SIZES);
  const suggestion = familyGuess && sizeGuess ? `${familyGuess}.${sizeGuess}` : undefined;
  return suggestion && suggestion !== instanceType
    ? { kind: "unknown", suggestion }
    : { kind: "unknown" };
}
