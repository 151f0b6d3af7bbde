import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { ConfigError } from "../lib/errors";
import { synthesizeBlueprint } from "../stacks/blueprint";
import {
  address,
  ref,
  resource,
  resources,
  synthCluster,
  testEnvironment,
  EXISTING_VPC,
} from "./helpers";

describe("EKS cluster", () => {
  const stack = synthCluster({ kubernetesVersion: "1.34" });
  const cluster = resource(stack, "aws_eks_cluster");

  test("runs the configured Kubernetes version", () => {
    expect(cluster.version).toBe("1.34");
  });

  test("encrypts secrets with a customer KMS key that rotates", () => {
    expect(cluster.encryption_config.resources).toEqual(["secrets"]);
    expect(cluster.encryption_config.provider.key_arn).toBe(
      ref(stack, "aws_kms_key", "secrets-key", "arn"),
    );
    expect(resource(stack, "aws_kms_key", "secrets-key").enable_key_rotation).toBe(true);
  });

  test("sends all five control-plane log types to a log group with retention, created first", () => {
    expect(cluster.enabled_cluster_log_types).toEqual([
      "api",
      "audit",
      "authenticator",
      "controllerManager",
      "scheduler",
    ]);
    const logGroup = resource(stack, "aws_cloudwatch_log_group", "control-plane");
    expect(logGroup).toMatchObject({ name: "/aws/eks/gpu-test/cluster", retention_in_days: 90 });
    expect(cluster.depends_on).toContain(
      address(stack, "aws_cloudwatch_log_group", "control-plane"),
    );
  });

  test("uses access entries only and installs no self-managed add-ons", () => {
    expect(cluster.access_config).toEqual({
      authentication_mode: "API",
      bootstrap_cluster_creator_admin_permissions: false,
    });
    expect(cluster.bootstrap_self_managed_addons).toBe(false);
  });

  test("sets the upgrade policy from the support type", () => {
    expect(cluster.upgrade_policy).toEqual({ support_type: "STANDARD" });
  });

  test("keeps the API endpoint private when no public CIDR is configured", () => {
    expect(cluster.vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: false,
    });
    expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
  });
});

