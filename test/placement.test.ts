import { referenceEnvironment } from "../config/reference-environment";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { helmMerge } from "../lib/helm/merge";
import { toleratesAll } from "../lib/kubernetes";
import { GPU_TAINT, LABELS } from "../lib/nodes/labels";
import type { GpuNodeGroupConfig } from "../lib/nodes/settings";
import type { GpuOperatorValues } from "../lib/nvidia/gpu-operator-values";
import { operatorWritesClientLabel } from "../lib/nvidia/operator-labels";
import {
  lands,
  pausable,
  placement,
  placementProblems,
  renderPlatform,
  type DaemonSetModel,
  type GroupPlacement,
  type RenderedPlatform,
} from "../lib/nvidia/placement";
import { resolveEnvironments } from "../lib/resolve-environments";
import {
  G6,
  P4D,
  P6E,
  RESERVATION,
  SECOND_RESERVATION,
  shippedEnvironments,
  testEnvironment,
} from "./helpers";
import { loadEnvironments } from "../config/environments";
import { REFERENCE_VARIABLES } from "../config/reference-environment";
import { settledMigState } from "../lib/nvidia/mig-state";
import { bootLabels } from "../lib/nvidia/settled-node";

const resolve = (overrides: Partial<EnvironmentConfig>): ResolvedEnvironment =>
  resolveEnvironments([testEnvironment(overrides)])[0];
const everyKind = resolve({ gpuNodeGroups: [G6, P4D, P6E] });
const at = "environments.test";

const DRA_GPUS = "nvidia-dra-gpus/nvidia-dra-gpus-kubelet-plugin";
const DRA_CD = "nvidia-dra-compute-domains/nvidia-dra-compute-domains-kubelet-plugin";
const DEVICE_PLUGIN = "nvidia-device-plugin/nvidia-device-plugin";
const OPERATOR_DEVICE_PLUGIN = "gpu-operator/nvidia-device-plugin-daemonset";
const EFA = "aws-efa-k8s-device-plugin/aws-efa-k8s-device-plugin";

const group = (env: ResolvedEnvironment, name: string, rendered?: RenderedPlatform) => {
  const found = placement(env, rendered).groups.find((g) => g.nodeGroup === name);
  if (!found) throw new Error(`no group ${name}`);
  return found;
};
const names = (list: readonly DaemonSetModel[]) => list.map((ds) => ds.name);
const owners = (g: GroupPlacement) => names(g.gpuOwners);

/** The platform's rendered values with one release's values changed. */
function withValues(env: ResolvedEnvironment, change: (r: RenderedPlatform) => RenderedPlatform) {
  return change(renderPlatform(env));
}

type KubeletPlugin = RenderedPlatform["draDriver"][number]["values"]["kubeletPlugin"];

/**
 * The rendered DRA driver releases with the GPU release's kubelet plugin values changed, possibly
 * into values the types would not allow: the tests feed the proof broken values.
 */
function withGpuKubeletPlugin(
  r: RenderedPlatform,
  change: (plugin: KubeletPlugin) => object,
): RenderedPlatform["draDriver"] {
  return r.draDriver.map((rel) =>
    rel.capability === "gpus"
      ? {
          ...rel,
          values: {
            ...rel.values,
            kubeletPlugin: change(rel.values.kubeletPlugin) as KubeletPlugin,
          },
        }
      : rel,
  );
}

const shipped: [string, ResolvedEnvironment][] = [
  ...resolveEnvironments(shippedEnvironments()).map(
    (e) => [e.name, e] as [string, ResolvedEnvironment],
  ),
  ...resolveEnvironments(
    loadEnvironments({
      PROD_P4D_CAPACITY_RESERVATION_ID: RESERVATION,
      PROD_P4D_CAPACITY_RESERVATION_AZ: "us-east-1a",
      PROD_P6E_CAPACITY_RESERVATION_ID: SECOND_RESERVATION,
      PROD_P6E_CAPACITY_RESERVATION_AZ: "us-east-1-dfw-2a",
    }),
  ).map((e) => [`${e.name} with Capacity Blocks`, e] as [string, ResolvedEnvironment]),
  ["reference", referenceEnvironment()],
];

