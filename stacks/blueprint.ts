import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App, type AppConfig } from "cdktf";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { ConfigError } from "../lib/errors";
import type { SettingSources } from "../lib/provenance";
import { resolveEnvironments } from "../lib/resolve-environments";
import { ClusterStack } from "./cluster-stack";
import { ExamplesStack } from "./examples-stack";
import { PlatformStack } from "./platform-stack";
import { enforceSecurityPolicy } from "./security-policy";

export interface BlueprintStacks {
  readonly cluster: ClusterStack;
  readonly platform: PlatformStack;
  /** Present when the environment deploys its examples. */
  readonly examples?: ExamplesStack;
}

/** Adds the stacks of already validated environments to an app. */
export function addBlueprint(
  app: App,
  environments: readonly ResolvedEnvironment[],
): Map<string, BlueprintStacks> {
  const stacks = new Map<string, BlueprintStacks>();
  for (const environment of environments) {
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
    enforceSecurityPolicy(
      environment,
      examples ? [cluster, platform, examples] : [cluster, platform],
    );
    stacks.set(environment.name, { cluster, platform, ...(examples ? { examples } : {}) });
  }
  return stacks;
}

/**
 * Validates every environment, then synthesizes all of them. The previous run's stacks are
 * removed first, so a failed synth never leaves output that `cdktf deploy --skip-synth` would
 * apply. Validation runs before the app exists (creating an App already makes its output folder),
 * so one bad environment writes no output at all; a failure after that removes what was written.
 */
export function synthesizeBlueprint(
  configs: readonly EnvironmentConfig[],
  appConfig: AppConfig = {},
  sources?: SettingSources,
): void {
  const outdir = appConfig.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const existed = existsSync(outdir);
  removeSynthOutput(outdir);
  const environments = resolveEnvironments(configs, sources);
  try {
    const app = new App(appConfig);
    const stacks = addBlueprint(app, environments);
    // The policy judges the finished stacks; it runs before synth writes any of them.
    const violations = [...stacks.values()].flatMap((set) =>
      Object.values(set).flatMap((stack) => stack.node.validate()),
    );
    if (violations.length > 0) throw new ConfigError(violations);
    app.synth();
  } catch (error) {
    removeSynthOutput(outdir);
    if (!existed && existsSync(outdir) && readdirSync(outdir).length === 0)
      rmSync(outdir, { recursive: true });
    throw error;
  }
}

/** Removes what a synth writes for deploy (the stacks and the manifest), keeping anything else. */
export function removeSynthOutput(outdir: string): void {
  rmSync(join(outdir, "stacks"), { recursive: true, force: true });
  rmSync(join(outdir, "manifest.json"), { force: true });
}
