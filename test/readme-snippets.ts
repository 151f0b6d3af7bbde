/**
 * The configuration snippets README.md shows, as code that type-checks (tsc) and that the tests
 * validate. test/readme.test.ts fails when a README snippet is not here verbatim.
 */
import { accountSettingsFromEnv, capacityBlockFromEnv, type Env } from "../config/environments";
import type { EnvironmentConfig } from "../lib/environment";
import type { GpuNodeGroupConfig } from "../lib/nodes/settings";
import type { SettingSources } from "../lib/provenance";
import type { QueueingConfig } from "../lib/queueing/settings";
import type { NvidiaConfig } from "../lib/nvidia/settings";

export const onDemandG6: GpuNodeGroupConfig = {
  name: "g6",
  instanceType: "g6.12xlarge",
  capacityType: "ON_DEMAND",
  allocation: "dra",
  maxSize: 4,
};

export const spotG6: GpuNodeGroupConfig = {
  name: "g6-spot",
  // The type the autoscaler sizes the group by; the others are more Spot pools of the same GPUs.
  instanceType: "g6.xlarge",
  alternativeInstanceTypes: ["g6.2xlarge", "g6.4xlarge"],
  capacityType: "SPOT",
  allocation: "dra",
  maxSize: 4,
};

export const p4dCapacityBlock: GpuNodeGroupConfig = {
  name: "p4d",
  instanceType: "p4d.24xlarge",
  capacityType: "CAPACITY_BLOCK",
  capacityReservationId: "cr-0123456789abcdef0",
  capacityReservationAz: "us-east-1a",
  allocation: "dra",
  migLayout: "all-1g.5gb",
  maxSize: 2,
};

export const p6eCapacityBlock: GpuNodeGroupConfig = {
  name: "p6e",
  instanceType: "p6e-gb200.36xlarge",
  capacityType: "CAPACITY_BLOCK",
  capacityReservationId: "cr-0fedcba9876543210",
  capacityReservationAz: "us-east-1-dfw-2a",
  allocation: "device-plugin",
  computeDomains: true,
  maxSize: 18,
};

export function staging(env: Env, sources?: SettingSources): EnvironmentConfig {
  return {
    name: "staging",
    production: false,
    region: "us-east-1",
    clusterName: "gpu-dra-staging",
    kubernetesVersion: "1.36",
    network: {
      kind: "existing",
      vpcId: "vpc-0123456789abcdef0",
      privateSubnets: [
        { id: "subnet-0123456789abcdef0", availabilityZone: "us-east-1a" },
        { id: "subnet-0123456789abcdef1", availabilityZone: "us-east-1b" },
      ],
    },
    // STAGING_STATE_BUCKET, STAGING_ADMIN_PRINCIPAL_ARNS, STAGING_PUBLIC_ACCESS_CIDRS
    ...accountSettingsFromEnv(env, "staging", sources),
    gpuNodeGroups: [
      onDemandG6,
      {
        name: "p4d",
        instanceType: "p4d.24xlarge",
        capacityType: "CAPACITY_BLOCK",
        // STAGING_P4D_CAPACITY_RESERVATION_ID and _AZ; until both are set the group is left out
        ...capacityBlockFromEnv(env, "staging", "p4d", sources),
        allocation: "dra",
        migLayout: "all-1g.5gb",
        maxSize: 2,
      },
    ],
    nvidia: { gpuSharing: ["TimeSlicing"] },
    // Add "mig" once the p4d group has its Capacity Block: that example needs MIG devices.
    examples: { deploy: true, include: ["basic", "time-slicing"] },
  };
}

export const teamQueues: QueueingConfig = {
  teams: [
    { name: "research", devices: { p4d: 40 } },
    { name: "inference", namespace: "serving" },
  ],
  podsReadyTimeout: "15m",
};

export const sharedByMemory: NvidiaConfig = {
  consumableShares: "memory", // or "unlimited", or a number of shares per GPU
};

export const gangScheduling: QueueingConfig = {
  ...teamQueues,
  volcano: { nodeGroups: ["g6"] },
};
