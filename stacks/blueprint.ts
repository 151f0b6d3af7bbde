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
import {
  clearDeployableOutput,
  pruneStaleStacks,
  staleState,
  staleStateWarning,
} from "./synth-output";
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
  /** The stacks written, per environment in the configured order. */
  readonly stacksByEnvironment: readonly { environment: string; stacks: readonly string[] }[];
  /** What synth has to tell the user; the cluster stacks carry them as annotations too. */
  readonly warnings: readonly string[];
  /** What the support calendar means today; printed only, never written. */
  readonly reminders: readonly string[];
}

export function synthesizeBlueprint(
  configs: readonly EnvironmentConfig[],
  appConfig: AppConfig = {},
  sources?: SettingSources,
): SynthResult {
  const environments = resolveEnvironments(configs, sources);
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
    stacksByEnvironment: [...stacks.entries()].map(([environment, set]) => ({
      environment,
      stacks: Object.values(set).map((stack) => stack.node.id),
    })),
    warnings: environments.flatMap((env) => env.warnings),
    // Dated from the clock, so only printed: nothing synthesized may depend on the day of synth.
    reminders: environments.flatMap((env) =>
      supportReminders(env, `environments.${env.name}`, today()),
    ),
  };
}

export interface OutdirSynthResult extends SynthResult {
  /** Stacks no longer synthesized whose Terraform state still exists, as warnings. */
  readonly staleState: readonly string[];
}

/**
 * What `npm run synth` and `cdktf synth` run: the previous output's deployable files are removed
 * first, so a synth that fails leaves nothing to deploy, and a synth that fails part-way (a full
 * disk) removes what it wrote. After a successful synth, stacks no environment produces any more
 * are checked for Terraform state left behind, and their folders are pruned unless the cdktf CLI
 * runs the app (it prunes them itself, stacks/synth-output.ts).
 */
export function synthesizeToOutdir(
  configs: readonly EnvironmentConfig[],
  outdir: string,
  sources?: SettingSources,
  options: { readonly pruneStale?: boolean } = {},
): OutdirSynthResult {
  const existed = existsSync(outdir);
  clearDeployableOutput(outdir);
  try {
    const result = synthesizeBlueprint(configs, { outdir }, sources);
    const stale = staleState(outdir, result.stacks).map(staleStateWarning);
    if (options.pruneStale ?? true) pruneStaleStacks(outdir, result.stacks);
    return { ...result, staleState: stale };
  } catch (error) {
    clearDeployableOutput(outdir);
    if (!existed) rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}
