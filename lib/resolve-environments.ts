/**
 * Resolves every environment: each concern checks its own slice of the configuration and fills in
 * its defaults; this file only orchestrates them and collects the problems. It throws one
 * ConfigError listing every problem, before any construct exists, so invalid input never produces
 * synth output.
 */
import { allocationProblems } from "./allocation/environment";
import { autoscalingProblems } from "./autoscaling/node-groups";
import { resolveAutoscaling } from "./autoscaling/settings";
import { checkServiceCidr, resolveCluster } from "./cluster/resolve";
import { KUBERNETES_VERSIONS } from "./cluster/versions";
import { localStateInProduction } from "./cluster/state-guard";
import { versionWarnings } from "./cluster/version-warnings";
import { compatibilityRules } from "./compat/rules";
import type { EnvironmentConfig, ResolvedEnvironment } from "./environment";
import { environmentSchema } from "./environment-schema";
import { ConfigError, Problems, show } from "./errors";
import { resolveExamples } from "./examples/catalog";
import { renderExamples } from "./examples/render";
import { resolveMonitoring } from "./monitoring/resolve";
import { NAME_PATTERN, NAME_RULE } from "./naming";
import { resolveNetwork } from "./network/resolve";
import { resolveGpuNodeGroups } from "./nodes/gpu-node-groups";
import { checkMigLayoutNames } from "./nodes/mig-layouts";
import { resolveSystemNodeGroup } from "./nodes/system-node-group";
import { placementProblems } from "./nvidia/placement";
import { scaledToZeroWarning } from "./nodes/rollout";
import { resolveNvidia } from "./nvidia/resolve";
import { resolvePolicyWaivers } from "./policy/security-policy";
import { devicesHeldOutsideQueues } from "./queueing/outside-queues";
import { deviceResource } from "./queueing/resources";
import { resolveQueueing } from "./queueing/resolve";
import { SettingSources } from "./provenance";
import { shapeProblems } from "./schema";
import { checkTags } from "./tags";
import { volcanoPlacementProblems } from "./volcano/placement";
import { volcanoValues } from "./volcano/values";
import { resolveVolcano, volcanoWarnings, withVolcanoLabels } from "./volcano/resolve";

/**
 * `sources`: which settings came from environment variables (config/environments.ts records
 * them); problems about those settings name the variable.
 */
export function resolveEnvironments(
  configs: readonly EnvironmentConfig[],
  sources: SettingSources = new SettingSources(),
): readonly ResolvedEnvironment[] {
  try {
    return resolveAll(configs);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.problems.map((problem) => sources.attribute(problem)));
  }
}

function resolveAll(configs: readonly EnvironmentConfig[]): readonly ResolvedEnvironment[] {
  const problems = new Problems();
  // Shapes first: the resolvers below rely on every value having its declared type.
  configs.forEach((config, index) => {
    const name = (config as { name?: unknown } | undefined)?.name;
    const at =
      typeof name === "string" && NAME_PATTERN.test(name)
        ? `environments.${name}`
        : `environments[${index}]`;
    for (const problem of shapeProblems(environmentSchema, config, at)) problems.add(problem);
  });
  problems.throwIfAny();
  if (configs.length === 0) {
    problems.add(
      "environments is empty: declare at least one environment in config/environments.ts",
    );
  }
  checkUnique(
    configs,
    "name",
    "environment names must be unique because stack names derive from them",
    problems,
  );
  checkUnique(
    configs,
    "clusterName",
    "cluster names must be unique because IAM role, KMS alias and log group names derive from them",
    problems,
  );
  const resolved = configs.map((config) => resolveEnvironment(config, problems));
  problems.throwIfAny();
  // The rendered Helm selectors only make sense for valid environments, so this runs last.
  for (const env of resolved) {
    const at = `environments.${env.name}`;
    for (const problem of placementProblems(env, at)) problems.add(problem);
    if (env.volcano)
      for (const problem of volcanoPlacementProblems(env, volcanoValues(env), at))
        problems.add(problem);
  }
  problems.throwIfAny();
  // Claims are allocated on the devices the placed DRA plugin publishes, so this follows placement.
  for (const env of resolved) for (const problem of allocationProblems(env)) problems.add(problem);
  problems.throwIfAny();
  return resolved;
}

function checkUnique(
  configs: readonly EnvironmentConfig[],
  key: "name" | "clusterName",
  why: string,
  problems: Problems,
): void {
  const seen = new Set<string>();
  for (const config of configs) {
    const value = config[key];
    if (seen.has(value)) {
      problems.add(
        `environments[].${key} ${show(value)} is used by more than one environment: ${why}; rename one of them`,
      );
    }
    seen.add(value);
  }
}

