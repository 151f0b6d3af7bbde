import { Testing } from "cdktf";
import draDriverKeys from "./fixtures/charts/dra-driver-nvidia-gpu-0.5.0.keys.json";
import gpuOperatorKeys from "./fixtures/charts/gpu-operator-v26.7.0.keys.json";
import devicePluginKeys from "./fixtures/charts/nvidia-device-plugin-0.20.0.keys.json";
import efaKeys from "./fixtures/charts/aws-efa-k8s-device-plugin-v0.5.30.keys.json";
import devicePluginDefaults from "./fixtures/charts/nvidia-device-plugin-0.20.0.defaults.json";
import draDriverDefaults from "./fixtures/charts/dra-driver-nvidia-gpu-0.5.0.defaults.json";
import efaDefaults from "./fixtures/charts/aws-efa-k8s-device-plugin-v0.5.30.defaults.json";
import gpuOperatorDefaults from "./fixtures/charts/gpu-operator-v26.7.0.defaults.json";
import { EFA_DEVICE_PLUGIN_CHART, INSTANCE_TYPE_LABEL } from "../lib/efa/charts";
import { efaDevicePluginValues } from "../lib/efa/device-plugin-values";
import { KNOWN_GPU_INSTANCE_TYPES, gpuInstance, usesEfa } from "../lib/nodes/gpu-catalog";
import {
  CHART_SCHEDULING_DEFAULTS,
  DEVICE_PLUGIN_CHART,
  DRA_DRIVER_CHART,
  GPU_OPERATOR_CHART,
} from "../lib/nvidia/charts";
import { devicePluginValues } from "../lib/nvidia/device-plugin-values";
import { DRA_FEATURE_GATES, type DraFeatureGate } from "../lib/nvidia/feature-gates";
import { loadEnvironments } from "../config/environments";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import type { GpuNodeGroupConfig } from "../lib/nodes/settings";
import { unknownKeyPaths } from "../lib/helm/chart-keys";
import { draDriverReleases } from "../lib/nvidia/dra-driver-values";
import { gpuOperatorValues } from "../lib/nvidia/gpu-operator-values";
import { LABELS } from "../lib/nodes/labels";
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

  test("with only DRA G6 nodes, turn the MIG manager off", () => {
    expect(gpuOperatorValues(onlyG6).migManager).toEqual({ enabled: false });
  });

  test.each([
    ["only DRA G6 nodes", onlyG6],
    ["a P6e device-plugin group", everyKind],
  ])("with %s, keep the operator's device plugin off", (_name, env) => {
    expect(gpuOperatorValues(env).devicePlugin).toEqual({ enabled: false });
  });

  test("a mixed MIG layout on a DRA group gets the mixed MIG strategy", () => {
    const mixed = resolve({
      migLayouts: { "a100-40gb-mixed": { "3g.20gb": 1, "2g.10gb": 1, "1g.5gb": 2 } },
      gpuNodeGroups: [{ ...P4D, migLayout: "a100-40gb-mixed" }],
    });
    expect(gpuOperatorValues(mixed).mig).toEqual({ strategy: "mixed" });
  });

  test("without a MIG layout the strategy stays single", () => {
    expect(gpuOperatorValues(onlyG6).mig).toEqual({ strategy: "single" });
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

  test("the GPU kubelet plugin selects the label the MIG manager pauses it with", () => {
    const gpus = draDriverReleases(everyKind).find((r) => r.capability === "gpus");
    expect(gpus?.values.kubeletPlugin.nodeSelector).toEqual({
      "nvidia.com/gpu.deploy.client": "true",
    });
  });

  test("the controller runs on system nodes", () => {
    expect(draDriverReleases(onlyG6)[0].values.controller.nodeSelector).toEqual({
      [LABELS.role]: "system",
    });
  });
});

describe("standalone device plugin values", () => {
  test("with no device-plugin group, no release", () => {
    expect(devicePluginValues(onlyG6)).toBeUndefined();
  });

  test("select device-plugin groups and the MIG manager's client label, through the GPU taint", () => {
    expect(devicePluginValues(everyKind)).toMatchObject({
      nodeSelector: {
        [LABELS.gpuAllocation]: "device-plugin",
        "nvidia.com/gpu.deploy.client": "true",
      },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    });
  });

  test("leave feature discovery to the GPU Operator", () => {
    expect(devicePluginValues(everyKind)).toMatchObject({
      gfd: { enabled: false },
      nfd: { enabled: false },
    });
  });

  test("name MIG devices with the operator's strategy", () => {
    for (const env of [everyKind, resolve({ gpuNodeGroups: [p6e] })]) {
      expect(devicePluginValues(env)?.migStrategy).toBe(gpuOperatorValues(env).mig.strategy);
    }
  });
});

