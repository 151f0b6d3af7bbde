/**
 * The written exceptions of the examples: findings of the Kubernetes rules
 * (lib/policy/kubernetes-rules.ts) each example keeps on purpose. Those its images cause come from
 * the image's entry in IMAGES (no digest that can be cited, a root user not verified otherwise);
 * those its own design causes come from the example's `waivers`. docs/scanning.md is generated
 * from the same functions.
 */
import {
  kubernetesFindings,
  KUBERNETES_RULES,
  type KubernetesFinding,
  type KubernetesRuleId,
} from "../policy/kubernetes-rules";
import { digestWaiver, IMAGES, rootUserWaiver, type ExampleImage } from "./hardening";

export interface ExampleWaiver {
  readonly rule: KubernetesRuleId;
  readonly reason: string;
  readonly toPass: string;
  /** The image (repository:tag) whose containers it covers; every container when unset. */
  readonly image?: string;
  /** The object (`Kind/namespace/name`) it covers; every object when unset. */
  readonly object?: string;
}

/** The waivers an image's entry in IMAGES makes. */
export function imageWaivers(image: ExampleImage): ExampleWaiver[] {
  return [
    ...(image.digest
      ? []
      : [{ rule: "K8S_IMAGE_DIGEST" as const, image: image.image, ...digestWaiver(image) }]),
    ...(image.nonRootUid !== undefined
      ? []
      : [{ rule: "K8S_NON_ROOT" as const, image: image.image, ...rootUserWaiver(image) }]),
  ];
}

/** What the waivers need of an example. */
export interface WaivedExample {
  readonly name: string;
  readonly objects: readonly object[];
  readonly waivers?: readonly ExampleWaiver[];
}

const repository = (image: string | undefined) => image?.split("@")[0];

function covers(waiver: ExampleWaiver, finding: KubernetesFinding): boolean {
  return (
    waiver.rule === finding.rule &&
    (waiver.image === undefined || waiver.image === repository(finding.image)) &&
    (waiver.object === undefined || waiver.object === finding.object)
  );
}

/** Every waiver that applies to an example: its images' and its own. */
export function exampleWaivers(example: WaivedExample): ExampleWaiver[] {
  return [...Object.values(IMAGES).flatMap(imageWaivers), ...(example.waivers ?? [])];
}

/** The example's findings, each with the waiver that covers it, if any. */
export function judgedFindings(
  example: WaivedExample,
): { readonly finding: KubernetesFinding; readonly waiver?: ExampleWaiver }[] {
  const waivers = exampleWaivers(example);
  return kubernetesFindings(example.objects).map((finding) => ({
    finding,
    waiver: waivers.find((w) => covers(w, finding)),
  }));
}

/** The example's own waivers that cover none of its findings: stale, to be removed. */
export function staleExampleWaivers(example: WaivedExample): ExampleWaiver[] {
  const findings = kubernetesFindings(example.objects);
  return (example.waivers ?? []).filter((w) => !findings.some((f) => covers(w, f)));
}

/** One line per finding with no waiver: where, which rule and Checkov checks, how to waive it. */
export function unwaivedProblems(example: WaivedExample): string[] {
  return [
    ...judgedFindings(example)
      .filter(({ waiver }) => !waiver)
      .map(({ finding: f }) => {
        const rule = KUBERNETES_RULES[f.rule];
        return (
          `example ${example.name}: ${f.object}${f.container ? ` container ${f.container}` : ""} breaks ${f.rule} ` +
          `(${rule.checkov.join(", ")}): ${f.message}; ${rule.description}. Fix the example (lib/examples), or add ` +
          `{ rule: "${f.rule}", reason, toPass } to the example's waivers`
        );
      }),
    ...staleExampleWaivers(example).map(
      (w) => `example ${example.name}: its waiver for ${w.rule} covers no finding; remove it`,
    ),
  ];
}
