import type { GpuNodeGroupConfig } from "../lib/nodes/settings";
import { loadEnvironments } from "../config/environments";
import { resolveEnvironments } from "../lib/resolve-environments";
import {
  ref,
  resource,
  resources,
  synthAll,
  synthCluster,
  type SynthJson,
  G6 as g6,
  P4D as p4d,
  P6E as p6e,
  RESERVATION,
} from "./helpers";

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

  test("keeps one node by default, because the autoscaler cannot scale a DRA group up from zero", () => {
    expect(group.scaling_config).toEqual({ min_size: 1, desired_size: 1, max_size: 2 });
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
  test("a DRA group names its allocation and presets no GPU Operator label", () => {
    expect(nodeGroup(withGroups(g6), "g6").labels).toEqual({
      "eks-gpu-dra.blueprint/role": "gpu",
      "eks-gpu-dra.blueprint/node-group": "g6",
      "eks-gpu-dra.blueprint/gpu-allocation": "dra",
    });
  });

  test("a device-plugin group names its allocation", () => {
    const labels = nodeGroup(withGroups({ ...g6, allocation: "device-plugin" }), "g6").labels;
    expect(labels["eks-gpu-dra.blueprint/gpu-allocation"]).toBe("device-plugin");
  });

  test("a group with EFA interfaces carries the EFA label the EFA device plugin selects", () => {
    expect(nodeGroup(withGroups(p4d), "p4d").labels["eks-gpu-dra.blueprint/efa"]).toBe("true");
    expect(nodeGroup(withGroups(g6), "g6").labels["eks-gpu-dra.blueprint/efa"]).toBeUndefined();
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
    expect(group.subnet_ids).toEqual(subnetIdsOfZone(stack, "us-east-1b"));
  });

  test("starts at zero nodes, leaves the desired size to EKS and the operator, and holds its version and template", () => {
    expect(group.scaling_config.desired_size).toBe(0);
    expect(group.lifecycle).toEqual({
      ignore_changes: [
        "scaling_config[0].desired_size",
        "version",
        "release_version",
        "launch_template",
      ],
    });
  });

  test("labels its nodes with the MIG layout", () => {
    expect(group.labels["nvidia.com/mig.config"]).toBe("all-1g.5gb");
  });

  test("lays out EFA the EC2 way: ENA primary, EFA-only beside it and on the other three cards, no subnet", () => {
    const interfaces = template.network_interfaces;
    expect(
      interfaces.map((i: SynthJson) => [i.network_card_index, i.device_index, i.interface_type]),
    ).toEqual([
      [0, 0, "interface"],
      [0, 1, "efa-only"],
      [1, 0, "efa-only"],
      [2, 0, "efa-only"],
      [3, 0, "efa-only"],
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

  test("has an ENA primary interface and EFA-only interfaces on cards 1, 5, 9 and 13", () => {
    const types = template.network_interfaces.map(
      (i: SynthJson) => `${i.network_card_index}/${i.interface_type}`,
    );
    expect(types).toEqual(["0/interface", "1/efa-only", "5/efa-only", "9/efa-only", "13/efa-only"]);
  });

  test("gets a node-only subnet in the reservation's Local Zone and launches only there", () => {
    const zoneSubnets = subnetIdsOfZone(stack, "us-east-1-dfw-2a");
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