describe("access entries", () => {
  const admin = "arn:aws:iam::111122223333:role/platform-admin";
  const stack = synthCluster({ access: { adminPrincipalArns: [admin] } });

  test("give each admin principal cluster-admin at cluster scope", () => {
    const entry = resource(stack, "aws_eks_access_entry", "admin-0");
    expect(entry).toMatchObject({ principal_arn: admin, type: "STANDARD" });
    const association = resource(stack, "aws_eks_access_policy_association", "admin-0");
    expect(association.policy_arn).toBe(
      `arn:${ref(stack, "data.aws_partition", "eks_partition", "partition")}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
    );
    expect(association.access_scope).toEqual({ type: "cluster" });
  });

  test("give the deploying principal cluster-admin through its role ARN by default", () => {
    const entry = resource(stack, "aws_eks_access_entry", "deployer");
    expect(entry.principal_arn).toBe(
      ref(stack, "data.aws_iam_session_context", "deployer", "issuer_arn"),
    );
  });

  test("leave the deploying principal out when grantDeployerAdmin is false", () => {
    const withoutDeployer = synthCluster({
      access: { adminPrincipalArns: [admin], grantDeployerAdmin: false },
    });
    expect(Object.keys(resources(withoutDeployer, "aws_eks_access_entry"))).toEqual([
      expect.stringContaining("admin-0"),
    ]);
  });
});

describe("add-ons", () => {
  const stack = synthCluster();
  const addons = Object.values(resources(stack, "aws_eks_addon"));
  const addon = (name: string) => addons.find((a) => a.addon_name === name);
  const nodeGroup = resource(stack, "aws_eks_node_group", "system");

  test("the system node group waits for the VPC CNI and the Pod Identity agent", () => {
    expect(nodeGroup.depends_on).toEqual(
      expect.arrayContaining([
        address(stack, "aws_eks_addon", "vpc-cni"),
        address(stack, "aws_eks_addon", "pod-identity-agent"),
      ]),
    );
  });

  test("CoreDNS, kube-proxy and the EBS CSI driver wait for the system node group", () => {
    for (const name of ["coredns", "kube-proxy", "aws-ebs-csi-driver"]) {
      expect(addon(name)?.depends_on).toContain(address(stack, "aws_eks_node_group", "system"));
    }
  });

  test("the VPC CNI and the EBS CSI controller get their permissions through Pod Identity", () => {
    expect(addon("vpc-cni")?.pod_identity_association).toEqual([
      { role_arn: ref(stack, "aws_iam_role", "vpc-cni", "arn"), service_account: "aws-node" },
    ]);
    expect(addon("aws-ebs-csi-driver")?.pod_identity_association).toEqual([
      {
        role_arn: ref(stack, "aws_iam_role", "ebs-csi", "arn"),
        service_account: "ebs-csi-controller-sa",
      },
    ]);
  });

  test("the VPC CNI enforces NetworkPolicies, so the examples' default-deny policies are real", () => {
    expect(JSON.parse(addon("vpc-cni")?.configuration_values)).toEqual({
      enableNetworkPolicy: "true",
    });
  });

  test("no other add-on gets a configuration", () => {
    expect(
      addons.filter((a) => a.configuration_values !== undefined).map((a) => a.addon_name),
    ).toEqual(["vpc-cni"]);
  });
});

describe("system node group launch template", () => {
  const template = resource(synthCluster(), "aws_launch_template", "system");

  test("requires IMDSv2 with a hop limit of 1", () => {
    expect(template.metadata_options).toMatchObject({
      http_tokens: "required",
      http_put_response_hop_limit: 1,
    });
  });

  test("encrypts the gp3 root volume", () => {
    expect(template.block_device_mappings[0].ebs).toMatchObject({
      encrypted: "true",
      volume_type: "gp3",
    });
  });
});

describe("API endpoint", () => {
  test("a public endpoint is limited to the configured CIDRs", () => {
    const cluster = resource(
      synthCluster({ endpoint: { publicAccessCidrs: ["203.0.113.0/24"] } }),
      "aws_eks_cluster",
    );
    expect(cluster.vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: ["203.0.113.0/24"],
    });
  });
});

describe("state backend", () => {
  test("keeps local state in state/ at the project root, outside cdktf.out, when no bucket is configured", () => {
    const { path } = synthCluster().terraform.backend.local;
    // Terraform runs in cdktf.out/stacks/<stack>; the path is resolved from there.
    expect(posix.normalize(posix.join("cdktf.out/stacks/test-cluster", path))).toBe(
      "state/test-cluster.tfstate",
    );
  });

  test("uses S3 with encryption and native locking when a bucket is configured", () => {
    const stack = synthCluster({ stateBackend: { bucket: "example-tfstate" } });
    expect(stack.terraform.backend).toEqual({
      s3: {
        bucket: "example-tfstate",
        key: "test/test-cluster.tfstate",
        region: "us-east-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });
});

describe("network", () => {
  test("a new VPC gets one NAT gateway per zone by default", () => {
    expect(Object.keys(resources(synthCluster(), "aws_nat_gateway"))).toHaveLength(2);
  });

  test("a single NAT gateway serves every private subnet when configured", () => {
    const stack = synthCluster({
      network: {
        kind: "new",
        vpcCidr: "10.0.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b"],
        natGateways: "single",
      },
    });
    expect(Object.keys(resources(stack, "aws_nat_gateway"))).toHaveLength(1);
  });

  test("subnets carry the tags load balancers are discovered by", () => {
    const subnets = Object.values(resources(synthCluster(), "aws_subnet"));
    const tagged = (tag: string) => subnets.filter((s) => s.tags[tag] === "1").length;
    expect([tagged("kubernetes.io/role/elb"), tagged("kubernetes.io/role/internal-elb")]).toEqual([
      2, 2,
    ]);
  });

  test("an existing VPC's subnets are used as given and no VPC is created", () => {
    const stack = synthCluster({
      network: EXISTING_VPC,
    });
    expect(resources(stack, "aws_vpc")).toEqual({});
    expect(resource(stack, "aws_eks_cluster").vpc_config.subnet_ids).toEqual([
      "subnet-0123456789abcdef0",
      "subnet-0123456789abcdef1",
    ]);
  });
});

describe("outputs", () => {
  test("include the kubeconfig command", () => {
    expect(synthCluster().output.kubeconfig_command.value).toBe(
      "aws eks update-kubeconfig --region us-east-1 --name gpu-test",
    );
  });
});

describe("invalid configuration", () => {
  test("throws before any stack exists and writes no output", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "blueprint-")), "out");
    const valid = testEnvironment({ name: "good", clusterName: "good" });
    const invalid = testEnvironment({ kubernetesVersion: "1.29" });
    expect(() => synthesizeBlueprint([valid, invalid], { outdir })).toThrow(ConfigError);
    expect(existsSync(outdir)).toBe(false);
  });
});
