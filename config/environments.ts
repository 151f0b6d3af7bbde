/**
 * The environments this blueprint deploys. Edit this file in your fork: each entry becomes its own
 * set of stacks (`<name>-cluster`, ...). Account-specific values (principal ARNs, state bucket,
 * office CIDRs) are read from environment variables so the repository holds none of them and any
 * machine can synthesize every environment offline.
 *
 *   <ENV>_ADMIN_PRINCIPAL_ARNS   comma-separated IAM role/user ARNs given cluster-admin
 *   <ENV>_PUBLIC_ACCESS_CIDRS    comma-separated CIDRs allowed to the public API endpoint (empty: private only)
 *   <ENV>_STATE_BUCKET           S3 bucket for Terraform state (unset: local state files)
 *   <ENV>_<GROUP>_CAPACITY_RESERVATION_ID / _AZ
 *                                a purchased Capacity Block for GPU group <GROUP> (unset: the group is
 *                                left out with a warning)
 *
 * <ENV> is the environment name in upper case, with `-` written as `_` (DEV, PROD).
 *
 * Pass a SettingSources to learn which setting each variable filled: messages about those
 * settings then name the variable.
 */
import type { EnvironmentConfig } from "../lib/environment";
import { envVariable } from "../lib/naming";
import type { GpuNodeGroupConfig } from "../lib/nodes/settings";
import { SettingSources } from "../lib/provenance";

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * An environment's configuration, given the process environment that holds its account values;
 * `sources` records which setting each variable filled.
 */
export type EnvironmentDefinition = (env: Env, sources?: SettingSources) => EnvironmentConfig;

/**
 * Every environment synth deploys, in order. To add one, write a function like {@link lab} and
 * list it here; tests and the README follow this list.
 */
export const ENVIRONMENTS: readonly EnvironmentDefinition[] = [dev, prod, lab];

export function loadEnvironments(
  env: Env = process.env,
  sources: SettingSources = new SettingSources(),
): readonly EnvironmentConfig[] {
  return ENVIRONMENTS.map((define) => define(env, sources));
}

/**
 * Kubernetes 1.33, the product brief's version, with one L4 per node: the basic, time-slicing and
 * MPS examples. Synth warns what 1.33 costs and lacks (DRA GPU allocation outside the driver's
 * documented range, autoscaled DRA groups not production-ready); production refuses it.
 */
export function dev(env: Env, sources?: SettingSources): EnvironmentConfig {
  return {
    name: "dev",
    production: false,
    region: "us-east-1",
    clusterName: "gpu-dra-dev",
    kubernetesVersion: "1.33",
    network: {
      kind: "new",
      vpcCidr: "10.10.0.0/16",
      availabilityZones: ["us-east-1a", "us-east-1b"],
      natGateways: "single",
    },
    ...accountSettingsFromEnv(env, "dev", sources),
    // Under a year and no flow logs (network.flowLogs defaults to production): the policy waives
    // both for non-production environments with the reasons in lib/cluster/settings.ts and
    // lib/network/settings.ts; docs/scanning.md lists them.
    logRetentionDays: 30,
    systemNodeGroup: { instanceTypes: ["m7i.xlarge"], minSize: 2, desiredSize: 2, maxSize: 3 },
    tags: { project: "eks-gpu-dra", environment: "dev" },
    autoscaling: {
      // Dev GPUs idle between experiments: remove a node after 5 idle minutes, and let a node
      // added for one run go 5 minutes later. DRA groups keep their one node (minSize 1).
      scaleDown: {
        unneededTime: "5m",
        utilizationThreshold: 0.5,
        gpuUtilizationThreshold: 0.5,
        delayAfterAdd: "5m",
      },
    },
    // Dev deploys the time-slicing and MPS examples, so it declares the sharing they use; each
    // turns on an alpha DRA driver gate (TimeSlicingSettings, MPSSupport). Prod declares none.
    nvidia: { gpuSharing: ["TimeSlicing", "MPS"] },
    gpuNodeGroups: [
      // One L4 per node: the basic, time-slicing and MPS examples run here, one GPU each, so the
      // autoscaler grows the group from its one kept node to three while all of them run.
      {
        name: "g6",
        instanceType: "g6.xlarge",
        capacityType: "ON_DEMAND",
        allocation: "dra",
        maxSize: 3,
      },
    ],
  };
}

/**
 * Production on 1.36, the newest minor on which every pinned component is supported
 * (docs/compatibility.md has the evidence): on-demand L4s, A100s with MIG and a GB200 rack on
 * Capacity Blocks.
 */