describe("EFA device plugin values", () => {
  test("with no EFA group, no release", () => {
    expect(efaDevicePluginValues(onlyG6.gpuNodeGroups)).toBeUndefined();
  });

  test("select the EFA groups' label and instance types, through the GPU taint", () => {
    expect(efaDevicePluginValues(everyKind.gpuNodeGroups)).toEqual({
      nodeSelector: { [LABELS.efa]: "true" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      supportedInstanceLabels: {
        keys: [INSTANCE_TYPE_LABEL],
        values: ["p4d.24xlarge", "p6e-gb200.36xlarge"],
      },
    });
  });

  test("every catalog instance type with EFA is one the chart supports", () => {
    const supported = efaDefaults.defaults.supportedInstanceLabels.values;
    const efaTypes = KNOWN_GPU_INSTANCE_TYPES.filter((t) => usesEfa(gpuInstance(t)));
    expect(efaTypes.filter((t) => !supported.includes(t))).toEqual([]);
    expect(efaDefaults.defaults.supportedInstanceLabels.keys).toEqual([INSTANCE_TYPE_LABEL]);
  });
});

describe("chart scheduling defaults the placement proof assumes", () => {
  test("match the NVIDIA device plugin chart", () => {
    expect(CHART_SCHEDULING_DEFAULTS.devicePlugin).toEqual(devicePluginDefaults.defaults);
  });

  test("match the DRA driver chart's kubelet plugin", () => {
    expect(CHART_SCHEDULING_DEFAULTS.draKubeletPlugin).toEqual({
      nodeSelector: draDriverDefaults.defaults["kubeletPlugin.nodeSelector"],
      affinity: draDriverDefaults.defaults["kubeletPlugin.affinity"],
      tolerations: draDriverDefaults.defaults["kubeletPlugin.tolerations"],
    });
  });

  test("match the GPU Operator chart", () => {
    expect(CHART_SCHEDULING_DEFAULTS.gpuOperator).toEqual({
      daemonsetsTolerations: gpuOperatorDefaults.defaults["daemonsets.tolerations"],
      nfdWorkerTolerations:
        gpuOperatorDefaults.defaults["node-feature-discovery.worker.tolerations"],
      migStrategy: gpuOperatorDefaults.defaults["mig.strategy"],
    });
  });

  test("the EFA chart tolerates nothing and selects nothing by default", () => {
    expect([efaDefaults.defaults.nodeSelector, efaDefaults.defaults.tolerations]).toEqual([{}, []]);
  });

  test("the fixtures are the pinned versions", () => {
    expect(
      [devicePluginDefaults, draDriverDefaults, efaDefaults, gpuOperatorDefaults].map(
        (f) => `${f.chart}@${f.version}`,
      ),
    ).toEqual(
      [DEVICE_PLUGIN_CHART, DRA_DRIVER_CHART, EFA_DEVICE_PLUGIN_CHART, GPU_OPERATOR_CHART].map(
        (c) => `${c.chart}@${c.version}`,
      ),
    );
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

  test("production ships without alpha gates", () => {
    const prod = allEnvironments.filter((e) => e.name === "prod");
    for (const env of prod) {
      const alpha = Object.entries(env.nvidia.featureGates).filter(
        ([gate, on]) => on && DRA_FEATURE_GATES[gate as DraFeatureGate].stage === "alpha",
      );
      expect(alpha).toEqual([]);
    }
    expect(prod).toHaveLength(2);
  });

  test("without declared sharing, the sharing examples are left out by default", () => {
    expect(resolve({ gpuNodeGroups: [g6] }).examples.include).toEqual(["basic"]);
  });

  test("dev declares the sharing its deployed examples use", () => {
    const dev = allEnvironments.find((e) => e.name === "dev");
    expect([dev?.examples.include, dev?.nvidia.featureGates]).toEqual([
      ["basic", "time-slicing", "mps"],
      { TimeSlicingSettings: true, MPSSupport: true },
    ]);
  });

  test("reach the DRA driver values", () => {
    expect(draDriverReleases(everyKind)[0].values.featureGates).toEqual({
      TimeSlicingSettings: true,
      MPSSupport: true,
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
      expect(unknownKeyPaths(devicePluginValues(env) ?? {}, devicePluginKeys)).toEqual([]);
      expect(unknownKeyPaths(efaDevicePluginValues(env.gpuNodeGroups) ?? {}, efaKeys)).toEqual([]);
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
    expect(releases.map((r) => r.name).sort()).toEqual([
      "aws-efa-k8s-device-plugin",
      "cluster-autoscaler",
      "gpu-operator",
      "kube-prometheus-stack",
      "nvidia-device-plugin",
      "nvidia-dra-compute-domains",
      "nvidia-dra-gpus",
    ]);
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
  const stack: SynthJson = synthAll([testEnvironment({ gpuNodeGroups: [g6, P4D, p6e] })])[
    "test-platform"
  ];
  const releases = resources(stack, "helm_release");
  const release = (name: string) =>
    Object.values(releases).find((r) => r.name === name) as SynthJson;

  test("installs the pinned charts from their repositories", () => {
    expect(
      [
        release("gpu-operator"),
        release("nvidia-dra-gpus"),
        release("nvidia-device-plugin"),
        release("aws-efa-k8s-device-plugin"),
      ].map((r) => [r.repository, r.chart, r.version]),
    ).toEqual([
      ["https://helm.ngc.nvidia.com/nvidia", "gpu-operator", "v26.7.0"],
      ["oci://registry.k8s.io/dra-driver-nvidia/charts", "dra-driver-nvidia-gpu", "0.5.0"],
      ["https://nvidia.github.io/k8s-device-plugin", "nvidia-device-plugin", "0.20.0"],
      ["https://aws.github.io/eks-charts", "aws-efa-k8s-device-plugin", "v0.5.30"],
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

  test("installs the device plugin after the GPU Operator, whose labels it selects", () => {
    const operator = address(stack, "helm_release", "gpu-operator");
    expect(release("nvidia-device-plugin").depends_on).toEqual([operator]);
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
