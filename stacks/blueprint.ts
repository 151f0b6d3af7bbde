import { App, type AppConfig } from "cdktf";
import { supportReminders, today } from "../lib/cluster/version-warnings";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { ConfigError } from "../lib/errors";
import { stateBucketStackName, stateBuckets } from "../lib/state/buckets";
import { resolveEnvironments } from "../lib/resolve-environments";
import { ClusterStack } from "./cluster-stack";
import { ExamplesStack } from "./examples-stack";
import { PlatformStack } from "./platform-stack";
import { enforceSecurityPolicy } from "./security-policy";
import { StateBucketStack } from "./state-bucket-stack";

export interface BlueprintStacks {
  readonly cluster: ClusterStack;
  readonly platform: PlatformStack;
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
        tags: { ...environment.tags, "eks-gpu-dra/environment": environment.name },
      });
    const cluster = new ClusterStack(app, `${environment.name}-cluster`, { environment });
    const platform = new PlatformStack(app, `${environment.name}-platform`, {
      environment,
      clusterStack: cluster,
    });
    const deployExamples = environment.examples.deploy && environment.examples.include.length > 0;
    const examples = deployExamples
      ? new ExamplesStack(app, `${environment.name}-examples`, {
          environment,
          platformStack: platform,
        })
      : undefined;
    enforceSecurityPolicy(environment, [
      cluster,
      platform,
      ...(examples ? [examples] : []),
      ...(state ? [state] : []),
    ]);
    stacks.set(environment.name, {
      cluster,
      platform,
      ...(examples ? { examples } : {}),
      ...(state ? { state } : {}),
    });
  }
  return stacks;
}

/**
 * Validates every environment, then synthesizes all of them. Validation runs before the app
 * exists (creating an App already makes its output folder), so one bad environment writes no
 * output at all.
 */
export function synthesizeBlueprint(
  configs: readonly EnvironmentConfig[],
  appConfig: AppConfig = {},
): void {
  const environments = resolveEnvironments(configs);
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
}