export function prod(env: Env, sources?: SettingSources): EnvironmentConfig {
  return {
    name: "prod",
    production: true,
    region: "us-east-1",
    clusterName: "gpu-dra-prod",
    kubernetesVersion: "1.36",
    network: {
      kind: "new",
      vpcCidr: "10.20.0.0/16",
      availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      natGateways: "one-per-az",
    },
    ...accountSettingsFromEnv(env, "prod", sources),
    logRetentionDays: 365,
    systemNodeGroup: { instanceTypes: ["m7i.xlarge"], minSize: 3, desiredSize: 3, maxSize: 6 },
    tags: { project: "eks-gpu-dra", environment: "prod" },
    autoscaling: {
      // A GPU node takes minutes to boot, join and pull model images; removing one that traffic
      // needs again soon costs more than it saves. 20 idle minutes, no removal for 20 minutes after
      // a scale-up, and a node goes only when at most a third of it is in use (on a DRA node: a
      // third of its GPUs allocated), so a partly used 4- or 8-GPU node is not drained for pods
      // that would only pack elsewhere.
      scaleDown: {
        unneededTime: "20m",
        utilizationThreshold: 0.35,
        gpuUtilizationThreshold: 0.35,
        delayAfterAdd: "20m",
      },
    },
    migLayouts: {
      // Per A100 40 GB: one 3g.20gb for a mid-size model, one 2g.10gb and two 1g.5gb for small ones.
      "a100-40gb-mixed": { "3g.20gb": 1, "2g.10gb": 1, "1g.5gb": 2 },
    },
    gpuNodeGroups: [
      {
        name: "g6",
        instanceType: "g6.xlarge",
        capacityType: "ON_DEMAND",
        allocation: "dra",
        maxSize: 8,
      },
      {
        name: "p4d",
        instanceType: "p4d.24xlarge",
        capacityType: "CAPACITY_BLOCK",
        allocation: "dra",
        migLayout: "a100-40gb-mixed",
        maxSize: 2,
        ...capacityBlockFromEnv(env, "prod", "p4d", sources),
      },
      {
        // AWS's P6e pattern: GPUs through the device plugin, NVLink domains through DRA ComputeDomains.
        name: "p6e",
        instanceType: "p6e-gb200.36xlarge",
        capacityType: "CAPACITY_BLOCK",
        allocation: "device-plugin",
        computeDomains: true,
        maxSize: 9,
        ...capacityBlockFromEnv(env, "prod", "p6e", sources),
      },
    ],
  };
}

/**
 * The GA DRA path end to end: Kubernetes 1.36 serves `resource.k8s.io/v1`, so the driver chart and
 * the example claims render for v1, and it hosts the newer opt-in features. On-demand g6.12xlarge
 * nodes (four L4s each) let one pod claim several GPUs of a node. Non-production, so it deploys the
 * examples; its batch jobs queue in Kueue on g6, and its multi-node gangs run under Volcano on the
 * one-L4 `gang` nodes.
 * KEDA scales the inference example over a Spot group of single-L4 nodes, with the on-demand
 * groups as fallback.
 */
/**
 * The inference example's replicas, one L4 each, on Spot first; three sizes with one L4 are three
 * Spot pools. The autoscaler grows this group before the on-demand one.
 */
export const G6_SPOT: GpuNodeGroupConfig = {
  name: "g6-spot",
  instanceType: "g6.xlarge",
  alternativeInstanceTypes: ["g6.2xlarge", "g6.4xlarge"],
  capacityType: "SPOT",
  allocation: "dra",
  maxSize: 4,
};