describe("placement of the shipped environments", () => {
  test.each(shipped)(
    "%s: every GPU group has one GPU plugin, of its allocation's kind",
    (_n, env) => {
      for (const g of placement(env).groups) {
        expect([g.nodeGroup, g.gpuOwners.map((o) => o.gpuOwner)]).toEqual([
          g.nodeGroup,
          [g.group.allocation],
        ]);
      }
    },
  );

  test.each(shipped)("%s: the proof finds nothing to refuse", (_n, env) => {
    expect(placementProblems(env, `environments.${env.name}`)).toEqual([]);
  });

  test.each(shipped)("%s: only the NFD worker runs on the system nodes", (_n, env) => {
    expect(names(placement(env).system)).toEqual(["gpu-operator/node-feature-discovery-worker"]);
  });
});

describe("who runs where", () => {
  test("a DRA G6 node runs the DRA GPU plugin and neither device plugin", () => {
    const g6 = group(everyKind, "g6");
    expect(owners(g6)).toEqual([DRA_GPUS]);
    expect(names(g6.daemonSets)).not.toContain(OPERATOR_DEVICE_PLUGIN);
    expect(names(g6.daemonSets)).not.toContain(EFA);
  });

  test("P6e keeps GPUs on the standalone device plugin, with the ComputeDomain and EFA plugins", () => {
    const p6e = group(everyKind, "p6e");
    expect(owners(p6e)).toEqual([DEVICE_PLUGIN]);
    expect(names(p6e.daemonSets)).toEqual(expect.arrayContaining([DRA_CD, EFA]));
  });

  test("every group with EFA interfaces runs the EFA device plugin once", () => {
    expect(["p4d", "p6e"].map((n) => names(group(everyKind, n).efaOwners))).toEqual([[EFA], [EFA]]);
  });

  test("the GPU Operator's device plugin runs nowhere", () => {
    for (const g of placement(everyKind).groups)
      expect(names(g.daemonSets)).not.toContain(OPERATOR_DEVICE_PLUGIN);
  });
});

describe("MIG nodes", () => {
  const p4d = group(everyKind, "p4d");
  const dra = p4d.gpuOwners[0];

  test("the MIG manager can pause the DRA GPU plugin on a MIG node", () => {
    expect(pausable(dra, p4d.node)).toBe(true);
  });

  test("the DRA GPU plugin waits until the MIG manager has applied the layout", () => {
    const booting = { ...p4d.node.labels };
    delete booting[LABELS.migConfigState];
    expect([lands(dra, { ...p4d.node, labels: booting }), lands(dra, p4d.node)]).toEqual([
      false,
      true,
    ]);
  });

  test("the DRA GPU plugin leaves while the MIG manager repartitions", () => {
    const paused = { ...p4d.node.labels, [LABELS.deployClient]: "paused-for-mig-change" };
    expect(lands(dra, { ...p4d.node, labels: paused })).toBe(false);
  });

  test("a MIG-capable group without a layout gets the operator's all-disabled layout and its plugin", () => {
    const plain: GpuNodeGroupConfig = {
      ...P4D,
      name: "p4d-whole",
      capacityReservationId: SECOND_RESERVATION,
      migLayout: undefined,
    };
    const env = resolve({ gpuNodeGroups: [P4D, plain] });
    const whole = group(env, "p4d-whole");
    expect([whole.node.labels[LABELS.migConfig], owners(whole)]).toEqual([
      "all-disabled",
      [DRA_GPUS],
    ]);
  });

  test("a device-plugin MIG group's plugin is pausable too", () => {
    const env = resolve({ gpuNodeGroups: [{ ...P4D, allocation: "device-plugin" }] });
    const p = group(env, "p4d");
    expect([owners(p), pausable(p.gpuOwners[0], p.node)]).toEqual([[DEVICE_PLUGIN], true]);
  });
});

describe("a GPU Operator that does not write the client label", () => {
  const old = { gpuOperator: { version: "v26.3.1", allowUntestedVersion: true } };

  test("releases before v26.7.0 do not write it, later ones do", () => {
    expect(
      ["v26.3.1", "v25.10.0", "v26.7.0", "v26.10.1", "v27.1.0", "main"].map(
        operatorWritesClientLabel,
      ),
    ).toEqual([false, false, true, true, true, false]);
  });

  test("the DRA GPU plugin still lands on non-MIG groups", () => {
    expect(owners(group(resolve({ gpuNodeGroups: [G6], nvidia: old }), "g6"))).toEqual([DRA_GPUS]);
  });

  test("the standalone device plugin still lands", () => {
    expect(owners(group(resolve({ gpuNodeGroups: [P6E], nvidia: old }), "p6e"))).toEqual([
      DEVICE_PLUGIN,
    ]);
  });
});

