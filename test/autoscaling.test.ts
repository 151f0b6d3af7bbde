import clusterAutoscalerKeys from "./fixtures/charts/cluster-autoscaler-9.59.0.keys.json";
import { loadEnvironments } from "../config/environments";
import { clusterAutoscalerPolicy } from "../lib/autoscaling/iam-policy";
import { clusterAutoscalerRelease } from "../lib/autoscaling/release";
import { clusterAutoscalerValues } from "../lib/autoscaling/values";
import { SUPPORTED_KUBERNETES_VERSIONS, type KubernetesVersion } from "../lib/cluster/versions";
import { unknownKeyPaths } from "../lib/helm/chart-keys";
import { resolveEnvironments } from "../lib/resolve-environments";
import { toYaml } from "../lib/yaml";
import {
  resource,
  resources,
  synthAll,
  testEnvironment,
  G6 as g6,
  P4D as p4d,
  P6E as p6e,
  problemsOrNone,
} from "./helpers";

const values = (kubernetesVersion: KubernetesVersion) =>
  clusterAutoscalerValues({ clusterName: "gpu-test", region: "eu-west-1", kubernetesVersion });

describe("Cluster Autoscaler image per Kubernetes minor", () => {
  test.each([
    ["1.33", "v1.33.6"],
    ["1.34", "v1.34.5"],
    ["1.35", "v1.35.2"],
    ["1.36", "v1.36.1"],
  ])("Kubernetes %s runs autoscaler %s", (minor, tag) => {
    expect(clusterAutoscalerRelease(minor as KubernetesVersion).imageTag).toBe(tag);
  });

  test.each(SUPPORTED_KUBERNETES_VERSIONS.map((v) => [v]))(
    "on Kubernetes %s the image minor equals the cluster minor",
    (version) => {
      expect(values(version).image).toEqual({
        repository: "registry.k8s.io/autoscaling/cluster-autoscaler",
        tag: expect.stringMatching(new RegExp(`^v${version.replace(".", "\\.")}\\.\\d+$`)),
      });
    },
  );

  test.each([["1.33"], ["1.34"]] as const)(
    "on Kubernetes %s DRA support is turned on (it defaults to off)",
    (version) => {
      expect(values(version).extraArgs["enable-dynamic-resource-allocation"]).toBe(true);
    },
  );

  test("on Kubernetes 1.35 the locked DRA flag is left alone (setting false would exit)", () => {
    expect(values("1.35").extraArgs).not.toHaveProperty("enable-dynamic-resource-allocation");
  });
});

describe("Cluster Autoscaler values", () => {
  const v = values("1.33");

  test("discover only this cluster's groups marked for the autoscaler", () => {
    expect(v.autoDiscovery).toEqual({
      clusterName: "gpu-test",
      tags: [
        "k8s.io/cluster-autoscaler/enabled=true",
        "k8s.io/cluster-autoscaler/gpu-test=owned",
        "eks-gpu-dra.blueprint/autoscaled=true",
      ],
    });
  });

  test("look instance types up at run time, so p6e-gb200 is known", () => {
    expect(v.extraArgs["aws-use-static-instance-list"]).toBe(false);
  });

  test("run on the system nodes with the service account Pod Identity is bound to", () => {
    expect([v.nodeSelector, v.rbac.serviceAccount.name, v.awsRegion]).toEqual([
      { "eks-gpu-dra.blueprint/role": "system" },
      "cluster-autoscaler",
      "eu-west-1",
    ]);
  });

  test.each(SUPPORTED_KUBERNETES_VERSIONS.map((version) => [version]))(
    "on Kubernetes %s set only keys the pinned chart has",
    (version) => {
      expect(unknownKeyPaths(values(version), clusterAutoscalerKeys)).toEqual([]);
    },
  );

  test("extraArgs render as the chart's --key=value map", () => {
    expect(toYaml({ extraArgs: v.extraArgs })).toContain("aws-use-static-instance-list: false");
  });
});

describe("Cluster Autoscaler IAM policy", () => {
  const [read, write] = clusterAutoscalerPolicy("gpu-test");

  test("reads scaling state on every resource, never with a write action", () => {
    expect(read.resources).toEqual(["*"]);
    expect(read.actions.every((a) => /:(Describe|Get)/.test(a))).toBe(true);
    expect(read.conditions).toBeUndefined();
  });

  test("resizes only groups tagged for this cluster and marked for the autoscaler", () => {
    expect(write.actions).toEqual([
      "autoscaling:SetDesiredCapacity",
      "autoscaling:TerminateInstanceInAutoScalingGroup",
    ]);
    expect(write.conditions).toEqual([
      {
        test: "StringEquals",
        variable: "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled",
        values: ["true"],
      },
      {
        test: "StringEquals",
        variable: "aws:ResourceTag/k8s.io/cluster-autoscaler/gpu-test",
        values: ["owned"],
      },
      {
        test: "StringEquals",
        variable: "aws:ResourceTag/eks-gpu-dra.blueprint/autoscaled",
        values: ["true"],
      },
    ]);
  });
});

