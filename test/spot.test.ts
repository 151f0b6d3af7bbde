/** Spot GPU node groups: resolution, refusals, the node group, placement and the autoscaler's preference. */
import clusterAutoscalerKeys from "./fixtures/charts/cluster-autoscaler-9.59.0.keys.json";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { managedNodeGroupAsgPattern } from "../lib/autoscaling/expander";
import { clusterAutoscalerValues } from "../lib/autoscaling/values";
import { exampleNodeGroup } from "../lib/examples/catalog";
import { inferenceProblems } from "../lib/examples/inference";
import { renderExamples, type KubeObject } from "../lib/examples/render";
import { unknownKeyPaths } from "../lib/helm/chart-keys";
import { GPU_TOLERATION } from "../lib/nodes/labels";
import { placement, placementProblems, renderPlatform } from "../lib/nvidia/placement";
import { resolveEnvironments } from "../lib/resolve-environments";
import {
  G6,
  RESERVATION,
  problemsOrNone,
  resource,
  synthCluster,
  testEnvironment,
} from "./helpers";
import { G6_SPOT } from "../config/environments";

/* eslint-disable @typescript-eslint/no-explicit-any */
const SPOT = G6_SPOT;
const resolve = (overrides: Partial<EnvironmentConfig>): ResolvedEnvironment =>
  resolveEnvironments([testEnvironment(overrides)])[0];
const env = resolve({ kubernetesVersion: "1.36", gpuNodeGroups: [G6, SPOT] });
const at = "environments.test.gpuNodeGroups.g6-spot";

