import { Testing } from "cdktf";
import draDriverKeys from "./fixtures/charts/dra-driver-nvidia-gpu-0.4.1.keys.json";
import gpuOperatorKeys from "./fixtures/charts/gpu-operator-v26.7.0.keys.json";
import { loadEnvironments } from "../config/environments";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import type { GpuNodeGroupConfig } from "../lib/nodes/settings";
import { gpuOwnership } from "../lib/nvidia/gpu-ownership";
import { unknownKeyPaths } from "../lib/helm/chart-keys";
import { draDriverReleases } from "../lib/nvidia/dra-driver-values";
import { gpuOperatorValues } from "../lib/nvidia/gpu-operator-values";
import { LABELS, gpuNodeLabels } from "../lib/nodes/labels";
import { resolveEnvironments } from "../lib/resolve-environments";
import { parseYamlStrict } from "../lib/yaml";
import { addBlueprint } from "../stacks/blueprint";
import {
  address,
  resources,
  synthAll,
  testEnvironment,
  type SynthJson,
  G6 as g6,
  P4D,
  P6E as p6e,
  RESERVATION,
  SECOND_RESERVATION,
} from "./helpers";
const p4d: GpuNodeGroupConfig = { ...P4D, migLayout: "all-3g.20gb" };

const resolve = (overrides: Partial<EnvironmentConfig>): ResolvedEnvironment =>
  resolveEnvironments([testEnvironment(overrides)])[0];
const onlyG6 = resolve({ gpuNodeGroups: [g6] });
const everyKind = resolve({
  gpuNodeGroups: [g6, p4d, p6e],
  nvidia: { gpuSharing: ["TimeSlicing", "MPS"] },
});

/** The shipped environments, prod with its Capacity Block groups, and the test environments. */
const allEnvironments: ResolvedEnvironment[] = [
  ...resolveEnvironments(loadEnvironments({})),
  ...resolveEnvironments(
    loadEnvironments({
      PROD_P4D_CAPACITY_RESERVATION_ID: RESERVATION,
      PROD_P4D_CAPACITY_RESERVATION_AZ: "us-east-1a",
      PROD_P6E_CAPACITY_RESERVATION_ID: SECOND_RESERVATION,
      PROD_P6E_CAPACITY_RESERVATION_AZ: "us-east-1-dfw-2a",
    }),
  ),
  onlyG6,
  everyKind,
];