function resolveEnvironment(config: EnvironmentConfig, problems: Problems): ResolvedEnvironment {
  const at = `environments.${config.name}`;
  if (!NAME_PATTERN.test(config.name)) {
    problems.add(
      `environments[].name ${show(config.name)} is not DNS-safe: stack and resource names derive from it; ${NAME_RULE}`,
    );
  }
  const cluster = resolveCluster(
    { config, environmentName: config.name, production: config.production },
    at,
    problems,
  );

  const gpu = resolveGpuNodeGroups(
    {
      environmentName: config.name,
      region: config.region,
      configs: config.gpuNodeGroups ?? [],
      migLayouts: config.migLayouts ?? {},
    },
    problems,
  );
  checkMigLayoutNames(gpu.groups, at, problems);
  autoscalingProblems(gpu.groups, at, problems);
  const nvidia = resolveNvidia(
    config.nvidia,
    {
      production: config.production,
      kubernetesVersion: cluster.kubernetesVersion,
      gpuNodeGroups: gpu.groups,
    },
    at,
    problems,
  );
  const compatibilityWarnings = compatibilityRules(
    {
      production: config.production,
      kubernetesVersion: cluster.kubernetesVersion,
      nodeGroupsKubernetesVersion: cluster.nodeGroupsKubernetesVersion,
      gpuNodeGroups: gpu.groups,
      featureGates: nvidia.featureGates,
    },
    at,
    problems,
  );
  const examples = resolveExamples(
    config.examples,
    {
      production: config.production,
      groups: gpu.groups,
      featureGates: nvidia.featureGates,
      kubernetesVersion: cluster.kubernetesVersion,
      keda: config.autoscaling?.keda !== undefined,
      ...(nvidia.consumableShares === undefined
        ? {}
        : { consumableShares: nvidia.consumableShares }),
    },
    at,
    problems,
  );
  const blockZones = new Map<string, string>();
  for (const group of gpu.groups) {
    if (group.capacity.kind === "capacity-block" && !group.subnets) {
      blockZones.set(group.capacity.availabilityZone, `${at}.gpuNodeGroups.${group.name}`);
    }
  }
  const network = resolveNetwork(
    { network: config.network, region: config.region, production: config.production, blockZones },
    at,
    problems,
  );
  checkServiceCidr(
    cluster.serviceIpv4Cidr,
    config.network.kind === "new" ? config.network.vpcCidr : undefined,
    at,
    problems,
  );

  const systemNodeGroup = resolveSystemNodeGroup(
    config.systemNodeGroup,
    config.production,
    `${at}.systemNodeGroup`,
    problems,
  );

  const queueing = resolveQueueing(
    {
      config: config.queueing,
      kubernetesVersion: cluster.kubernetesVersion,
      gpuNodeGroups: gpu.groups,
      ...(config.queueing && examples.deploy && KUBERNETES_VERSIONS[cluster.kubernetesVersion]
        ? {
            heldOutsideQueues: devicesHeldOutsideQueues(
              renderExamples({
                name: config.name,
                kubernetesVersion: cluster.kubernetesVersion,
                gpuNodeGroups: gpu.groups,
                examples,
                // Volcano's groups are not the examples' to land on (resolved below).
                ...(config.queueing?.volcano
                  ? { volcano: { nodeGroups: config.queueing.volcano.nodeGroups } }
                  : {}),
              }),
              (name) => deviceResource(gpu.groups.find((g) => g.name === name)!).perNode,
            ),
          }
        : {}),
    },
    at,
    problems,
  );
  const volcano = resolveVolcano(
    {
      queueing: config.queueing,
      kubernetesVersion: cluster.kubernetesVersion,
      gpuNodeGroups: gpu.groups,
      teams: queueing?.teams ?? [],
    },
    at,
    problems,
  );

  const tags = config.tags ?? {};
  checkTags(tags, at, problems);

  return {
    name: config.name,
    production: config.production,
    ...cluster,
    network,
    systemNodeGroup,
    tags,
    gpuNodeGroups: withVolcanoLabels(gpu.groups, volcano),
    nvidia,
    autoscaling: resolveAutoscaling(config.autoscaling, at, problems),
    monitoring: resolveMonitoring(config.monitoring, at, problems),
    examples,
    ...(queueing ? { queueing } : {}),
    ...(volcano ? { volcano } : {}),
    policyWaivers: resolvePolicyWaivers(config.policyWaivers ?? [], at, problems),
    warnings: [
      ...versionWarnings(cluster, at),
      ...compatibilityWarnings,
      ...volcanoWarnings(volcano, cluster.kubernetesVersion, at),
      ...gpu.warnings,
      ...gpu.groups
        .filter((g) => g.capacity.kind === "capacity-block" && g.capacity.scaledToZero)
        .map((g) => scaledToZeroWarning(config.clusterName, g, `${at}.gpuNodeGroups.${g.name}`)),
      ...(config.production && !cluster.stateBackend
        ? [localStateInProduction(config.name).warning]
        : []),
    ],
  };
}
