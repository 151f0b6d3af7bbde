/**
 * The allocation proof over everything an environment ships or renders: its examples and its
 * queued examples, each on the node group its pods select.
 */
import type { ResolvedEnvironment } from "../environment";
import { renderExamples } from "../examples/render";
import { renderQueuedExamples } from "../examples/queued";
import { groupModels, proveExample, type ExampleProof } from "./prove";

/** Every example the environment renders, proven on its node group. */
export function proveEnvironment(env: ResolvedEnvironment): ExampleProof[] {
  const models = groupModels(env);
  const examples = [...renderExamples(env), ...renderQueuedExamples(env)];
  return examples.map((example) => proveExample(example, models, env.name));
}

/** Problems for synth: each names the environment, the example, the pod or claim and the reason. */
export function allocationProblems(env: ResolvedEnvironment): string[] {
  return proveEnvironment(env).flatMap((proof) => proof.problems);
}
