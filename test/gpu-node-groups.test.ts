import type { GpuNodeGroupConfig } from "../lib/config";
import { loadEnvironments } from "../config/environments";
import { resolveEnvironments } from "../lib/validate";
import {
  problemOf,
  ref,
  resource,
  resources,
  synthAll,
  synthCluster,
  type SynthJson,
} from "./helpers";

const RESERVATION = "cr-0123456789abcdef0";
const g6: GpuNodeGroupConfig = {
  name: "g6",
  instanceType: "g6.xlarge",
  capacityType: "ON_DEMAND",
  allocation: "dra",
};
const p4d: GpuNodeGroupConfig = {
  name: "p4d",
  instanceType: "p4d.24xlarge",
  capacityType: "CAPACITY_BLOCK",
  capacityReservationId: RESERVATION,
  capacityReservationAz: "eu-west-1b",
  allocation: "dra",
  migLayout: "all-1g.5gb",
};
const p6e: GpuNodeGroupConfig = {
  name: "p6e",
  instanceType: "p6e-gb200.36xlarge",
  capacityType: "CAPACITY_BLOCK",
  capacityReservationId: RESERVATION,
  capacityReservationAz: "eu-west-1-lhr-1a",
  allocation: "device-plugin",
  computeDomains: true,
};

const withGroups = (...gpuNodeGroups: GpuNodeGroupConfig[]) => synthCluster({ gpuNodeGroups });
const nodeGroup = (stack: SynthJson, name: string) =>
  resource(stack, "aws_eks_node_group", `gpu-${name}`);
const launchTemplate = (stack: SynthJson, name: string) =>
  resource(stack, "aws_launch_template", `gpu-${name}`);
const subnetIdsOfZone = (stack: SynthJson, zone: string) =>
  Object.entries(resources(stack, "aws_subnet"))
    .filter(([, s]) => s.availability_zone === zone && s.tags.Name.includes("private"))
    .map(([id]) => `\${aws_subnet.${id}.id}`);

describe("on-demand G6 node group", () => {
  const stack = withGroups(g6);
  const group = nodeGroup(stack, "g6");

  test("launches its instance type on demand on the NVIDIA AMI", () => {
    expect(group).toMatchObject({
      capacity_type: "ON_DEMAND",
      instance_types: ["g6.xlarge"],
      ami_type: "AL2023_x86_64_NVIDIA",
    });
  });

  test("scales from zero by default", () => {
    expect(group.scaling_config).toEqual({ min_size: 0, desired_size: 0, max_size: 2 });
  });

  test("spreads over every private subnet", () => {
    expect(group.subnet_ids).toHaveLength(2);
  });

  test("carries the GPU taint", () => {
    expect(group.taint).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
  });

  test("has no EFA interfaces on a single-card instance", () => {
    expect(launchTemplate(stack, "g6").network_interfaces).toBeUndefined();
  });

  test("stripes the instance-store NVMe with RAID0 through nodeadm", () => {
    const userData = Buffer.from(launchTemplate(stack, "g6").user_data, "base64").toString();
    expect(userData).toContain("Content-Type: application/node.eks.aws");
    expect(userData).toContain("kind: NodeConfig");
    expect(userData).toContain("strategy: RAID0");
  });
});

describe("allocation mode labels", () => {
  test("a DRA group keeps the GPU Operator's device plugin off its nodes", () => {
    expect(nodeGroup(withGroups(g6), "g6").labels).toEqual({
      "eks-gpu-dra.blueprint/role": "gpu",
      "eks-gpu-dra.blueprint/node-group": "g6",
      "eks-gpu-dra.blueprint/gpu-allocation": "dra",
      "nvidia.com/gpu.deploy.device-plugin": "false",
    });
  });

  test("a device-plugin group leaves the device plugin on", () => {
    const labels = nodeGroup(withGroups({ ...g6, allocation: "device-plugin" }), "g6").labels;
    expect(labels["eks-gpu-dra.blueprint/gpu-allocation"]).toBe("device-plugin");
    expect(labels["nvidia.com/gpu.deploy.device-plugin"]).toBeUndefined();
  });
});