describe("Spot GPU node groups", () => {
  test("resolve with every instance type, Spot capacity and one node kept for DRA", () => {
    const group = env.gpuNodeGroups.find((g) => g.name === "g6-spot")!;
    expect([group.capacity, group.instanceTypes, group.minSize]).toEqual([
      { kind: "spot" },
      ["g6.xlarge", "g6.2xlarge", "g6.4xlarge"],
      1,
    ]);
  });

  test("become a SPOT managed node group over all its types, with the Spot taint and label", () => {
    const group = resource(
      synthCluster({ gpuNodeGroups: [SPOT] }),
      "aws_eks_node_group",
      "gpu-g6-spot",
    );
    expect(group.capacity_type).toBe("SPOT");
    expect(group.instance_types).toEqual(["g6.xlarge", "g6.2xlarge", "g6.4xlarge"]);
    expect(group.labels["eks-gpu-dra.blueprint/spot"]).toBe("true");
    expect(group.taint).toEqual([
      { key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" },
      { key: "eks-gpu-dra.blueprint/spot", value: "true", effect: "NO_SCHEDULE" },
    ]);
  });

  test("on-demand groups carry neither the Spot taint nor the label", () => {
    const group = resource(synthCluster({ gpuNodeGroups: [G6] }), "aws_eks_node_group", "gpu-g6");
    expect(group.taint).toHaveLength(1);
    expect(group.labels).not.toHaveProperty("eks-gpu-dra.blueprint/spot");
  });

  test("refuse mixed GPU models in one group", () => {
    expect(
      problemsOrNone({ gpuNodeGroups: [{ ...SPOT, alternativeInstanceTypes: ["p4d.24xlarge"] }] }),
    ).toEqual([
      `${at}.alternativeInstanceTypes entry "p4d.24xlarge" has NVIDIA A100-SXM4-40GB GPUs, but instanceType ` +
        "g6.xlarge has NVIDIA L4: one group mixing GPU models would offer devices with different DRA attributes and " +
        "MIG profiles, so a claim or MIG layout that fits one node fails on the next; put each GPU model in its own " +
        "node group",
    ]);
  });

  test("refuse Capacity Block fields on a Spot group", () => {
    expect(
      problemsOrNone({
        gpuNodeGroups: [
          { ...SPOT, capacityReservationId: RESERVATION, capacityReservationAz: "us-east-1a" },
        ],
      }),
    ).toEqual([
      `${at} is SPOT but sets capacityReservationId or capacityReservationAz: a Capacity Block is capacity you bought ` +
        "for a fixed window and is never interrupted, Spot is spare capacity EC2 can reclaim, and one node group " +
        'cannot be both; remove the reservation fields, or set capacityType "CAPACITY_BLOCK" for the block',
    ]);
  });

  test("refuse a different GPU count, a primary type larger than an alternative, and alternatives on demand", () => {
    expect(
      problemsOrNone({
        gpuNodeGroups: [
          { ...SPOT, alternativeInstanceTypes: ["g6.12xlarge"] },
          {
            ...SPOT,
            name: "big-first",
            instanceType: "g6.4xlarge",
            alternativeInstanceTypes: ["g6.xlarge"],
          },
          { ...G6, alternativeInstanceTypes: ["g6.2xlarge"] },
        ],
      }),
    ).toEqual([
      `${at}.alternativeInstanceTypes entry "g6.12xlarge" has 4 GPUs per node, but g6.xlarge has 1: the Cluster ` +
        "Autoscaler sizes the group by instanceType alone, so it would expect the wrong number of GPUs on new nodes; " +
        "use types with the same GPU count",
      'environments.test.gpuNodeGroups.big-first.alternativeInstanceTypes entry "g6.xlarge" (4 vCPUs, 16 GiB) is ' +
        "smaller than instanceType g6.4xlarge (16 vCPUs, 64 GiB): the Cluster Autoscaler plans with instanceType's " +
        "size and would place pods that do not fit; make the smallest type instanceType",
      'environments.test.gpuNodeGroups.g6.alternativeInstanceTypes is set on a "ON_DEMAND" group: only SPOT groups ' +
        'spread over several instance types (more Spot pools); remove it or set capacityType "SPOT"',
    ]);
  });

  test("refuse Spot for a type EC2 sells only as Capacity Blocks", () => {
    expect(
      problemsOrNone({
        gpuNodeGroups: [
          {
            name: "p6e",
            instanceType: "p6e-gb200.36xlarge",
            capacityType: "SPOT",
            allocation: "device-plugin",
            maxSize: 9,
          },
        ],
      }),
    ).toEqual([
      'environments.test.gpuNodeGroups.p6e.capacityType "SPOT" cannot launch p6e-gb200.36xlarge: EC2 sells it only ' +
        'as Capacity Blocks for ML; set capacityType "CAPACITY_BLOCK" with the capacityReservationId and ' +
        "capacityReservationAz of your block",
    ]);
  });

  test("a DRA Spot group may not scale to zero either (the autoscaler resizes it)", () => {
    expect(problemsOrNone({ gpuNodeGroups: [{ ...SPOT, minSize: 0 }] })[0]).toMatch(
      /^environments\.test\.gpuNodeGroups\.g6-spot\.minSize 0 lets the group scale to zero/,
    );
  });
});

describe("Spot groups in the placement proof", () => {
  const view = placement(env);
  const spot = view.groups.find((g) => g.nodeGroup === "g6-spot")!;
  const onDemand = view.groups.find((g) => g.nodeGroup === "g6")!;

  test("a Spot node, and so its replacement after a reclaim, gets the same daemons as an on-demand node", () => {
    expect(spot.daemonSets.map((d) => d.name)).toEqual(onDemand.daemonSets.map((d) => d.name));
    expect(spot.gpuOwners.map((d) => d.name)).toEqual([
      "nvidia-dra-gpus/nvidia-dra-gpus-kubelet-plugin",
    ]);
    expect(spot.spotMisses).toEqual([]);
  });

  test("a GPU daemon without the Spot toleration is refused", () => {
    const rendered = renderPlatform(env);
    const [dra] = rendered.draDriver;
    const stripped = {
      ...rendered,
      draDriver: [
        {
          ...dra,
          values: {
            ...dra.values,
            kubeletPlugin: { ...dra.values.kubeletPlugin, tolerations: [GPU_TOLERATION] },
          },
        },
      ],
    };
    expect(placementProblems(env, "environments.test", stripped)).toEqual([
      "environments.test.gpuNodeGroups.g6-spot: no GPU plugin would run on its nodes, so pods could not use its GPUs: " +
        "allocation \"dra\" needs the DRA driver's GPU kubelet plugin, whose selectors do not match the node's labels; " +
        'check environments.test.nvidia.gpuOperator.version "v26.7.0" (the tested one writes the labels the plugins select)',
      "environments.test.gpuNodeGroups.g6-spot: nvidia-dra-gpus/nvidia-dra-gpus-kubelet-plugin would not run on its " +
        "Spot nodes: they do not tolerate the Spot taint eks-gpu-dra.blueprint/spot=true:NoSchedule, so a Spot node " +
        "(and its replacement after a reclaim) would lack them; add the toleration to their values (lib/nodes/labels.ts " +
        "gpuDaemonTolerations)",
    ]);
  });

  test("environments without Spot keep their daemons' tolerations as they were", () => {
    const plain = renderPlatform(resolve({ gpuNodeGroups: [G6] }));
    expect(plain.gpuOperator.daemonsets.tolerations).toEqual([GPU_TOLERATION]);
  });
});

describe("the autoscaler prefers Spot, then on-demand", () => {
  const values = clusterAutoscalerValues(env);

  test("runs the priority expander before least-waste, with Spot groups above a catch-all", () => {
    expect(values.extraArgs.expander).toBe("priority,least-waste");
    expect(values.expanderPriorities).toEqual({
      "30": ["^eks-g6-spot-[0-9a-f]{8}-[0-9a-f-]+$"],
      "10": [".*"],
    });
    expect(unknownKeyPaths(values, clusterAutoscalerKeys)).toEqual([]);
  });

  test("the Spot pattern matches its group's Auto Scaling group and not the on-demand one", () => {
    const pattern = new RegExp(managedNodeGroupAsgPattern("g6-spot"));
    const onDemand = new RegExp(managedNodeGroupAsgPattern("g6"));
    const spotAsg = "eks-g6-spot-4ac6a1f2-0c1d-7e2b-11aa-0123456789ab";
    const onDemandAsg = "eks-g6-96c6a1f2-0c1d-7e2b-11aa-0123456789ab";
    expect([pattern.test(spotAsg), pattern.test(onDemandAsg), onDemand.test(spotAsg)]).toEqual([
      true,
      false,
      false,
    ]);
  });

  test("without Spot groups least-waste alone decides and no priority ConfigMap is rendered", () => {
    const plain = clusterAutoscalerValues(resolve({ gpuNodeGroups: [G6] }));
    expect([plain.extraArgs.expander, plain.expanderPriorities]).toEqual([
      "least-waste",
      undefined,
    ]);
  });
});

describe("the inference example on Spot", () => {
  const withKeda = resolve({
    kubernetesVersion: "1.36",
    gpuNodeGroups: [G6, SPOT],
    autoscaling: { keda: {} },
    examples: { include: ["inference"] },
  });
  const deployment = renderExamples(withKeda)[0].objects.find(
    (o) => o.kind === "Deployment",
  ) as KubeObject;

  test("is placed on the Spot group, with the on-demand group of the same GPU as its fallback", () => {
    expect(exampleNodeGroup("inference", withKeda.gpuNodeGroups)?.name).toBe("g6-spot");
    const terms = (deployment.spec as any).template.spec.affinity.nodeAffinity
      .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms[0].matchExpressions[0].values).toEqual(["g6", "g6-spot"]);
  });

  test("is refused without the interruption toleration", () => {
    const spec = (deployment.spec as any).template.spec;
    const without = {
      ...deployment,
      spec: {
        ...(deployment.spec as any),
        template: { spec: { ...spec, tolerations: [GPU_TOLERATION] } },
      },
    };
    expect(inferenceProblems(without, withKeda.gpuNodeGroups)).toEqual([
      "the inference-server pods do not tolerate the Spot taint eks-gpu-dra.blueprint/spot=true:NoSchedule of node " +
        "group g6-spot, so they could never run there; add the toleration (and a preStop drain that fits the " +
        "two-minute notice) or target on-demand groups only",
    ]);
  });

  test("is refused with a grace period longer than a Spot notice leaves", () => {
    const spec = (deployment.spec as any).template.spec;
    const slow = {
      ...deployment,
      spec: {
        ...(deployment.spec as any),
        template: { spec: { ...spec, terminationGracePeriodSeconds: 300 } },
      },
    };
    expect(inferenceProblems(slow, withKeda.gpuNodeGroups)).toEqual([
      "the inference-server pods' terminationGracePeriodSeconds 300 does not fit a Spot interruption: EC2 stops the " +
        "node 120 s after the notice and draining starts up to 20 s later; use 100 or less",
    ]);
  });
});
