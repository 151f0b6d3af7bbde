/**
 * A catalogue of configurations the blueprint refuses: each names the area, the configuration (as
 * changes to a small valid test environment), the exact message a user sees, and proves synth
 * writes nothing. Unit tests elsewhere cover the accepted side of each rule.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EnvironmentConfig } from "../lib/environment";
import { ConfigError } from "../lib/errors";
import { synthesizeBlueprint } from "../stacks/blueprint";
import {
  testEnvironment,
  G6 as g6,
  P4D as p4d,
  P6E as p6e,
  RESERVATION,
  SECOND_RESERVATION,
} from "./helpers";

const zones = ["us-east-1a", "us-east-1b"];
const existing = (
  subnets: { id: string; availabilityZone: string }[],
): EnvironmentConfig["network"] => ({
  kind: "existing",
  vpcId: "vpc-0123456789abcdef0",
  privateSubnets: subnets,
});
const ADMIN = "arn:aws:iam::111122223333:role/admin";
const s = (n: number, az: string) => ({ id: `subnet-0123456789abcdef${n}`, availabilityZone: az });

interface Rejected {
  readonly area: "network" | "cluster" | "node groups" | "NVIDIA" | "examples" | "policy";
  readonly name: string;
  readonly config: Partial<EnvironmentConfig>;
  readonly message: string;
}

const CATALOGUE: readonly Rejected[] = [
  {
    area: "network",
    name: "VPC CIDR with host bits",
    config: { network: { kind: "new", vpcCidr: "10.0.0.1/16", availabilityZones: zones } },
    message:
      'environments.test.network.vpcCidr "10.0.0.1/16" is not a valid IPv4 CIDR (host bits must be zero); write it as "10.0.0.0/16"',
  },
  {
    area: "network",
    name: "VPC CIDR too small",
    config: { network: { kind: "new", vpcCidr: "10.0.0.0/24", availabilityZones: zones } },
    message:
      'environments.test.network.vpcCidr "10.0.0.0/24" has prefix /24: AWS allows at most a /16 per VPC CIDR, and below a /20 the private subnets run out of addresses for pods; use a /16 to /20',
  },
  {
    area: "network",
    name: "public VPC CIDR",
    config: { network: { kind: "new", vpcCidr: "8.8.0.0/16", availabilityZones: zones } },
    message:
      'environments.test.network.vpcCidr "8.8.0.0/16" is not in private (RFC 1918) address space; use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
  },
  {
    area: "network",
    name: "service CIDR overlapping the VPC",
    config: { serviceIpv4Cidr: "10.0.128.0/20" },
    message:
      'environments.test.serviceIpv4Cidr "10.0.128.0/20" overlaps network.vpcCidr "10.0.0.0/16": service IPs would shadow node and pod addresses; choose a service range outside the VPC',
  },
  {
    area: "network",
    name: "service CIDR outside private space",
    config: { serviceIpv4Cidr: "100.64.0.0/16" },
    message:
      'environments.test.serviceIpv4Cidr "100.64.0.0/16" is not accepted by EKS: it must be a private (RFC 1918) /12 to /24; use "172.20.0.0/16"',
  },
  {
    area: "network",
    name: "new VPC in one zone",
    config: { network: { kind: "new", vpcCidr: "10.0.0.0/16", availabilityZones: ["us-east-1a"] } },
    message:
      'environments.test.network.availabilityZones ["us-east-1a"] lists 1 zone(s): EKS needs subnets in at least two zones and the subnet plan covers at most three; list two or three zones',
  },
  {
    area: "network",
    name: "zone outside the region",
    config: {
      network: {
        kind: "new",
        vpcCidr: "10.0.0.0/16",
        availabilityZones: ["us-east-1a", "eu-west-1b"],
      },
    },
    message:
      'environments.test.network.availabilityZones entry "eu-west-1b" is not a zone of region "us-east-1", whose Availability Zones are named us-east-1a to us-east-1f; use one of those your account has (aws ec2 describe-availability-zones lists them)',
  },
  {
    area: "network",
    name: "existing VPC with one subnet",
    config: { network: existing([s(0, "us-east-1a")]) },
    message:
      "environments.test.network.privateSubnets has 1 subnet(s): EKS needs at least two subnets in different zones; add a subnet",
  },
  {
    area: "network",
    name: "existing VPC in one zone",
    config: { network: existing([s(0, "us-east-1a"), s(1, "us-east-1a")]) },
    message:
      'environments.test.network.privateSubnets are all in "us-east-1a": EKS needs subnets in at least two zones; add a subnet from another zone',
  },
  {
    area: "network",
    name: "malformed subnet ID",
    config: {
      network: existing([s(0, "us-east-1a"), { id: "subnet-xyz", availabilityZone: "us-east-1b" }]),
    },
    message:
      'environments.test.network.privateSubnets entry "subnet-xyz" is not a subnet ID; use the "subnet-..." ID',
  },
  {
    area: "network",
    name: "Capacity Block zone without a subnet in an existing VPC",
    config: { network: existing([s(0, "us-east-1a"), s(1, "us-east-1c")]), gpuNodeGroups: [p4d] },
    message:
      'environments.test.gpuNodeGroups.p4d.capacityReservationAz "us-east-1b" has no subnet in network.privateSubnets; add a private subnet of that zone there, or give the group its own subnets',
  },
  {
    area: "cluster",
    name: "Kubernetes below 1.33",
    config: { kubernetesVersion: "1.32" },
    message:
      'environments.test.kubernetesVersion "1.32" is not supported: DRA needs EKS 1.33 or later and the blueprint is tested on 1.33, 1.34, 1.35, 1.36; use one of those',
  },
  {
    area: "cluster",
    name: "node groups two minors behind the control plane",
    config: { kubernetesVersion: "1.35", nodeGroupsKubernetesVersion: "1.33" },
    message:
      'environments.test.nodeGroupsKubernetesVersion "1.33" must be kubernetesVersion "1.35" or the minor before it, "1.34", because node groups follow the control plane one minor at a time; remove the setting or use "1.34"',
  },
  {
    area: "cluster",
    name: "STANDARD support past standard support",
    config: { kubernetesVersion: "1.33", supportType: "STANDARD" },
    message:
      'environments.test.supportType "STANDARD" cannot be used with kubernetesVersion "1.33": its standard support ended on 2026-07-29 and EKS would upgrade the cluster on its own; set supportType "EXTENDED" or use a newer kubernetesVersion',
  },
  {
    area: "cluster",
    name: "environment name not DNS-safe",
    config: { name: "Dev_1" },
    message:
      "environments[].name \"Dev_1\" is not DNS-safe: stack and resource names derive from it; use 1-20 lowercase letters, digits or '-', starting with a letter and not ending with '-'",
  },
  {
    area: "cluster",
    name: "cluster name too long",
    config: { clusterName: "a-cluster-name-that-is-longer-than-forty-characters" },
    message:
      "environments.test.clusterName \"a-cluster-name-that-is-longer-than-forty-characters\" is not a valid cluster name: IAM role names are built from it; use 1-40 letters, digits, '-' or '_', starting with a letter or digit",
  },
  {
    area: "cluster",
    name: "public endpoint open to the internet in production",
    config: { production: true, endpoint: { publicAccessCidrs: ["0.0.0.0/0"] } },
    message:
      'environments.test.endpoint.publicAccessCidrs ["0.0.0.0/0"] opens the production Kubernetes API to 3,702,257,664 public addresses, more than the 16,777,216 (one /8) allowed in production: that is the internet at large, not your networks; list your office or VPN ranges, or leave it empty for a private-only endpoint',
  },
  {
    area: "cluster",
    name: "public access CIDR without a prefix",
    config: { endpoint: { publicAccessCidrs: ["203.0.113.7"] } },
    message:
      'environments.test.endpoint.publicAccessCidrs entry "203.0.113.7" is not a valid IPv4 CIDR (four decimal octets, no leading zeros, host bits zero); write it as "203.0.113.0/24"',
  },
  {
    area: "cluster",
    name: "admin principal that is a session ARN",
    config: {
      access: { adminPrincipalArns: ["arn:aws:sts::111122223333:assumed-role/admin/jane"] },
    },
    message:
      'environments.test.access.adminPrincipalArns entry "arn:aws:sts::111122223333:assumed-role/admin/jane" is not an IAM role or user ARN; use "arn:aws:iam::<account-id>:role/<name>" (not an assumed-role session ARN)',
  },
  {
    area: "cluster",
    name: "single system node in production",
    config: { production: true, systemNodeGroup: { minSize: 1, desiredSize: 1 } },
    message:
      "environments.test.systemNodeGroup.minSize 1 is below 2 in a production environment: CoreDNS, the GPU Operator and the DRA controller would have a single node to run on; set minSize to 2 or more",
  },
  {
    area: "cluster",
    name: "system node sizes out of order",
    config: { systemNodeGroup: { minSize: 3, desiredSize: 2, maxSize: 4 } },
    message:
      "environments.test.systemNodeGroup sizes min 3, desired 2, max 4 are not valid: EKS needs whole numbers with min <= desired <= max and max >= 1; adjust minSize, desiredSize or maxSize",
  },
  {
    area: "cluster",
    name: "log retention CloudWatch refuses",
    config: { logRetentionDays: 10 },
    message:
      "environments.test.logRetentionDays 10 is not a retention CloudWatch Logs accepts; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
  },
  {
    area: "cluster",
    name: "state bucket name S3 refuses",
    config: { stateBackend: { bucket: "My_Bucket" } },
    message:
      "environments.test.stateBackend.bucket \"My_Bucket\" is not a valid S3 bucket name: wrong length or characters; use 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit",
  },
  {
    area: "cluster",
    name: "tag with the reserved aws: prefix",
    config: { tags: { "aws:owner": "me" } },
    message:
      'environments.test.tags key "aws:owner" uses the reserved "aws:" prefix; rename the tag',
  },
  {
    area: "node groups",
    name: "unknown instance type",
    config: { gpuNodeGroups: [{ ...g6, instanceType: "g5.xlarge" }] },
    message:
      'environments.test.gpuNodeGroups.g6.instanceType "g5.xlarge" is not in the GPU catalog (lib/nodes/gpu-catalog.ts); use one of g6.xlarge, g6.2xlarge, g6.4xlarge, g6.8xlarge, g6.16xlarge, g6.12xlarge, g6.24xlarge, g6.48xlarge, p4d.24xlarge, p4de.24xlarge, p5.48xlarge, p6e-gb200.36xlarge',
  },
  {
    area: "node groups",
    name: "Capacity-Block-only instance on demand",
    config: {
      gpuNodeGroups: [
        { ...g6, instanceType: "p6e-gb200.36xlarge", allocation: "device-plugin", maxSize: 9 },
      ],
    },
    message:
      'environments.test.gpuNodeGroups.g6.capacityType "ON_DEMAND" cannot launch p6e-gb200.36xlarge: EC2 sells it only as Capacity Blocks for ML; set capacityType "CAPACITY_BLOCK" with the capacityReservationId and capacityReservationAz of your block',
  },
  {
    area: "node groups",
    name: "malformed reservation ID",
    config: { gpuNodeGroups: [{ ...p4d, capacityReservationId: "cr-123" }] },
    message:
      'environments.test.gpuNodeGroups.p4d.capacityReservationId "cr-123" is not a capacity reservation ID; copy the "cr-" followed by 17 hex digits from the EC2 console\'s Capacity Reservations page',
  },
  {
    area: "node groups",
    name: "reservation without its zone",
    config: { gpuNodeGroups: [{ ...p4d, capacityReservationAz: undefined }] },
    message:
      "environments.test.gpuNodeGroups.p4d.capacityReservationAz is missing: a Capacity Block lives in one zone and the group must launch there; set it to the reservation's zone",
  },
  {
    area: "node groups",
    name: "on-demand group with a reservation",
    config: { gpuNodeGroups: [{ ...g6, capacityReservationId: RESERVATION }] },
    message:
      'environments.test.gpuNodeGroups.g6 is ON_DEMAND but sets capacityReservationId or capacityReservationAz, which only Capacity Blocks use; remove them or set capacityType "CAPACITY_BLOCK"',
  },
  {
    area: "node groups",
    name: "Capacity Block of an on-demand-only type",
    config: { gpuNodeGroups: [{ ...p4d, instanceType: "g6.12xlarge", migLayout: undefined }] },
    message:
      'environments.test.gpuNodeGroups.p4d.capacityType "CAPACITY_BLOCK" cannot be used with g6.12xlarge: EC2 does not sell it as Capacity Blocks for ML; use capacityType "ON_DEMAND" or a P-family instance type',
  },
  {
    area: "node groups",
    name: "Capacity Block subnets in two zones",
    config: { gpuNodeGroups: [{ ...p4d, subnets: [s(0, "us-east-1b"), s(1, "us-east-1c")] }] },
    message:
      'environments.test.gpuNodeGroups.p4d.subnets are in ["us-east-1b","us-east-1c"], but a Capacity Block launches only in its zone "us-east-1b"; list subnets of that zone only',
  },
  {
    area: "node groups",
    name: "MIG layout on L4",
    config: { gpuNodeGroups: [{ ...g6, migLayout: "all-1g.5gb" }] },
    message:
      'environments.test.gpuNodeGroups.g6.migLayout "all-1g.5gb" cannot be used: g6.xlarge has NVIDIA L4 GPUs, which do not support MIG on the EKS AMI; use p4d.24xlarge, p4de.24xlarge, p5.48xlarge or remove migLayout',
  },
  {
    area: "node groups",
    name: "MIG profile the GPU lacks",
    config: {
      migLayouts: { wrong: { "1g.10gb": 2, "1g.20gb": 1 } },
      gpuNodeGroups: [{ ...p4d, migLayout: "wrong" }],
    },
    message:
      'environments.test.gpuNodeGroups.p4d.migLayout "wrong" uses MIG profile "1g.20gb", which NVIDIA A100-SXM4-40GB does not have; use one of 1g.5gb, 1g.10gb, 2g.10gb, 3g.20gb, 4g.20gb, 7g.40gb',
  },
  {
    area: "node groups",
    name: "MIG layout over 7 compute slices",
    config: {
      migLayouts: { big: { "4g.20gb": 1, "3g.20gb": 1, "1g.5gb": 1 } },
      gpuNodeGroups: [{ ...p4d, migLayout: "big" }],
    },
    message:
      'environments.test.gpuNodeGroups.p4d.migLayout "big" {"4g.20gb":1,"3g.20gb":1,"1g.5gb":1} needs 8 compute and 9 memory slices per GPU, but a GPU has 7 compute and 8 memory slices; remove devices until both fit',
  },
  {
    area: "node groups",
    name: "MIG layout over 8 memory slices",
    config: {
      migLayouts: { wide: { "1g.10gb": 4, "1g.5gb": 1 } },
      gpuNodeGroups: [{ ...p4d, migLayout: "wide" }],
    },
    message:
      'environments.test.gpuNodeGroups.p4d.migLayout "wide" {"1g.10gb":4,"1g.5gb":1} needs 5 compute and 9 memory slices per GPU, but a GPU has 7 compute and 8 memory slices; remove devices until both fit',
  },
  {
    area: "node groups",
    name: "MIG layout not in the generated config",
    config: { gpuNodeGroups: [{ ...p4d, migLayout: "mystery" }] },
    message:
      'environments.test.gpuNodeGroups.p4d.migLayout "mystery" is not in the MIG config the blueprint generates (the environment\'s migLayouts and the built-in layouts); declare it in migLayouts or use one of all-disabled, all-1g.5gb, all-1g.10gb, all-2g.10gb, all-3g.20gb, all-4g.20gb, all-7g.40gb',
  },
  {
    area: "node groups",
    name: "P6e on the x86 AMI",
    config: { gpuNodeGroups: [{ ...p6e, amiType: "AL2023_x86_64_NVIDIA" }] },
    message:
      'environments.test.gpuNodeGroups.p6e.amiType "AL2023_x86_64_NVIDIA" does not fit p6e-gb200.36xlarge, an arm64 instance with NVIDIA GB200 GPUs: its nodes need the drivers of "AL2023_ARM_64_NVIDIA"; use that or leave amiType unset',
  },
  {
    area: "node groups",
    name: "P6e size that fits no UltraServer",
    config: { gpuNodeGroups: [{ ...p6e, maxSize: 4 }] },
    message:
      "environments.test.gpuNodeGroups.p6e.maxSize 4 does not fit an UltraServer: p6e-gb200.36xlarge is sold as UltraServers of 9 or 18 instances; set maxSize to the instance count of your reservation",
  },
  {
    area: "node groups",
    name: "GPU sizes out of order",
    config: { gpuNodeGroups: [{ ...g6, minSize: 1, desiredSize: 0 }] },
    message:
      "environments.test.gpuNodeGroups.g6 sizes min 1, desired 0, max 2 are not valid: EKS needs whole numbers with min <= desired <= max and max >= 1; adjust minSize, desiredSize or maxSize",
  },
  {
    area: "node groups",
    name: "duplicate node group names",
    config: { gpuNodeGroups: [g6, { ...g6, instanceType: "g6.2xlarge" }] },
    message:
      'environments.test.gpuNodeGroups name "g6" is used twice: node group names must be unique in a cluster; rename one of them',
  },
  {
    area: "node groups",
    name: "node group named system",
    config: { gpuNodeGroups: [{ ...g6, name: "system" }] },
    message:
      "environments.test.gpuNodeGroups.system.name \"system\" is not a usable node group name: it becomes part of node labels and AWS resource names, and \"system\" is taken; use 1-20 lowercase letters, digits or '-', starting with a letter and not ending with '-'",
  },
  {
    area: "node groups",
    name: "ComputeDomains without multi-node NVLink",
    config: { gpuNodeGroups: [{ ...g6, computeDomains: true }] },
    message:
      "environments.test.gpuNodeGroups.g6.computeDomains is true, but g6.xlarge has no multi-node NVLink for a ComputeDomain to span; set it only on P6e-GB200 groups",
  },
  {
    area: "node groups",
    name: "label the blueprint manages",
    config: { gpuNodeGroups: [{ ...g6, labels: { "nvidia.com/mig.config": "all-1g.5gb" } }] },
    message:
      'environments.test.gpuNodeGroups.g6.labels sets "nvidia.com/mig.config", which the blueprint manages from allocation, computeDomains and migLayout; remove it and use those settings',
  },
  {
    area: "NVIDIA",
    name: "feature gate the driver does not know",
    config: { nvidia: { draDriver: { featureGates: { MagicSharing: true } } } },
    message:
      "environments.test.nvidia.draDriver.featureGates.MagicSharing is not a feature gate of the pinned DRA driver, whose kubelet plugin would not start; use one of TimeSlicingSettings, MPSSupport, IMEXDaemonsWithDNSNames, PassthroughSupport, NVMLDeviceHealthCheck, DynamicMIG, ComputeDomainCliques, CrashOnNVLinkFabricErrors, DeviceMetadata, FabricManagerPartitioning, HostManagedIMEXDaemon, DRAListTypeAttributes, ConsumableShares, ContextualLogging, LoggingAlphaOptions, LoggingBetaOptions",
  },
  {
    area: "NVIDIA",
    name: "DynamicMIG with MPSSupport",
    config: {
      kubernetesVersion: "1.36",
      nvidia: { gpuSharing: ["MPS"], draDriver: { featureGates: { DynamicMIG: true } } },
    },
    message:
      'environments.test.nvidia.draDriver.featureGates turn on DynamicMIG and MPSSupport together, which the DRA driver refuses; turn one of them off (MPSSupport comes from gpuSharing "MPS")',
  },
  {
    area: "NVIDIA",
    name: "feature gate without the gate it requires",
    config: { nvidia: { draDriver: { featureGates: { IMEXDaemonsWithDNSNames: false } } } },
    message:
      "environments.test.nvidia.draDriver.featureGates turn on ComputeDomainCliques without IMEXDaemonsWithDNSNames, " +
      "which it requires; the DRA driver would not start, so turn IMEXDaemonsWithDNSNames on or ComputeDomainCliques off",
  },
  {
    area: "NVIDIA",
    name: "mutually exclusive feature gates",
    config: {
      nvidia: {
        draDriver: { featureGates: { PassthroughSupport: true, NVMLDeviceHealthCheck: true } },
      },
    },
    message:
      "environments.test.nvidia.draDriver.featureGates turn on PassthroughSupport and NVMLDeviceHealthCheck " +
      "together, which the DRA driver refuses; turn one of them off",
  },
  {
    area: "NVIDIA",
    name: "sharing strategy with its gate off",
    config: {
      nvidia: {
        gpuSharing: ["TimeSlicing"],
        draDriver: { featureGates: { TimeSlicingSettings: false } },
      },
    },
    message:
      'environments.test.nvidia.draDriver.featureGates.TimeSlicingSettings is false, but gpuSharing includes "TimeSlicing", which needs it; remove the override or drop "TimeSlicing" from gpuSharing',
  },
  {
    area: "NVIDIA",
    name: "untested chart version",
    config: { nvidia: { gpuOperator: { version: "v25.10.0" } } },
    message:
      "environments.test.nvidia.gpuOperator.version \"v25.10.0\" is not a version the blueprint's values were checked against (v26.7.0): chart keys move between releases and Helm ignores unknown ones; use a tested version, or set allowUntestedVersion: true after checking the chart's values.yaml",
  },
  {
    area: "NVIDIA",
    name: "DRA group that presets a GPU Operator deploy label",
    config: {
      gpuNodeGroups: [{ ...g6, labels: { "nvidia.com/gpu.deploy.device-plugin": "true" } }],
    },
    message:
      'environments.test.gpuNodeGroups.g6.labels sets "nvidia.com/gpu.deploy.device-plugin", which the blueprint manages from allocation, computeDomains and migLayout; remove it and use those settings',
  },
  {
    area: "NVIDIA",
    name: "MIG layout name meaning two layouts",
    config: {
      gpuNodeGroups: [
        { ...p4d, migLayout: "all-1g.10gb" },
        {
          ...p4d,
          name: "p4de",
          instanceType: "p4de.24xlarge",
          migLayout: "all-1g.10gb",
          capacityReservationId: SECOND_RESERVATION,
        },
      ],
    },
    message:
      'environments.test.gpuNodeGroups.p4de.migLayout "all-1g.10gb" means {"1g.10gb":7} on NVIDIA A100-SXM4-80GB but {"1g.10gb":4} on NVIDIA A100-SXM4-40GB (group p4d); one MIG config cannot hold both, so declare a custom layout with its own name in migLayouts',
  },
  {
    area: "NVIDIA",
    name: "MIG group with a GPU Operator that does not write the MIG manager's client label",
    config: {
      gpuNodeGroups: [g6, p4d],
      nvidia: { gpuOperator: { version: "v26.3.1", allowUntestedVersion: true } },
    },
    message:
      'environments.test.gpuNodeGroups.p4d.migLayout "all-1g.5gb": the MIG manager could not pause nvidia-dra-gpus/nvidia-dra-gpus-kubelet-plugin before it repartitions the GPUs, so the plugin would keep offering devices that no longer exist; environments.test.nvidia.gpuOperator.version "v26.3.1" does not write nvidia.com/gpu.deploy.client (v26.7.0 and later do): use gpu-operator v26.7.0 or later, or remove migLayout',
  },
  {
    area: "examples",
    name: "time-slicing example without the sharing declared",
    config: { gpuNodeGroups: [g6], examples: { include: ["basic", "time-slicing"] } },
    message:
      'environments.test.examples.include asks for "time-slicing", whose claims use "TimeSlicing" sharing and so need the DRA driver gate TimeSlicingSettings, which the environment does not turn on; add "TimeSlicing" to environments.test.nvidia.gpuSharing, or remove the example',
  },
  {
    area: "examples",
    name: "MPS settings without the sharing declared",
    config: { gpuNodeGroups: [g6], examples: { mps: { activeThreadPercentage: 40 } } },
    message:
      'environments.test.examples.mps configures "MPS" sharing, which needs the DRA driver gate MPSSupport, which the environment does not turn on; add "MPS" to environments.test.nvidia.gpuSharing, or remove mps',
  },
  {
    area: "examples",
    name: "time-slice interval the driver lacks",
    config: {
      gpuNodeGroups: [g6],
      nvidia: { gpuSharing: ["TimeSlicing"] },
      examples: { timeSlicingInterval: "Forever" },
    },
    message:
      'environments.test.examples.timeSlicingInterval "Forever" is not a time-slice interval; use "Default", "Short", "Medium", "Long"',
  },
  {
    area: "examples",
    name: "MPS thread percentage over 100",
    config: {
      gpuNodeGroups: [g6],
      nvidia: { gpuSharing: ["MPS"] },
      examples: { mps: { activeThreadPercentage: 150 } },
    },
    message:
      "environments.test.examples.mps.activeThreadPercentage 150 is outside 0-100; use a whole percentage",
  },
  {
    area: "examples",
    name: "MPS pinned memory under 1Mi",
    config: {
      gpuNodeGroups: [g6],
      nvidia: { gpuSharing: ["MPS"] },
      examples: { mps: { pinnedDeviceMemoryLimit: "100Ki" } },
    },
    message:
      'environments.test.examples.mps.pinnedDeviceMemoryLimit "100Ki" is not a memory quantity of at least 1Mi; use a value such as "10Gi"',
  },
  {
    area: "examples",
    name: "MIG example without a MIG group",
    config: { gpuNodeGroups: [g6], examples: { include: ["basic", "mig"] } },
    message:
      'environments.test.examples.include asks for "mig", which needs a node group with allocation "dra" and a migLayout that creates MIG devices (p4d.24xlarge, p4de.24xlarge, p5.48xlarge), and the environment has none; add such a node group or remove the example',
  },
  {
    area: "examples",
    name: "ComputeDomain example without a P6e group",
    config: { gpuNodeGroups: [g6], examples: { include: ["compute-domain"] } },
    message:
      'environments.test.examples.include asks for "compute-domain", which needs a node group with computeDomains: true (p6e-gb200.36xlarge), and the environment has none; add such a node group or remove the example',
  },
  {
    area: "examples",
    name: "example that does not exist",
    config: { gpuNodeGroups: [g6], examples: { include: ["vgpu"] } },
    message:
      'environments.test.examples.include entry "vgpu" is not an example; use basic, time-slicing, mps, mig, compute-domain, memory-shares',
  },
  {
    area: "policy",
    name: "waiver of an unknown rule",
    config: {
      policyWaivers: [
        { rule: "CKV_AWS_39", resourcePath: "test-cluster/eks/cluster", reason: "x" },
      ],
    },
    message:
      'environments.test.policyWaivers rule "CKV_AWS_39" is not a policy rule; use one of EKS_CONTROL_PLANE_LOGGING, EKS_SECRETS_ENCRYPTION, KMS_KEY_ROTATION, EKS_PUBLIC_ENDPOINT, EKS_ACCESS_ENTRIES, LAUNCH_TEMPLATE_IMDSV2, LAUNCH_TEMPLATE_ENCRYPTED_VOLUMES, NODE_GROUP_NO_SSH, IAM_NO_ADMIN_STATEMENT, SECURITY_GROUP_NO_OPEN_INGRESS, STATE_BACKEND_ENCRYPTED_LOCKED, ' +
      "KMS_KEY_POLICY, LOG_GROUP_ENCRYPTED, LOG_GROUP_RETENTION, VPC_FLOW_LOGS, S3_ACCESS_LOGGING, S3_REPLICATION, S3_LIFECYCLE, S3_EVENT_NOTIFICATIONS, LOG_GROUP_RETENTION_ONE_YEAR, TERRAFORM_VERSION_PINNED, TERRAFORM_JSON_SCANNABLE",
  },
  {
    area: "policy",
    name: "waiver without a reason",
    config: {
      policyWaivers: [
        { rule: "KMS_KEY_ROTATION", resourcePath: "test-cluster/eks/secrets-key", reason: " " },
      ],
    },
    message:
      'environments.test.policyWaivers entry for KMS_KEY_ROTATION on "test-cluster/eks/secrets-key" has no reason; say why the rule does not apply, for the reviewers of the change',
  },
  {
    area: "node groups",
    name: "DRA group on demand that may scale to zero",
    config: { gpuNodeGroups: [{ ...g6, minSize: 0, desiredSize: 0 }] },
    message:
      'environments.test.gpuNodeGroups.g6.minSize 0 lets the group scale to zero, and the Cluster Autoscaler cannot scale a DRA group up from zero on AWS (its template node has no ResourceSlices), so claims would stay Pending; keep minSize 1 or more, or use allocation "device-plugin" for a group that must scale to zero',
  },
  {
    area: "node groups",
    name: "the autoscaler's GPU label on a DRA group",
    config: { gpuNodeGroups: [{ ...g6, labels: { "k8s.amazonaws.com/accelerator": "l4" } }] },
    message:
      'environments.test.gpuNodeGroups.g6.labels sets "k8s.amazonaws.com/accelerator" on a group whose allocation is "dra": the Cluster Autoscaler would wait for an nvidia.com/gpu capacity these nodes never report and count them unready; remove the label',
  },
  {
    area: "cluster",
    name: "region that does not exist",
    config: { region: "us-east-7" },
    message:
      'environments.test.region "us-east-7" is not a commercial AWS region; did you mean "us-east-1"?',
  },
  {
    area: "cluster",
    name: "production endpoint open through two halves of the internet",
    config: { production: true, endpoint: { publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] } },
    message:
      'environments.test.endpoint.publicAccessCidrs ["0.0.0.0/1","128.0.0.0/1"] opens the production Kubernetes API to 3,702,257,664 public addresses, more than the 16,777,216 (one /8) allowed in production: that is the internet at large, not your networks; list your office or VPN ranges, or leave it empty for a private-only endpoint',
  },
  {
    area: "cluster",
    name: "production endpoint open through a /7",
    config: { production: true, endpoint: { publicAccessCidrs: ["198.0.0.0/7"] } },
    message:
      'environments.test.endpoint.publicAccessCidrs ["198.0.0.0/7"] opens the production Kubernetes API to 33,423,104 public addresses, more than the 16,777,216 (one /8) allowed in production: that is the internet at large, not your networks; list your office or VPN ranges, or leave it empty for a private-only endpoint',
  },
  {
    area: "cluster",
    name: "public access CIDR spelt with a leading zero",
    config: { production: true, endpoint: { publicAccessCidrs: ["00.0.0.0/0"] } },
    message:
      'environments.test.endpoint.publicAccessCidrs entry "00.0.0.0/0" is not a valid IPv4 CIDR (four decimal octets, no leading zeros, host bits zero); write it as "203.0.113.0/24"',
  },
  {
    area: "cluster",
    name: "admin principal listed twice",
    config: { access: { adminPrincipalArns: [ADMIN, ADMIN] } },
    message:
      'environments.test.access.adminPrincipalArns lists "arn:aws:iam::111122223333:role/admin" more than once: EKS allows one access entry per principal and the apply would fail; list each principal once',
  },
  {
    area: "cluster",
    name: "state bucket with adjacent periods",
    config: { stateBackend: { bucket: "my..state" } },
    message:
      "environments.test.stateBackend.bucket \"my..state\" is not a valid S3 bucket name: it has two adjacent periods; use 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit",
  },
  {
    area: "cluster",
    name: "state bucket named like an IP address",
    config: { stateBackend: { bucket: "192.168.1.10" } },
    message:
      "environments.test.stateBackend.bucket \"192.168.1.10\" is not a valid S3 bucket name: it is formatted as an IP address; use 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit",
  },
  {
    area: "cluster",
    name: "state key prefix starting with a slash",
    config: { stateBackend: { bucket: "my-state", keyPrefix: "/team" } },
    message:
      'environments.test.stateBackend.keyPrefix "/team" would make state keys such as "/team/<stack>.tfstate": the S3 backend refuses keys that start with \'/\', and empty path segments make a second copy of the state; use names joined by single slashes, such as "team/prod"',
  },
  {
    area: "cluster",
    name: "state backend region in upper case",
    config: { stateBackend: { bucket: "my-state", region: "US-EAST-1" } },
    message:
      'environments.test.stateBackend.region "US-EAST-1" is not a commercial AWS region; did you mean "us-east-1"?',
  },
  {
    area: "cluster",
    name: "tag value longer than AWS allows",
    config: { tags: { owner: "x".repeat(300) } },
    message:
      'environments.test.tags "owner" value of 300 characters is not a tag value AWS accepts: at most 256 letters, digits, spaces and + - = . _ : / @; shorten it or move the text elsewhere',
  },
  {
    area: "cluster",
    name: "support type in lower case",
    config: { supportType: "extended" as never },
    message:
      'environments.test.supportType "extended" is not one of "STANDARD", "EXTENDED" (compared exactly, case included); use "EXTENDED"',
  },
  {
    area: "cluster",
    name: "setting that does not exist",
    config: { logRetention: 30 } as never,
    message:
      "environments.test.logRetention is not a setting, so it would be ignored without a word; remove it (the settings here are name, production, region, clusterName, kubernetesVersion, nodeGroupsKubernetesVersion, supportType, serviceIpv4Cidr, endpoint, access, stateBackend, logRetentionDays, deletionProtection, network, systemNodeGroup, tags, gpuNodeGroups, migLayouts, nvidia, examples, policyWaivers, autoscaling, monitoring, queueing)",
  },
  {
    area: "network",
    name: "NAT setting capitalised",
    config: {
      network: {
        kind: "new",
        vpcCidr: "10.0.0.0/16",
        availabilityZones: zones,
        natGateways: "Single" as never,
      },
    },
    message:
      'environments.test.network.natGateways "Single" is not one of "single", "one-per-az" (compared exactly, case included); use "single"',
  },
  {
    area: "network",
    name: "existing subnet in another region",
    config: { network: existing([s(0, "us-east-1a"), s(1, "us-west-2b")]) },
    message:
      'environments.test.network.privateSubnets entry "subnet-0123456789abcdef1" has availabilityZone "us-west-2b", which is not an Availability Zone of region "us-east-1" (us-east-1a to us-east-1f); use the subnet\'s zone as the VPC console shows it',
  },
  {
    area: "node groups",
    name: "misspelt size key",
    config: { systemNodeGroup: { diskSizeGb: 80 } as never },
    message:
      'environments.test.systemNodeGroup.diskSizeGb is not a setting, so it would be ignored without a word; did you mean "diskSizeGiB"? Rename it',
  },
  {
    area: "node groups",
    name: "number written as a string",
    config: { gpuNodeGroups: [{ ...g6, maxSize: "4" as never }] },
    message:
      'environments.test.gpuNodeGroups.g6.maxSize "4" is a string, but it must be a number; write 4 without quotes',
  },
  {
    area: "node groups",
    name: "allocation in upper case",
    config: { gpuNodeGroups: [{ ...g6, allocation: "DRA" as never }] },
    message:
      'environments.test.gpuNodeGroups.g6.allocation "DRA" is not one of "dra", "device-plugin" (compared exactly, case included); use "dra"',
  },
  {
    area: "node groups",
    name: "system instance type misspelt",
    config: { systemNodeGroup: { instanceTypes: ["m7i.xlarg"] } },
    message:
      'environments.test.systemNodeGroup.instanceTypes entry "m7i.xlarg" is not an instance type the system node group knows (lib/nodes/system-instance-types.ts); did you mean "m7i.xlarge"?',
  },
  {
    area: "node groups",
    name: "arm64 system instance type on the x86_64 AMI",
    config: { systemNodeGroup: { instanceTypes: ["m7g.xlarge"] } },
    message:
      'environments.test.systemNodeGroup.instanceTypes entry "m7g.xlarge" is an arm64 (Graviton) type, but the system node group runs the x86_64 AMI "AL2023_x86_64_STANDARD" and its nodes would not boot; use an x86_64 type such as "m7i.xlarge"',
  },
  {
    area: "node groups",
    name: "root volume larger than gp3 allows",
    config: { gpuNodeGroups: [{ ...g6, rootVolumeGiB: 20000 }] },
    message:
      "environments.test.gpuNodeGroups.g6.rootVolumeGiB 20000 is larger than a gp3 volume can be (16384 GiB); use 16384 or less, and the instance's NVMe storage for data",
  },
  {
    area: "node groups",
    name: "more nodes than a managed node group holds",
    config: { gpuNodeGroups: [{ ...g6, maxSize: 500 }] },
    message:
      "environments.test.gpuNodeGroups.g6.maxSize 500 is above the 450 nodes EKS allows in one managed node group (quota L-BD136A63); split the nodes over more groups",
  },
  {
    area: "node groups",
    name: "label in the reserved kubernetes.io namespace",
    config: { gpuNodeGroups: [{ ...g6, labels: { "kubernetes.io/role": "gpu" } }] },
    message:
      'environments.test.gpuNodeGroups.g6.labels key "kubernetes.io/role" is not a label the node can carry: the kubernetes.io and k8s.io prefixes are reserved for Kubernetes components and the kubelet refuses them (except node.kubernetes.io and kubelet.kubernetes.io); rename it',
  },
  {
    area: "node groups",
    name: "label value with a space",
    config: { gpuNodeGroups: [{ ...g6, labels: { team: "ml platform" } }] },
    message:
      "environments.test.gpuNodeGroups.g6.labels \"team\" value \"ml platform\" is not a valid label value: a value must be empty or 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
  },
  {
    area: "node groups",
    name: "Capacity Block in a zone that does not exist",
    config: { gpuNodeGroups: [{ ...p4d, capacityReservationAz: "us-east-1-xyz-1a" }] },
    message:
      'environments.test.gpuNodeGroups.p4d.capacityReservationAz "us-east-1-xyz-1a" is neither an Availability Zone of region "us-east-1" nor one of its Local Zones listed in lib/network/regions.ts; use the reservation\'s zone as the EC2 console shows it, such as "us-east-1a"',
  },
  {
    area: "node groups",
    name: "P6e-GB200 outside the Dallas Local Zone",
    config: { gpuNodeGroups: [{ ...p6e, capacityReservationAz: "us-east-1a" }] },
    message:
      'environments.test.gpuNodeGroups.p6e.capacityReservationAz "us-east-1a" cannot hold p6e-gb200.36xlarge: EC2 sells its UltraServer Capacity Blocks only in "us-east-1-dfw-2a" (the Dallas Local Zone of us-east-1); use that zone and region',
  },
  {
    area: "node groups",
    name: "one reservation given to two groups",
    config: { gpuNodeGroups: [p4d, { ...p6e, capacityReservationId: RESERVATION }] },
    message:
      'environments.test.gpuNodeGroups.p6e.capacityReservationId "cr-0123456789abcdef0" is also given to group "p4d": a Capacity Block\'s instances can be launched by one node group only, and two groups would compete for them; give each group its own reservation',
  },
  {
    area: "node groups",
    name: "group subnet in another region",
    config: { gpuNodeGroups: [{ ...g6, subnets: [s(2, "eu-west-1a")] }] },
    message:
      'environments.test.gpuNodeGroups.g6.subnets entry "subnet-0123456789abcdef2" has availabilityZone "eu-west-1a", which is neither an Availability Zone of region "us-east-1" nor one of its Local Zones listed in lib/network/regions.ts; use the subnet\'s zone as the VPC console shows it',
  },
  {
    area: "examples",
    name: "example listed twice",
    config: { gpuNodeGroups: [g6], examples: { include: ["basic", "basic"] } },
    message:
      'environments.test.examples.include lists "basic" more than once: each example is applied once under its own name; list it once',
  },
  {
    area: "examples",
    name: "MPS setting misspelt",
    config: { gpuNodeGroups: [g6], examples: { mps: { activeThreadPercent: 30 } as never } },
    message:
      'environments.test.examples.mps.activeThreadPercent is not a setting, so it would be ignored without a word; did you mean "activeThreadPercentage"? Rename it',
  },
  {
    area: "NVIDIA",
    name: "sharing strategy in the wrong case",
    config: { nvidia: { gpuSharing: ["timeslicing" as never] } },
    message:
      'environments.test.nvidia.gpuSharing[0] "timeslicing" is not one of "TimeSlicing", "MPS" (compared exactly, case included); use "TimeSlicing"',
  },
  {
    area: "node groups",
    name: "empty subnet list",
    config: { gpuNodeGroups: [{ ...g6, subnets: [] }] },
    message:
      "environments.test.gpuNodeGroups.g6.subnets is empty: the group would have no subnet to launch into; list its subnets or leave subnets unset to use the network's private subnets",
  },
  {
    area: "node groups",
    name: "size that is not a finite number",
    config: { gpuNodeGroups: [{ ...g6, maxSize: NaN }] },
    message:
      "environments.test.gpuNodeGroups.g6.maxSize NaN is not a finite number; give a whole number such as 2",
  },
  {
    area: "node groups",
    name: "empty group name",
    config: { gpuNodeGroups: [{ ...g6, name: "" }] },
    message:
      "environments.test.gpuNodeGroups[0].name \"\" is not a usable node group name: it becomes part of node labels and AWS resource names, and \"system\" is taken; use 1-20 lowercase letters, digits or '-', starting with a letter and not ending with '-'",
  },
];

/** Synthesizes one environment into a fresh folder; returns the problems and whether output appeared. */
function synthesize(config: Partial<EnvironmentConfig>): {
  problems: readonly string[];
  wroteOutput: boolean;
} {
  const outdir = join(mkdtempSync(join(tmpdir(), "rejected-")), "cdktf.out");
  try {
    synthesizeBlueprint([testEnvironment(config)], { outdir });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { problems: error.problems, wroteOutput: existsSync(outdir) };
  }
  return { problems: [], wroteOutput: existsSync(outdir) };
}

describe("rejected configurations", () => {
  test("the catalogue covers at least 30 configurations across every area", () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CATALOGUE.map((c) => c.area)).size).toBe(6);
  });

  test.each(CATALOGUE.map((c) => [`${c.area}: ${c.name}`, c] as const))("%s", (_name, rejected) => {
    expect(synthesize(rejected.config)).toEqual({
      problems: [rejected.message],
      wroteOutput: false,
    });
  });

  test("the valid test environment synthesizes, so each rejection comes from its own change", () => {
    expect(synthesize({}).wroteOutput).toBe(true);
  });
});