describe("GPU Operator values", () => {
  test("leave driver and toolkit to the EKS AMI and keep discovery and metrics on", () => {
    expect(gpuOperatorValues(onlyG6)).toMatchObject({
      driver: { enabled: false },
      toolkit: { enabled: false },
      nfd: { enabled: true },
      gfd: { enabled: true },
      dcgmExporter: { enabled: true },
    });
  });

  test("with only DRA G6 nodes, turn the device plugin and the MIG manager off", () => {
    expect(gpuOperatorValues(onlyG6)).toMatchObject({
      devicePlugin: { enabled: false },
      migManager: { enabled: false },
    });
  });

  test("with a MIG group, ship a MIG config holding the group's layout", () => {
    const values = gpuOperatorValues(resolve({ gpuNodeGroups: [p4d] }));
    if (!values.migManager.enabled) throw new Error("MIG manager is off");
    expect(values.migManager.config).toMatchObject({ create: true, default: "all-disabled" });
    const [config] = parseYamlStrict(values.migManager.config.data["config.yaml"]);
    expect(config).toEqual({
      version: "v1",
      "mig-configs": {
        "all-disabled": [{ devices: "all", "mig-enabled": false }],
        "all-3g.20gb": [{ devices: "all", "mig-enabled": true, "mig-devices": { "3g.20gb": 2 } }],
      },
    });
  });

  test("with a P6e device-plugin group, turn the device plugin on", () => {
    expect(gpuOperatorValues(everyKind).devicePlugin).toEqual({ enabled: true });
  });

  test("run the operator on system nodes and its node daemons through the GPU taint", () => {
    const values = gpuOperatorValues(onlyG6);
    expect(values.operator.nodeSelector).toEqual({ [LABELS.role]: "system" });
    expect(values.daemonsets.tolerations).toEqual([
      { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
    ]);
  });
});

describe("DRA driver values", () => {
  test.each([
    ["1.33", "resource.k8s.io/v1beta1"],
    ["1.34", "resource.k8s.io/v1"],
    ["1.35", "resource.k8s.io/v1"],
  ])("Kubernetes %s renders DRA objects as %s", (kubernetesVersion, api) => {
    const [release] = draDriverReleases(resolve({ kubernetesVersion, gpuNodeGroups: [g6] }));
    expect(release.values.resourceApiVersion).toBe(api);
  });

  test("use the host driver root of the EKS AMI", () => {
    expect(draDriverReleases(onlyG6)[0].values.nvidiaDriverRoot).toBe("/");
  });

  test("with DRA G6 nodes only, one GPU release and no ComputeDomain release", () => {
    const releases = draDriverReleases(onlyG6);
    expect(releases.map((r) => [r.name, r.values.resources])).toEqual([
      ["nvidia-dra-gpus", { gpus: { enabled: true }, computeDomains: { enabled: false } }],
    ]);
    expect(releases[0].values.gpuResourcesEnabledOverride).toBe(true);
  });

  test("with a P6e ComputeDomain group, a ComputeDomain release with GPUs off", () => {
    const release = draDriverReleases(everyKind).find((r) => r.capability === "computeDomains");
    expect(release?.values.resources).toEqual({
      gpus: { enabled: false },
      computeDomains: { enabled: true },
    });
    expect(release?.values.gpuResourcesEnabledOverride).toBeUndefined();
  });

  test("with no GPU group, no DRA release", () => {
    expect(draDriverReleases(resolve({}))).toEqual([]);
  });

  test("the controller runs on system nodes", () => {
    expect(draDriverReleases(onlyG6)[0].values.controller.nodeSelector).toEqual({
      [LABELS.role]: "system",
    });
  });
});

describe("feature gates", () => {
  test("time-slicing turns on TimeSlicingSettings", () => {
    expect(resolve({ nvidia: { gpuSharing: ["TimeSlicing"] } }).nvidia.featureGates).toEqual({
      TimeSlicingSettings: true,
    });
  });

  test("MPS turns on MPSSupport", () => {
    expect(resolve({ nvidia: { gpuSharing: ["MPS"] } }).nvidia.featureGates).toEqual({
      MPSSupport: true,
    });
  });

  test("no sharing sets no gate", () => {
    expect(resolve({}).nvidia.featureGates).toEqual({});
  });

  test("reach the DRA driver values", () => {
    expect(draDriverReleases(everyKind)[0].values.featureGates).toEqual({
      TimeSlicingSettings: true,
      MPSSupport: true,
    });
  });
});

describe("GPU ownership", () => {
  test.each(allEnvironments.map((env, i) => [`${env.name}#${i}`, env] as const))(
    "in %s no node group runs both the device plugin and the DRA GPU plugin",
    (_name, env) => {
      for (const owner of gpuOwnership(env)) {
        expect([owner.nodeGroup, owner.devicePlugin && owner.draGpuPlugin]).toEqual([
          owner.nodeGroup,
          false,
        ]);
        expect([owner.nodeGroup, owner.devicePlugin || owner.draGpuPlugin]).toEqual([
          owner.nodeGroup,
          true,
        ]);
      }
    },
  );

  test("the P6e group keeps GPUs on the device plugin and gets only the ComputeDomain plugin", () => {
    expect(gpuOwnership(everyKind).find((o) => o.nodeGroup === "p6e")).toEqual({
      nodeGroup: "p6e",
      devicePlugin: true,
      draGpuPlugin: false,
      draComputeDomainPlugin: true,
    });
  });

  test("on a MIG node the DRA GPU plugin waits until the MIG manager has applied the layout", () => {
    const booting = gpuOwnership(everyKind, gpuNodeLabels).find((o) => o.nodeGroup === "p4d");
    const running = gpuOwnership(everyKind).find((o) => o.nodeGroup === "p4d");
    expect([booting?.draGpuPlugin, running?.draGpuPlugin]).toEqual([false, true]);
  });

  test("the check sees an overlap when a DRA node lacks the device-plugin opt-out label", () => {
    const withoutOptOut = gpuOwnership(everyKind, (group) => ({
      [LABELS.gpuAllocation]: group.allocation,
    }));
    expect(withoutOptOut.find((o) => o.nodeGroup === "g6")).toMatchObject({
      devicePlugin: true,
      draGpuPlugin: true,
    });
  });
});

describe("rendered Helm values", () => {
  test.each(allEnvironments.map((env, i) => [`${env.name}#${i}`, env] as const))(
    "in %s set only keys the pinned charts have",
    (_name, env) => {
      expect(unknownKeyPaths(gpuOperatorValues(env), gpuOperatorKeys)).toEqual([]);
      for (const release of draDriverReleases(env)) {
        expect(unknownKeyPaths(release.values, draDriverKeys)).toEqual([]);
      }
    },
  );

  test("the key check catches a key the chart does not have", () => {
    expect(unknownKeyPaths({ devicePlugin: { enabeld: true } }, gpuOperatorKeys)).toEqual([
      "devicePlugin.enabeld",
    ]);
  });

  test("every values document in every platform stack parses without duplicate keys", () => {
    const stacks = synthAll([testEnvironment({ gpuNodeGroups: [g6, p4d, p6e] })]);
    const releases = Object.values(resources(stacks["test-platform"], "helm_release"));
    expect(releases).toHaveLength(3);
    for (const release of releases) {
      for (const document of release.values) expect(() => parseYamlStrict(document)).not.toThrow();
    }
  });

  test("the duplicate-key check rejects a repeated key", () => {
    expect(() =>
      parseYamlStrict("daemonsets:\n  tolerations: []\ndaemonsets:\n  nodeSelector: {}\n"),
    ).toThrow(/Map keys must be unique/);
  });
});

describe("platform stack", () => {
  const stack: SynthJson = synthAll([testEnvironment({ gpuNodeGroups: [g6, p6e] })])[
    "test-platform"
  ];
  const releases = resources(stack, "helm_release");
  const release = (name: string) =>
    Object.values(releases).find((r) => r.name === name) as SynthJson;

  test("installs the pinned charts from their repositories", () => {
    expect(
      [release("gpu-operator"), release("nvidia-dra-gpus")].map((r) => [
        r.repository,
        r.chart,
        r.version,
      ]),
    ).toEqual([
      ["https://helm.ngc.nvidia.com/nvidia", "gpu-operator", "v26.7.0"],
      ["oci://registry.k8s.io/dra-driver-nvidia/charts", "dra-driver-nvidia-gpu", "0.4.1"],
    ]);
  });

  test("makes apply predictable: namespace, wait, atomic rollback, timeout", () => {
    for (const r of Object.values(releases)) {
      expect(r).toMatchObject({
        create_namespace: true,
        wait: true,
        atomic: true,
        cleanup_on_fail: true,
        timeout: 900,
      });
    }
  });

  test("installs the DRA driver after the GPU Operator", () => {
    const operator = address(stack, "helm_release", "gpu-operator");
    expect(release("nvidia-dra-gpus").depends_on).toEqual([operator]);
    expect(release("nvidia-dra-compute-domains").depends_on).toEqual([operator]);
  });

  test("authenticates to the cluster with a token from aws eks get-token", () => {
    expect(stack.provider.helm[0].kubernetes.exec).toEqual({
      api_version: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", "gpu-test", "--region", "us-east-1"],
    });
  });

  test("depends on the cluster stack so deploy applies it second", () => {
    const app = Testing.app();
    const stacks = addBlueprint(app, [resolve({})]).get("test");
    expect(stacks?.platform.dependencies).toEqual([stacks?.cluster]);
  });
});

describe("chart versions", () => {
  test("a chart version outside the tested list with the override flag", () => {
    const env = resolve({
      nvidia: { draDriver: { version: "0.5.0", allowUntestedVersion: true } },
    });
    expect(env.nvidia.draDriver.version).toBe("0.5.0");
  });
});