describe("the proof refuses broken values", () => {
  test("the operator's device plugin on: two plugins on every GPU group", () => {
    const rendered = withValues(everyKind, (r) => ({
      ...r,
      gpuOperator: {
        ...r.gpuOperator,
        devicePlugin: { enabled: true },
      } as unknown as GpuOperatorValues,
    }));
    expect(placementProblems(everyKind, at, rendered)).toEqual([
      `${at}.gpuNodeGroups.g6: 2 GPU plugins would run on its nodes (${OPERATOR_DEVICE_PLUGIN}, ${DRA_GPUS}) and offer the same GPUs twice, so the scheduler would oversubscribe them; keep one plugin per node (the GPU Operator's devicePlugin must stay off)`,
      `${at}.gpuNodeGroups.p4d: 2 GPU plugins would run on its nodes (${OPERATOR_DEVICE_PLUGIN}, ${DRA_GPUS}) and offer the same GPUs twice, so the scheduler would oversubscribe them; keep one plugin per node (the GPU Operator's devicePlugin must stay off)`,
      `${at}.gpuNodeGroups.p6e: 2 GPU plugins would run on its nodes (${OPERATOR_DEVICE_PLUGIN}, ${DEVICE_PLUGIN}) and offer the same GPUs twice, so the scheduler would oversubscribe them; keep one plugin per node (the GPU Operator's devicePlugin must stay off)`,
    ]);
  });

  test("a device plugin without its nodeSelector lands on DRA groups through the chart's default affinity", () => {
    const rendered = withValues(everyKind, (r) => ({
      ...r,
      devicePlugin: { ...r.devicePlugin!, nodeSelector: {} },
    }));
    expect(placementProblems(everyKind, at, rendered)).toEqual([
      `${at}.gpuNodeGroups.g6: 2 GPU plugins would run on its nodes (${DRA_GPUS}, ${DEVICE_PLUGIN}) and offer the same GPUs twice, so the scheduler would oversubscribe them; keep one plugin per node (the GPU Operator's devicePlugin must stay off)`,
      `${at}.gpuNodeGroups.p4d: 2 GPU plugins would run on its nodes (${DRA_GPUS}, ${DEVICE_PLUGIN}) and offer the same GPUs twice, so the scheduler would oversubscribe them; keep one plugin per node (the GPU Operator's devicePlugin must stay off)`,
    ]);
  });

  test("a DRA kubelet plugin without the GPU toleration leaves DRA groups without a GPU plugin", () => {
    const rendered = withValues(everyKind, (r) => ({
      ...r,
      draDriver: withGpuKubeletPlugin(r, (plugin) => ({ ...plugin, tolerations: [] })),
    }));
    const problems = placementProblems(everyKind, at, rendered);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(
      `${at}.gpuNodeGroups.g6: no GPU plugin would run on its nodes, so pods could not use its GPUs: allocation "dra" needs the DRA driver's GPU kubelet plugin, whose selectors do not match the node's labels; check ${at}.nvidia.gpuOperator.version "v26.7.0" (the tested one writes the labels the plugins select)`,
    );
  });

  test("a DRA GPU plugin without the client selector is not pausable on MIG groups", () => {
    const rendered = withValues(everyKind, (r) => ({
      ...r,
      draDriver: withGpuKubeletPlugin(r, (plugin) => ({ ...plugin, nodeSelector: {} })),
    }));
    expect(placementProblems(everyKind, at, rendered)).toEqual([
      `${at}.gpuNodeGroups.p4d.migLayout "all-1g.5gb": the MIG manager could not pause ${DRA_GPUS} before it repartitions the GPUs, so the plugin would keep offering devices that no longer exist; its nodeSelector must name nvidia.com/gpu.deploy.client`,
    ]);
  });

  test("an EFA plugin without the GPU toleration leaves EFA groups without EFA", () => {
    const rendered = withValues(everyKind, (r) => ({
      ...r,
      efaDevicePlugin: { ...r.efaDevicePlugin!, tolerations: [] },
    }));
    expect(placementProblems(everyKind, at, rendered)).toEqual([
      `${at}.gpuNodeGroups.p4d: p4d.24xlarge gets EFA interfaces, but no EFA device plugin would run on its nodes, so no pod could request vpc.amazonaws.com/efa and NCCL would fall back to TCP`,
      `${at}.gpuNodeGroups.p6e: p6e-gb200.36xlarge gets EFA interfaces, but no EFA device plugin would run on its nodes, so no pod could request vpc.amazonaws.com/efa and NCCL would fall back to TCP`,
    ]);
  });

  test("an EFA plugin selecting by instance type only reaches non-EFA groups and system nodes", () => {
    const rendered = withValues(everyKind, (r) => ({
      ...r,
      efaDevicePlugin: {
        ...r.efaDevicePlugin!,
        nodeSelector: {},
        supportedInstanceLabels: {
          keys: ["node.kubernetes.io/instance-type"],
          values: ["g6.xlarge", "m7i.xlarge", "p4d.24xlarge", "p6e-gb200.36xlarge"],
        },
      },
    }));
    expect(placementProblems(everyKind, at, rendered)).toEqual([
      `${at}.gpuNodeGroups.g6: ${EFA} would run on its nodes, which have no EFA interfaces; it must select only the EFA node groups`,
      `${at}.systemNodeGroup: ${EFA} would run on the system nodes, which have no GPUs; its selectors must name the GPU node groups`,
    ]);
  });

  test("a device-plugin group served by the DRA plugin has a plugin of the wrong kind", () => {
    const rendered = withValues(everyKind, (r) => ({
      ...r,
      devicePlugin: undefined,
      draDriver: withGpuKubeletPlugin(r, (plugin) => ({ ...plugin, affinity: undefined })),
    }));
    expect(placementProblems(everyKind, at, rendered)).toEqual([
      `${at}.gpuNodeGroups.p6e: allocation is "device-plugin", but the GPU plugin on its nodes is ${DRA_GPUS}, which hands out GPUs for "dra"; its nodes need the NVIDIA device plugin`,
    ]);
  });
});

