import { existsSync, rmSync } from "node:fs";
import { App, type AppConfig } from "cdktf";
import { supportReminders, today } from "../lib/cluster/version-warnings";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { ConfigError } from "../lib/errors";
import { queuedExampleNames } from "../lib/examples/queued";
import { stateBucketStackName, stateBuckets } from "../lib/state/buckets";
import type { SettingSources } from "../lib/provenance";
import { resolveEnvironments } from "../lib/resolve-environments";
import { ClusterStack } from "./cluster-stack";
import { ExamplesStack } from "./examples-stack";
import { PlatformStack } from "./platform-stack";
import { QueuesStack } from "./queues-stack";
import { clearDeployableOutput, pruneStaleStacks } from "./synth-output";
import { enforceSecurityPolicy } from "./security-policy";
import { StateBucketStack } from "./state-bucket-stack";
import { ENVIRONMENT_TAG } from "../lib/tags";

export interface BlueprintStacks {
  readonly cluster: ClusterStack;
  readonly platform: PlatformStack;
  /** Present when the environment queues GPU jobs. */
  readonly queues?: QueuesStack;
  /** Present when the environment deploys its examples. */
  readonly examples?: ExamplesStack;
  /** Present when the environment is the first to name its state bucket: deploy it first. */
  readonly state?: StateBucketStack;
}

/** Adds the stacks of already validated environments to an app. */
export function addBlueprint(
  app: App,
  environments: readonly ResolvedEnvironment[],
): Map<string, BlueprintStacks> {
  const stacks = new Map<string, BlueprintStacks>();
  const buckets = stateBuckets(environments);
  for (const environment of environments) {
    const bucket = buckets.find((b) => b.createdBy === environment.name);
    const state =
      bucket &&
      new StateBucketStack(app, stateBucketStackName(environment.name), {
        stateBucket: bucket,
        tags: { ...environment.tags, [ENVIRONMENT_TAG]: environment.name },
      });
    const cluster = new ClusterStack(app, `${environment.name}-cluster`, { environment });
    const platform = new PlatformStack(app, `${environment.name}-platform`, {
      environment,
      clusterStack: cluster,
    });
    const queues = environment.queueing
      ? new QueuesStack(app, `${environment.name}-queues`, { environment, platformStack: platform })
      : undefined;
    const deployExamples =
      environment.examples.deploy &&
      environment.examples.include.length + queuedExampleNames(environment).length > 0;
    const examples = deployExamples
      ? new ExamplesStack(app, `${environment.name}-examples`, {
          environment,
          platformStack: platform,
          ...(queues ? { queuesStack: queues } : {}),
        })
      : undefined;
    const all = [cluster, platform, queues, examples, state].filter((s) => s !== undefined);
    enforceSecurityPolicy(environment, all);
    stacks.set(environment.name, {
      cluster,
      platform,
      ...(queues ? { queues } : {}),
      ...(examples ? { examples } : {}),
      ...(state ? { state } : {}),
    });
  }
  return stacks;
}

/**
 * Validates every environment, then synthesizes all of them. Validation runs before the app exists (creating an App already makes its output
 * folder), so one bad environment writes no output at all.
 */
export interface SynthResult {
  /** The stacks written, by name. */
  readonly stacks: readonly string[];
  /** What synth has to tell the user (the cluster stacks also carry them as annotations). */
  readonly warnings: readonly string[];
}

export function synthesizeBlueprint(
  configs: readonly EnvironmentConfig[],
  appConfig: AppConfig = {},
  sources?: SettingSources,
): SynthResult {
  const environments = resolveEnvironments(configs, sources);
  // Dated from the clock, so printed only: nothing synthesized may depend on the day of synth.
  for (const env of environments)
    for (const reminder of supportReminders(env, `environments.${env.name}`, today()))
      console.warn(`Warning: ${reminder}`);
  const app = new App(appConfig);
  const stacks = addBlueprint(app, environments);
  // The policy judges the finished stacks; it runs before synth writes any of them.
  const violations = [...stacks.values()].flatMap((set) =>
    Object.values(set).flatMap((stack) => stack.node.validate()),
  );
  if (violations.length > 0) throw new ConfigError(violations);
  app.synth();
  return {
    stacks: [...stacks.values()].flatMap((set) => Object.values(set).map((stack) => stack.node.id)),
    warnings: environments.flatMap((env) => env.warnings),
  };
}

export interface OutdirSynthResult extends SynthResult {
  /** Stale stack folders kept because they hold Terraform state. */
  readonly keptStale: readonly string[];
}

/**
 * What `npm run synth` and `cdktf synth` run: the previous output's deployable files are removed
 * first, so a synth that fails leaves nothing to deploy, and a synth that fails part-way (a full
 * disk) removes what it wrote; after a successful synth, the folders of stacks no environment
 * produces any more are pruned, as the cdktf CLI does.
 */
export function synthesizeToOutdir(
  configs: readonly EnvironmentConfig[],
  outdir: string,
  sources?: SettingSources,
): OutdirSynthResult {
  const existed = existsSync(outdir);
  clearDeployableOutput(outdir);
  try {
    const result = synthesizeBlueprint(configs, { outdir }, sources);
    return { ...result, keptStale: pruneStaleStacks(outdir, result.stacks) };
  } catch (error) {
    clearDeployableOutput(outdir);
    if (!existed) rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}