describe("Cluster Autoscaler in the stacks", () => {
  const stacks = synthAll([testEnvironment({ gpuNodeGroups: [g6, p4d, p6e] })]);
  const cluster = stacks["test-cluster"];

  test("its service account gets the role through Pod Identity in the cluster stack", () => {
    const association = resource(cluster, "aws_eks_pod_identity_association", "cluster-autoscaler");
    expect(association).toMatchObject({
      namespace: "kube-system",
      service_account: "cluster-autoscaler",
    });
    expect(association.role_arn).toContain("aws_iam_role.eks_cluster-autoscaler-role");
  });

  test("marks the system and on-demand groups, and leaves Capacity Block groups to their owner", () => {
    const tagged = Object.values(resources(cluster, "aws_autoscaling_group_tag")).map((t) =>
      String(t.autoscaling_group_name).replace(/^.*node_group\.([a-z0-9-]+)_node-group.*$/, "$1"),
    );
    expect(tagged.sort()).toEqual(["gpu-g6", "system-nodes"]);
  });

  test("Terraform leaves the desired size of every node group to the autoscaler or to EKS", () => {
    for (const group of Object.values(resources(cluster, "aws_eks_node_group")))
      expect(group.lifecycle.ignore_changes).toContain("scaling_config[0].desired_size");
  });

  test("the release installs the pinned chart", () => {
    const release = Object.values(resources(stacks["test-platform"], "helm_release")).find(
      (r) => r.name === "cluster-autoscaler",
    );
    expect([release?.repository, release?.chart, release?.version]).toEqual([
      "https://kubernetes.github.io/autoscaler",
      "cluster-autoscaler",
      "9.59.0",
    ]);
  });
});

describe("scale from zero", () => {
  test("shipped DRA groups on demand keep at least one node", () => {
    for (const env of resolveEnvironments(loadEnvironments({})))
      for (const group of env.gpuNodeGroups.filter(
        (g) => g.allocation === "dra" && g.capacity.kind === "on-demand",
      ))
        expect([env.name, group.name, group.minSize >= 1]).toEqual([env.name, group.name, true]);
  });

  test("a DRA group on demand with minSize 0 is refused, naming the choices", () => {
    expect(problemsOrNone({ gpuNodeGroups: [{ ...g6, minSize: 0, desiredSize: 0 }] })).toEqual([
      "environments.test.gpuNodeGroups.g6.minSize 0 lets the group scale to zero, and the Cluster Autoscaler cannot " +
        "scale a DRA group up from zero on AWS (its template node has no ResourceSlices), so claims would stay " +
        'Pending; keep minSize 1 or more, or use allocation "device-plugin" for a group that must scale to zero',
    ]);
  });

  test("an autoscaled device-plugin group at zero has its labels and valued taint on the node group, where DescribeNodegroup reads them", () => {
    const cluster = synthAll([
      testEnvironment({
        gpuNodeGroups: [{ ...g6, name: "l4", allocation: "device-plugin", minSize: 0 }],
      }),
    ])["test-cluster"];
    const group = resource(cluster, "aws_eks_node_group", "gpu-l4");
    expect([
      group.scaling_config.min_size,
      group.labels["eks-gpu-dra.blueprint/node-group"],
    ]).toEqual([0, "l4"]);
    expect(group.taint).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
    expect(
      resource(cluster, "aws_autoscaling_group_tag", "autoscaled-l4").autoscaling_group_name,
    ).toContain("aws_eks_node_group.gpu-l4_node-group");
  });

  test("a device-plugin group on demand may scale to zero", () => {
    expect(
      problemsOrNone({ gpuNodeGroups: [{ ...g6, allocation: "device-plugin", minSize: 0 }] }),
    ).toEqual([]);
  });

  test("a DRA Capacity Block group may start at zero (the autoscaler does not resize it)", () => {
    expect(problemsOrNone({ gpuNodeGroups: [p4d] })).toEqual([]);
  });

  test("the autoscaler's GPU label on a DRA group is refused", () => {
    expect(
      problemsOrNone({
        gpuNodeGroups: [{ ...g6, labels: { "k8s.amazonaws.com/accelerator": "l4" } }],
      }),
    ).toEqual([
      'environments.test.gpuNodeGroups.g6.labels sets "k8s.amazonaws.com/accelerator" on a group whose allocation ' +
        'is "dra": the Cluster Autoscaler would wait for an nvidia.com/gpu capacity these nodes never report and ' +
        "count them unready; remove the label",
    ]);
  });

  test("no shipped node group carries the autoscaler's GPU label", () => {
    const stacks = synthAll(loadEnvironments({}));
    for (const stack of Object.values(stacks))
      for (const group of Object.values(resources(stack, "aws_eks_node_group")))
        expect(group.labels).not.toHaveProperty(["k8s.amazonaws.com/accelerator"]);
  });
});