describe("scheduling rules the proof relies on", () => {
  test("a toleration with Exists and the taint's key and effect lets a pod onto a GPU node", () => {
    expect(
      toleratesAll(
        [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
        [GPU_TAINT],
      ),
    ).toBe(true);
  });

  test("a toleration for another value or effect does not", () => {
    expect([
      toleratesAll([{ key: "nvidia.com/gpu", operator: "Equal", value: "present" }], [GPU_TAINT]),
      toleratesAll(
        [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoExecute" }],
        [GPU_TAINT],
      ),
      toleratesAll([], [GPU_TAINT]),
    ]).toEqual([false, false, false]);
  });

  test("Helm merges maps, replaces lists and drops a key set to null", () => {
    expect(
      helmMerge(
        { nodeSelector: { a: "1" }, tolerations: [{ key: "x" }], affinity: { nodeAffinity: {} } },
        { nodeSelector: { b: "2" }, tolerations: [{ key: "y" }], affinity: null },
      ),
    ).toEqual({ nodeSelector: { a: "1", b: "2" }, tolerations: [{ key: "y" }] });
  });
});

describe("the MIG manager's state on MIG nodes", () => {
  const p4d = () => group(everyKind, "p4d");
  const withoutReboot = (env: ResolvedEnvironment) =>
    withValues(env, (r) => {
      const op = r.gpuOperator;
      if (!op.migManager.enabled) throw new Error("no MIG manager");
      return { ...r, gpuOperator: { ...op, migManager: { ...op.migManager, env: [] } } };
    });

  test("the GPU Operator's MIG manager may reboot a node whenever a MIG group exists", () => {
    const op = renderPlatform(everyKind).gpuOperator;
    expect(op.migManager.enabled && op.migManager.env).toEqual([
      { name: "WITH_REBOOT", value: "true" },
    ]);
    expect(renderPlatform(resolve({ gpuNodeGroups: [G6] })).gpuOperator.migManager).toEqual({
      enabled: false,
    });
  });

  test("with WITH_REBOOT the p4d layout ends in success and the DRA GPU plugin lands", () => {
    expect(p4d().node.labels[LABELS.migConfigState]).toBe("success");
    expect(owners(p4d())).toEqual([DRA_GPUS]);
  });

  test("without WITH_REBOOT it ends failed and p4d has no GPU owner", () => {
    const failed = group(everyKind, "p4d", withoutReboot(everyKind));
    expect(failed.node.labels[LABELS.migConfigState]).toBe("failed");
    expect(owners(failed)).toEqual([]);
  });

  test("synth names the failed layout's cause and fix", () => {
    expect(placementProblems(everyKind, at, withoutReboot(everyKind))).toEqual([
      'environments.test.gpuNodeGroups.p4d.migLayout "all-1g.5gb": the MIG manager would set ' +
        'nvidia.com/mig.config.state=failed (applying MIG layout "all-1g.5gb" turns MIG mode on, which on ' +
        "p4d.24xlarge needs a node reboot, and the MIG manager reboots only with WITH_REBOOT=true in the GPU " +
        "Operator's migManager.env), so no GPU plugin would start on its nodes; keep WITH_REBOOT=true in the GPU " +
        "Operator values (gpu-operator-values.ts sets it for every environment with a MIG group) or remove migLayout",
    ]);
  });

  test.each(["pending", "rebooting", "failed"])(
    "the DRA GPU plugin does not start while the state is %s",
    (state) => {
      const node = p4d().node;
      const dra = p4d().gpuOwners[0];
      expect(
        lands(dra, { ...node, labels: { ...node.labels, [LABELS.migConfigState]: state } }),
      ).toBe(false);
    },
  );

  test("the all-disabled layout needs no reboot: MIG stays off as the AMI boots it", () => {
    expect(settledMigState("all-disabled", [])).toBe("success");
    expect(settledMigState("all-1g.5gb", [])).toBe("failed");
  });
});

describe("nodeadm's nvidia.com/gpu.present label", () => {
  const g6 = () => resolve({ gpuNodeGroups: [G6] }).gpuNodeGroups[0];

  test("is on a GPU node from boot with kubelet 1.35 and later", () => {
    expect(bootLabels(g6(), "1.35")["nvidia.com/gpu.present"]).toBe("true");
    expect(bootLabels(g6(), "1.36")["nvidia.com/gpu.present"]).toBe("true");
  });

  test("is not written by nodeadm before 1.35: NFD and the GPU Operator add it once they run", () => {
    expect(bootLabels(g6(), "1.34")).not.toHaveProperty(["nvidia.com/gpu.present"]);
    const settled = group(resolve({ kubernetesVersion: "1.34", gpuNodeGroups: [G6] }), "g6");
    expect(settled.node.labels["nvidia.com/gpu.present"]).toBe("true");
  });

  test("follows the node groups' version while they are held one minor behind", () => {
    const held = resolve({
      kubernetesVersion: "1.35",
      nodeGroupsKubernetesVersion: "1.34",
      gpuNodeGroups: [G6],
    });
    expect(
      bootLabels(held.gpuNodeGroups[0], held.nodeGroupsKubernetesVersion)["nvidia.com/gpu.present"],
    ).toBeUndefined();
  });
});

describe("who serves nvidia.com/gpu requests", () => {
  const prod = resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES)).find(
    (e) => e.name === "prod",
  )!;
  const serving = (env: ResolvedEnvironment, rendered?: RenderedPlatform) =>
    placement(env, rendered)
      .groups.filter((g) => g.servesGpuExtendedResource)
      .map((g) => g.nodeGroup);
  /** The DRA GPU release as the chart would install it without the post-renderer's edit. */
  const keepingTheMapping = (env: ResolvedEnvironment) =>
    withValues(env, (r) => ({
      ...r,
      draDriver: r.draDriver.map((d) => ({ ...d, mapsGpuExtendedResource: true })),
    }));

  test("only device-plugin groups on prod (1.36, where Kubernetes maps extended resources to DRA)", () => {
    expect(prod.kubernetesVersion).toBe("1.36");
    expect(serving(prod)).toEqual(["p6e"]);
  });

  test("the DRA driver's gpu.nvidia.com DeviceClass would add the DRA groups from 1.36", () => {
    expect(serving(prod, keepingTheMapping(prod))).toEqual(["g6", "p4d", "p6e"]);
  });

  test("before 1.36 the mapping serves nothing even where the DeviceClass keeps it", () => {
    const at135 = { ...prod, kubernetesVersion: "1.35" as const };
    expect(serving(at135, keepingTheMapping(at135))).toEqual(["p6e"]);
  });

  test("the blueprint's GPU release never keeps the mapping", () => {
    expect(renderPlatform(prod).draDriver.map((r) => r.mapsGpuExtendedResource)).toEqual([
      false,
      false,
    ]);
  });
});
