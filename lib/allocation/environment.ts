/**
 * The allocation proof over everything an environment ships or renders: its examples and its
 * queued examples, each on the node group its pods select.
 */
import type { ResolvedEnvironment } from "../environment";
import { renderExamples } from "../examples/render";
import { renderQueuedExamples } from "../examples/queued";
import { deviceClassMappings } from "../queueing/resources";
import { kueueChargeProblems } from "./kueue";
import { groupModels, proveExample, type ExampleProof } from "./prove";

/** Every example the environment renders, proven on its node group. */
export function proveEnvironment(env: ResolvedEnvironment): ExampleProof[] {
  const models = groupModels(env);
  const examples = [...renderExamples(env), ...renderQueuedExamples(env)];
  return examples.map((example) => proveExample(example, models, env.name));
}

/**
 * Problems for synth: each names the environment, the example, the pod or claim and the reason.
 * Queued examples must also be charged to Kueue quotas exactly what the proof allocates.
 */
export function allocationProblems(env: ResolvedEnvironment): string[] {
  const models = groupModels(env);
  const mappings = deviceClassMappings(env.gpuNodeGroups);
  const plain = renderExamples(env).map((e) => proveExample(e, models, env.name));
  const queued = renderQueuedExamples(env).map((e) => proveExample(e, models, env.name));
  return [
    ...[...plain, ...queued].flatMap((proof) => proof.problems),
    ...queued.flatMap((proof) =>
      kueueChargeProblems(
        proof,
        mappings,
        `environments.${env.name}.queueing: example "${proof.example}"`,
      ),
    ),
  ];
}