describe("P4d Capacity Block node group", () => {
  const stack = withGroups(p4d);
  const group = nodeGroup(stack, "p4d");
  const template = launchTemplate(stack, "p4d");

  test("uses the CAPACITY_BLOCK capacity type without instance types of its own", () => {
    expect(group.capacity_type).toBe("CAPACITY_BLOCK");
    expect(group.instance_types).toBeUndefined();
  });

  test("puts the instance type, market type and reservation in the launch template", () => {
    expect(template).toMatchObject({
      instance_type: "p4d.24xlarge",
      instance_market_options: { market_type: "capacity-block" },
      capacity_reservation_specification: {
        capacity_reservation_target: { capacity_reservation_id: RESERVATION },
      },
    });
  });

  test("launches only in the reservation's zone", () => {
    expect(group.subnet_ids).toEqual(subnetIdsOfZone(stack, "eu-west-1b"));
  });

  test("starts at zero nodes and leaves the desired size to EKS and the operator", () => {
    expect(group.scaling_config.desired_size).toBe(0);
    expect(group.lifecycle).toEqual({ ignore_changes: ["scaling_config[0].desired_size"] });
  });

  test("labels its nodes with the MIG layout", () => {
    expect(group.labels["nvidia.com/mig.config"]).toBe("all-1g.5gb");
  });

  test("gives each of the four network cards an EFA interface without a subnet", () => {
    const interfaces = template.network_interfaces;
    expect(
      interfaces.map((i: SynthJson) => [i.network_card_index, i.device_index, i.interface_type]),
    ).toEqual([
      [0, 0, "efa"],
      [1, 1, "efa"],
      [2, 1, "efa"],
      [3, 1, "efa"],
    ]);
    expect(interfaces.every((i: SynthJson) => i.subnet_id === undefined)).toBe(true);
  });

  test("allows all traffic between EFA group members", () => {
    const sg = ref(stack, "aws_security_group", "p4d", "id");
    expect(resource(stack, "aws_vpc_security_group_ingress_rule", "p4d")).toMatchObject({
      security_group_id: sg,
      referenced_security_group_id: sg,
      ip_protocol: "-1",
    });
    expect(resource(stack, "aws_vpc_security_group_egress_rule", "p4d")).toMatchObject({
      security_group_id: sg,
      referenced_security_group_id: sg,
      ip_protocol: "-1",
    });
  });
});

describe("P6e-GB200 Capacity Block node group", () => {
  const stack = withGroups(p6e);
  const group = nodeGroup(stack, "p6e");
  const template = launchTemplate(stack, "p6e");

  test("runs the arm64 NVIDIA AMI", () => {
    expect(group.ami_type).toBe("AL2023_ARM_64_NVIDIA");
  });

  test("sizes the group for one u-p6e-gb200x36 UltraServer by default", () => {
    expect(group.scaling_config).toEqual({ min_size: 0, desired_size: 0, max_size: 9 });
  });

  test("makes the primary interface ENA and every other card EFA", () => {
    const types = template.network_interfaces.map((i: SynthJson) => i.interface_type);
    expect(types[0]).toBe("interface");
    expect(types.slice(1).every((t: string) => t === "efa")).toBe(true);
  });

  test("gets a node-only subnet in the reservation's Local Zone and launches only there", () => {
    const zoneSubnets = subnetIdsOfZone(stack, "eu-west-1-lhr-1a");
    expect(zoneSubnets).toHaveLength(1);
    expect(group.subnet_ids).toEqual(zoneSubnets);
    expect(resource(stack, "aws_eks_cluster").vpc_config.subnet_ids).not.toContain(zoneSubnets[0]);
  });

  test("labels its nodes for ComputeDomains", () => {
    expect(group.labels["eks-gpu-dra.blueprint/compute-domains"]).toBe("true");
  });
});