export function lab(env: Env, sources?: SettingSources): EnvironmentConfig {
  return {
    name: "lab",
    production: false,
    region: "us-east-1",
    clusterName: "gpu-dra-lab",
    kubernetesVersion: "1.36",
    network: {
      kind: "new",
      vpcCidr: "10.30.0.0/16",
      availabilityZones: ["us-east-1a", "us-east-1b"],
      natGateways: "single",
    },
    ...accountSettingsFromEnv(env, "lab", sources),
    // Under a year and no flow logs, waived as in dev (docs/scanning.md).
    logRetentionDays: 30,
    systemNodeGroup: { instanceTypes: ["m7i.xlarge"], minSize: 2, desiredSize: 2, maxSize: 3 },
    tags: { project: "eks-gpu-dra", environment: "lab" },
    autoscaling: {
      // KEDA scales the inference example on its GPUs' utilization (docs/inference.md).
      keda: {},
      // Lab follows the inference example's traffic: KEDA removes a replica after 10 low minutes,
      // then the node it freed goes after 10 more; half-used nodes are candidates.
      scaleDown: {
        unneededTime: "10m",
        utilizationThreshold: 0.5,
        gpuUtilizationThreshold: 0.5,
        delayAfterAdd: "10m",
      },
    },
    // Two teams share the GPUs: through Kueue on g6 and through Volcano on gang (each group is one
    // scheduler's, so no GPU is counted twice). Both count DRA devices on 1.34 and later.
    queueing: {
      teams: [{ name: "research" }, { name: "inference" }],
      volcano: { nodeGroups: ["gang"] },
    },
    // GPUs shared by the memory claims request (DRA driver gate ConsumableShares, alpha; 1.36+).
    // The driver applies it to every DRA GPU node: claims that request no memory still get a whole GPU.
    nvidia: { consumableShares: "memory" },
    gpuNodeGroups: [
      {
        name: "g6",
        instanceType: "g6.12xlarge",
        capacityType: "ON_DEMAND",
        allocation: "dra",
        maxSize: 2,
      },
      {
        // One L4 per node, so the memory-shares example's pods meet on one GPU.
        name: "g6-shared",
        instanceType: "g6.xlarge",
        capacityType: "ON_DEMAND",
        allocation: "dra",
        maxSize: 1,
      },
      {
        // One L4 per node, so a gang of two pods is a gang of two nodes. Four nodes give each team
        // two GPUs of Volcano quota: one two-node gang each. One node stays up (the autoscaler
        // cannot grow a DRA group from zero).
        name: "gang",
        instanceType: "g6.xlarge",
        capacityType: "ON_DEMAND",
        allocation: "dra",
        maxSize: 4,
      },
      G6_SPOT,
    ],
  };
}

/** A comma-separated variable as a list; unset or blank is empty. */
export function listFromEnv(env: Env, variable: string): string[] {
  return (env[variable] ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** A Capacity Block's reservation ID and zone from `<ENV>_<GROUP>_CAPACITY_RESERVATION_ID` / `_AZ`. */
export function capacityBlockFromEnv(
  env: Env,
  environmentName: string,
  groupName: string,
  sources: SettingSources = new SettingSources(),
): Pick<GpuNodeGroupConfig, "capacityReservationId" | "capacityReservationAz"> {
  const prefix = envVariable(environmentName, groupName, "CAPACITY_RESERVATION");
  const at = `environments.${environmentName}.gpuNodeGroups.${groupName}`;
  const id = read(env, `${prefix}_ID`, `${at}.capacityReservationId`, RESERVATION_FORM, sources);
  const zone = read(env, `${prefix}_AZ`, `${at}.capacityReservationAz`, ZONE_FORM, sources);
  return {
    ...(id ? { capacityReservationId: id } : {}),
    ...(zone ? { capacityReservationAz: zone } : {}),
  };
}

const RESERVATION_FORM = 'the reservation ID as EC2 shows it: "cr-" and 17 lowercase hex digits';
const ZONE_FORM = 'the reservation\'s zone name, such as "us-east-1a" or "us-east-1-dfw-2a"';

/** The trimmed variable; a set variable is recorded as the source of its setting. */
function read(
  env: Env,
  variable: string,
  setting: string,
  form: string,
  sources: SettingSources,
): string | undefined {
  const value = env[variable];
  if (value !== undefined) sources.record(setting, { variable, value, form });
  return value?.trim();
}

/**
 * The account values of an environment from `<ENV>_STATE_BUCKET`, `<ENV>_ADMIN_PRINCIPAL_ARNS` and
 * `<ENV>_PUBLIC_ACCESS_CIDRS`, so the repository holds none of them.
 */
export function accountSettingsFromEnv(
  env: Env,
  environmentName: string,
  sources: SettingSources = new SettingSources(),
): Pick<EnvironmentConfig, "endpoint" | "access" | "stateBackend"> {
  const prefix = envVariable(environmentName);
  const at = `environments.${environmentName}`;
  const list = (variable: string, setting: string, form: string) => {
    read(env, variable, `${at}.${setting}`, `a comma-separated list of ${form}`, sources);
    return listFromEnv(env, variable);
  };
  const bucket = read(
    env,
    `${prefix}_STATE_BUCKET`,
    `${at}.stateBackend.bucket`,
    `an S3 bucket name (the ${environmentName}-state stack creates it): 3-63 lowercase letters, digits, '.' or '-'`,
    sources,
  );
  return {
    endpoint: {
      publicAccessCidrs: list(
        `${prefix}_PUBLIC_ACCESS_CIDRS`,
        "endpoint.publicAccessCidrs",
        'IPv4 CIDRs such as "203.0.113.0/24"',
      ),
    },
    access: {
      adminPrincipalArns: list(
        `${prefix}_ADMIN_PRINCIPAL_ARNS`,
        "access.adminPrincipalArns",
        'IAM role or user ARNs such as "arn:aws:iam::111122223333:role/admin"',
      ),
    },
    ...(bucket ? { stateBackend: { bucket } } : {}),
  };
}