describe("every GPU launch template", () => {
  const stack = withGroups(g6, p4d, p6e);

  test.each(["g6", "p4d", "p6e"])(
    "%s requires IMDSv2 with hop limit 1 and encrypts its root volume",
    (name) => {
      const template = launchTemplate(stack, name);
      expect(template.metadata_options).toMatchObject({
        http_tokens: "required",
        http_put_response_hop_limit: 1,
      });
      expect(template.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true" });
    },
  );
});

describe("node IAM role", () => {
  test("has only the worker and image-pull managed policies", () => {
    const attachments = Object.values(resources(withGroups(g6), "aws_iam_role_policy_attachment"))
      .filter((a) => String(a.role).includes("node-role"))
      .map((a) => String(a.policy_arn).replace(/^.*\//, ""));
    expect(attachments.sort()).toEqual([
      "AmazonEC2ContainerRegistryPullOnly",
      "AmazonEKSWorkerNodePolicy",
    ]);
  });
});

describe("shipped environments", () => {
  test("prod leaves out Capacity Block groups without a reservation and says how to add them", () => {
    const prod = resolveEnvironments(loadEnvironments({})).find((e) => e.name === "prod");
    expect(prod?.gpuNodeGroups.map((g) => g.name)).toEqual(["g6"]);
    expect(prod?.warnings).toContain(
      'environments.prod.gpuNodeGroups.p4d is left out: capacityType "CAPACITY_BLOCK" needs a capacityReservationId. ' +
        "After you purchase a Capacity Block, set PROD_P4D_CAPACITY_RESERVATION_ID and PROD_P4D_CAPACITY_RESERVATION_AZ, " +
        "or write them into config/environments.ts, and synthesize again",
    );
  });

  test("prod reads Capacity Block reservations from environment variables", () => {
    const stacks = synthAll(
      loadEnvironments({
        PROD_P4D_CAPACITY_RESERVATION_ID: RESERVATION,
        PROD_P4D_CAPACITY_RESERVATION_AZ: "us-east-1b",
        PROD_P6E_CAPACITY_RESERVATION_ID: "cr-0fedcba9876543210",
        PROD_P6E_CAPACITY_RESERVATION_AZ: "us-east-1-dfw-2a",
      }),
    );
    const prod = stacks["prod-cluster"];
    const groups = Object.values(resources(prod, "aws_eks_node_group"));
    expect(groups.map((g) => `${g.node_group_name}:${g.capacity_type}`).sort()).toEqual([
      "g6:ON_DEMAND",
      "p4d:CAPACITY_BLOCK",
      "p6e:CAPACITY_BLOCK",
      "system:ON_DEMAND",
    ]);
  });
});

describe("rejected GPU node groups", () => {
  const rejected = (group: GpuNodeGroupConfig) => problemOf({ gpuNodeGroups: [group] });

  test("an instance type the catalog does not know", () => {
    expect(rejected({ ...g6, instanceType: "g5.xlarge" })).toBe(
      'environments.test.gpuNodeGroups.g6.instanceType "g5.xlarge" is not in the GPU catalog (lib/gpu-catalog.ts); ' +
        "use one of g6.xlarge, g6.2xlarge, g6.4xlarge, g6.8xlarge, g6.16xlarge, g6.12xlarge, g6.24xlarge, " +
        "g6.48xlarge, p4d.24xlarge, p4de.24xlarge, p5.48xlarge, p6e-gb200.36xlarge",
    );
  });

  test("a Capacity-Block-only instance type on demand", () => {
    expect(
      rejected({
        ...g6,
        instanceType: "p6e-gb200.36xlarge",
        allocation: "device-plugin",
        maxSize: 9,
      }),
    ).toBe(
      'environments.test.gpuNodeGroups.g6.capacityType "ON_DEMAND" cannot launch p6e-gb200.36xlarge: EC2 sells it ' +
        'only as Capacity Blocks for ML; set capacityType "CAPACITY_BLOCK" with the capacityReservationId and ' +
        "capacityReservationAz of your block",
    );
  });

  test("a malformed reservation ID", () => {
    expect(rejected({ ...p4d, capacityReservationId: "cr-123" })).toBe(
      'environments.test.gpuNodeGroups.p4d.capacityReservationId "cr-123" is not a capacity reservation ID; copy ' +
        'the "cr-" followed by 17 hex digits from the EC2 console\'s Capacity Reservations page',
    );
  });

  test("a reservation without its zone", () => {
    expect(rejected({ ...p4d, capacityReservationAz: undefined })).toMatch(
      /^environments\.test\.gpuNodeGroups\.p4d\.capacityReservationAz is missing/,
    );
  });

  test("an on-demand group with Capacity Block settings", () => {
    expect(rejected({ ...g6, capacityReservationId: RESERVATION })).toBe(
      "environments.test.gpuNodeGroups.g6 is ON_DEMAND but sets capacityReservationId or capacityReservationAz, " +
        'which only Capacity Blocks use; remove them or set capacityType "CAPACITY_BLOCK"',
    );
  });

  test("a Capacity Block of an instance type EC2 sells only on demand", () => {
    expect(rejected({ ...p4d, instanceType: "g6.12xlarge", migLayout: undefined })).toBe(
      'environments.test.gpuNodeGroups.p4d.capacityType "CAPACITY_BLOCK" cannot be used with g6.12xlarge: EC2 does ' +
        'not sell it as Capacity Blocks for ML; use capacityType "ON_DEMAND" or a P-family instance type',
    );
  });

  test("Capacity Block subnets in more than one zone", () => {
    const subnets = [
      { id: "subnet-0123456789abcdef0", availabilityZone: "eu-west-1b" },
      { id: "subnet-0123456789abcdef1", availabilityZone: "eu-west-1c" },
    ];
    expect(rejected({ ...p4d, subnets })).toBe(
      'environments.test.gpuNodeGroups.p4d.subnets are in ["eu-west-1b","eu-west-1c"], but a Capacity Block ' +
        'launches only in its zone "eu-west-1b"; list subnets of that zone only',
    );
  });

  test("a MIG layout on a GPU without MIG", () => {
    expect(rejected({ ...g6, migLayout: "all-1g.5gb" })).toBe(
      'environments.test.gpuNodeGroups.g6.migLayout "all-1g.5gb" cannot be used: g6.xlarge has NVIDIA L4 GPUs, ' +
        "which do not support MIG on the EKS AMI; use p4d.24xlarge, p4de.24xlarge, p5.48xlarge or remove migLayout",
    );
  });

  test("a MIG profile the GPU does not have", () => {
    expect(
      problemOf({
        migLayouts: { wrong: { "1g.10gb": 2, "1g.20gb": 1 } },
        gpuNodeGroups: [{ ...p4d, migLayout: "wrong" }],
      }),
    ).toBe(
      'environments.test.gpuNodeGroups.p4d.migLayout "wrong" uses MIG profile "1g.20gb", which NVIDIA ' +
        "A100-SXM4-40GB does not have; use one of 1g.5gb, 1g.10gb, 2g.10gb, 3g.20gb, 4g.20gb, 7g.40gb",
    );
  });

  test("a MIG layout over 7 compute slices", () => {
    expect(
      problemOf({
        migLayouts: { big: { "4g.20gb": 1, "3g.20gb": 1, "1g.5gb": 1 } },
        gpuNodeGroups: [{ ...p4d, migLayout: "big" }],
      }),
    ).toBe(
      'environments.test.gpuNodeGroups.p4d.migLayout "big" {"4g.20gb":1,"3g.20gb":1,"1g.5gb":1} needs 8 compute ' +
        "and 9 memory slices per GPU, but a GPU has 7 compute and 8 memory slices; remove devices until both fit",
    );
  });

  test("a MIG layout over 8 memory slices", () => {
    expect(
      problemOf({
        migLayouts: { wide: { "1g.10gb": 4, "1g.5gb": 1 } },
        gpuNodeGroups: [{ ...p4d, migLayout: "wide" }],
      }),
    ).toMatch(/needs 5 compute and 9 memory slices per GPU/);
  });

  test("a MIG layout name that is not declared", () => {
    expect(rejected({ ...p4d, migLayout: "mystery" })).toBe(
      'environments.test.gpuNodeGroups.p4d.migLayout "mystery" is not in the MIG config the blueprint generates ' +
        "(the environment's migLayouts and the built-in layouts); declare it in migLayouts or use one of " +
        "all-disabled, all-1g.5gb, all-1g.10gb, all-2g.10gb, all-3g.20gb, all-4g.20gb, all-7g.40gb",
    );
  });

  test("a P6e group with the x86 AMI", () => {
    expect(rejected({ ...p6e, amiType: "AL2023_x86_64_NVIDIA" })).toBe(
      'environments.test.gpuNodeGroups.p6e.amiType "AL2023_x86_64_NVIDIA" does not fit p6e-gb200.36xlarge, an ' +
        'arm64 instance with NVIDIA GB200 GPUs: its nodes need the drivers of "AL2023_ARM_64_NVIDIA"; use that or ' +
        "leave amiType unset",
    );
  });

  test("a P6e group that does not fit an UltraServer", () => {
    expect(rejected({ ...p6e, maxSize: 4 })).toBe(
      "environments.test.gpuNodeGroups.p6e.maxSize 4 does not fit an UltraServer: p6e-gb200.36xlarge is sold as " +
        "UltraServers of 9 or 18 instances; set maxSize to the instance count of your reservation",
    );
  });

  test("sizes outside min <= desired <= max", () => {
    expect(rejected({ ...g6, minSize: 1, desiredSize: 0 })).toBe(
      "environments.test.gpuNodeGroups.g6 sizes min 1, desired 0, max 2 are not valid: EKS needs whole numbers " +
        "with min <= desired <= max and max >= 1; adjust minSize, desiredSize or maxSize",
    );
  });

  test("duplicate node group names", () => {
    expect(problemOf({ gpuNodeGroups: [g6, { ...g6, instanceType: "g6.2xlarge" }] })).toBe(
      'environments.test.gpuNodeGroups name "g6" is used twice: node group names must be unique in a cluster; ' +
        "rename one of them",
    );
  });

  test("ComputeDomains on an instance without multi-node NVLink", () => {
    expect(rejected({ ...g6, computeDomains: true })).toMatch(
      /g6\.computeDomains is true, but g6\.xlarge has no multi-node NVLink/,
    );
  });

  test("a Capacity Block zone missing from an existing VPC", () => {
    expect(
      problemOf({
        network: {
          kind: "existing",
          vpcId: "vpc-0123456789abcdef0",
          privateSubnets: [
            { id: "subnet-0123456789abcdef0", availabilityZone: "eu-west-1a" },
            { id: "subnet-0123456789abcdef1", availabilityZone: "eu-west-1c" },
          ],
        },
        gpuNodeGroups: [p4d],
      }),
    ).toBe(
      'environments.test.gpuNodeGroups.p4d.capacityReservationAz "eu-west-1b" has no subnet in network.privateSubnets; ' +
        "add a private subnet of that zone there, or give the group its own subnets",
    );
  });
});
