import { loadEnvironments } from "../config/environments";
import {
  SUPPORTED_KUBERNETES_VERSIONS,
  isSupportedKubernetesVersion,
} from "../lib/cluster/versions";
import {
  COMPONENTS,
  KUEUE_0_20_REMOVED_GATES,
  unsupportedComponents,
} from "../lib/compat/components";
import { kueueValues } from "../lib/queueing/kueue-values";
import { featureSupport, supports } from "../lib/compat/features";
import { KUBERNETES_MINOR_NAMES, compareVersions } from "../lib/compat/kubernetes";
import { DRA_DRIVER_CHART, GPU_OPERATOR_CHART } from "../lib/nvidia/charts";
import { KUEUE_CHART } from "../lib/queueing/chart";
import { resolveEnvironments } from "../lib/resolve-environments";
import { G6, P4D, problemsOrNone, testEnvironment } from "./helpers";

/** The newest known minor on which every pinned component is supported. */
const newestFullySupported = () =>
  [...KUBERNETES_MINOR_NAMES].reverse().find((m) => unsupportedComponents(m).length === 0);

describe("compatibility matrix", () => {
  test("accepts exactly the minors on which every pinned component is supported", () => {
    expect(SUPPORTED_KUBERNETES_VERSIONS).toEqual(
      KUBERNETES_MINOR_NAMES.filter((m) => unsupportedComponents(m).length === 0),
    );
  });

  test("refuses 1.37 for its missing Cluster Autoscaler image and the GPU Operator's validated range", () => {
    expect(unsupportedComponents("1.37")).toEqual(["gpuOperator", "clusterAutoscaler"]);
  });

  test("puts prod on the newest minor on which every pinned component is supported", () => {
    const prod = loadEnvironments({}).find((e) => e.name === "prod")!;
    expect(newestFullySupported()).toBe("1.36");
    expect(prod.kubernetesVersion).toBe(newestFullySupported());
  });

  test("keeps dev on 1.33 and lab on the GA path's newest minor", () => {
    const versions = Object.fromEntries(
      loadEnvironments({}).map((e) => [e.name, e.kubernetesVersion]),
    );
    expect(versions).toMatchObject({ dev: "1.33", lab: "1.36" });
  });

  test("gives the chart pins the matrix's versions", () => {
    expect([DRA_DRIVER_CHART.version, GPU_OPERATOR_CHART.version, KUEUE_CHART.version]).toEqual([
      COMPONENTS.draDriver.version,
      COMPONENTS.gpuOperator.version,
      COMPONENTS.kueue.version,
    ]);
  });

  test("names the newer releases that could not be read, each with an upgrade step", () => {
    const newer = Object.values(COMPONENTS).flatMap((c) => c.newer.map((n) => n.version));
    expect(newer).toEqual(["v26.7.1", "0.20.1", "1.37.x image", "0.19.4", "0.20.0"]);
  });

  test.each([
    ["draGpuAllocation", "1.33", "no"],
    ["draGpuAllocation", "1.34", "from-patch"],
    ["draGpuAllocation", "1.35", "yes"],
    ["autoscaledDraGroups", "1.34", "no"],
    ["autoscaledDraGroups", "1.35", "yes"],
    ["kueueDraQuotas", "1.34", "yes"],
    ["computeDomains", "1.33", "yes"],
    ["extendedResourceMapping", "1.35", "no"],
    ["extendedResourceMapping", "1.36", "beta"],
    ["extendedResourceMapping", "1.37", "yes"],
    ["partitionableDevices", "1.36", "yes"],
    ["consumableCapacity", "1.35", "no"],
    ["nodeadmGpuLabel", "1.34", "no"],
    ["nodeadmGpuLabel", "1.35", "yes"],
  ] as const)("%s on %s: %s", (feature, minor, support) => {
    expect(featureSupport(feature, minor)).toBe(support);
  });

  test("the Kueue configuration sets none of the gates 0.20 removes, so that upgrade is a pin change", () => {
    const lab = resolveEnvironments(loadEnvironments({})).find((e) => e.queueing)!;
    const gates = kueueValues({
      gpuNodeGroups: lab.gpuNodeGroups,
      queueing: lab.queueing!,
    }).controllerManager.featureGates.map((g) => g.name);
    expect(
      gates.filter((g) => (KUEUE_0_20_REMOVED_GATES as readonly string[]).includes(g)),
    ).toEqual([]);
    expect(gates).toEqual(["KueueDRAIntegration"]);
  });

  test("compares versions numerically", () => {
    expect(compareVersions("1.34.2", "1.34")).toBeGreaterThan(0);
    expect(compareVersions("1.9", "1.10")).toBeLessThan(0);
  });
});

describe("synth enforces the matrix", () => {
  const prodLike = (kubernetesVersion: string, overrides = {}) => ({
    production: true,
    kubernetesVersion,
    ...overrides,
  });
  const warningsOf = (env: ReturnType<typeof testEnvironment>) =>
    resolveEnvironments([env])[0].warnings;

  test("refuses DRA GPU allocation below 1.34.2 in production, naming setting, version and fix", () => {
    expect(problemsOrNone(prodLike("1.33", { gpuNodeGroups: [{ ...G6, maxSize: 1 }] }))).toContain(
      'environments.test.kubernetesVersion "1.33": gpuNodeGroups "g6" use allocation "dra", but DRA GPU allocation ' +
        "needs Kubernetes 1.34.2 or later (dra-driver-nvidia-gpu docs/prerequisites.md (0.4.1 and 0.5.0); EKS user " +
        "guide, DRA page): GPU allocation is outside the DRA driver's documented range, and DRA pods can stick in " +
        "ContainerCreating or Terminating (kubernetes/kubernetes#133920, why AWS recommends DRA on 1.34+). A " +
        'production environment is refused there; upgrade to kubernetesVersion "1.34" or later, one minor per step ' +
        '(docs/upgrades.md "Upgrading Kubernetes"), or set allocation "device-plugin" on those groups',
    );
  });

  test("refuses production node groups held on 1.33 behind a 1.34 control plane", () => {
    const problems = problemsOrNone(
      prodLike("1.34", {
        nodeGroupsKubernetesVersion: "1.33",
        gpuNodeGroups: [{ ...G6, maxSize: 1 }],
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^environments\.test\.nodeGroupsKubernetesVersion "1\.33": gpuNodeGroups "g6"/,
      ),
    ]);
    expect(problems[0]).toMatch(
      /; remove nodeGroupsKubernetesVersion so the node groups move to "1\.34" in the same apply, or set allocation "device-plugin" on those groups$/,
    );
  });

  test("refuses autoscaled DRA groups below 1.35 in production", () => {
    expect(problemsOrNone(prodLike("1.34", { gpuNodeGroups: [{ ...G6, maxSize: 3 }] }))).toEqual([
      expect.stringContaining(
        'environments.test.kubernetesVersion "1.34": the Cluster Autoscaler resizes the DRA groups "g6" (minSize ' +
          "below maxSize), but autoscaled DRA groups (Cluster Autoscaler) are production-ready only from Kubernetes 1.35",
      ),
    ]);
  });

  test("accepts a production DRA group of fixed size on 1.34", () => {
    expect(problemsOrNone(prodLike("1.34", { gpuNodeGroups: [{ ...G6, maxSize: 1 }] }))).toEqual(
      [],
    );
  });

  test("warns a non-production environment on 1.33 what breaks, and accepts it", () => {
    const warnings = warningsOf(
      testEnvironment({ kubernetesVersion: "1.33", gpuNodeGroups: [{ ...G6, maxSize: 3 }] }),
    );
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining("kubernetes/kubernetes#133920"),
        expect.stringContaining("are production-ready only from Kubernetes 1.35"),
        expect.stringContaining(
          'environments.test.kubernetesVersion "1.33" serves DRA as resource.k8s.io/v1beta1 and lacks: DRA GPU ' +
            "allocation (1.34.2+), autoscaled DRA groups (Cluster Autoscaler) (1.35+), Kueue DRA quotas (1.34+)",
        ),
      ]),
    );
  });

  test("warns nothing about DRA on 1.36", () => {
    expect(
      warningsOf(
        testEnvironment({ kubernetesVersion: "1.36", gpuNodeGroups: [{ ...G6, maxSize: 3 }] }),
      ),
    ).toEqual([]);
  });

  test("refuses 1.37 with the releases it waits for", () => {
    expect(problemsOrNone({ kubernetesVersion: "1.37" })).toEqual([
      expect.stringMatching(
        /^environments\.test\.kubernetesVersion "1\.37" is refused: NVIDIA GPU Operator v26\.7\.0 is documented for 1\.33-1\.36 only .*; no Cluster Autoscaler image of 1\.37 exists .*Use "1\.36" until every pinned component supports it/,
      ),
    ]);
    expect(isSupportedKubernetesVersion("1.37")).toBe(false);
  });

  test("refuses DynamicMIG below 1.36", () => {
    expect(
      problemsOrNone({
        kubernetesVersion: "1.35",
        nvidia: { draDriver: { featureGates: { DynamicMIG: true } } },
      }),
    ).toEqual([
      'environments.test.nvidia.draDriver.featureGates.DynamicMIG is true on kubernetesVersion "1.35", but DynamicMIG ' +
        "needs the Kubernetes gate DRAPartitionableDevices on the API server and scheduler, which EKS turns on only " +
        'from 1.36 (its default); upgrade to kubernetesVersion "1.36" or turn DynamicMIG off',
    ]);
  });

  test("refuses DynamicMIG beside a MIG layout", () => {
    expect(
      problemsOrNone({
        kubernetesVersion: "1.36",
        gpuNodeGroups: [P4D],
        nvidia: { draDriver: { featureGates: { DynamicMIG: true } } },
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\.test\.nvidia\.draDriver\.featureGates\.DynamicMIG is true beside the MIG layouts of gpuNodeGroups "p4d"/,
      ),
    ]);
  });

  test("accepts DynamicMIG on 1.36 without MIG layouts", () => {
    expect(
      problemsOrNone({
        kubernetesVersion: "1.36",
        gpuNodeGroups: [G6],
        nvidia: { draDriver: { featureGates: { DynamicMIG: true } } },
      }),
    ).toEqual([]);
  });

  test.each([
    "ContextualLogging",
    "LoggingAlphaOptions",
    "LoggingBetaOptions",
    "ConsumableShares",
    "HostManagedIMEXDaemon",
    "FabricManagerPartitioning",
    "DRAListTypeAttributes",
  ])("accepts the DRA driver 0.5.0 gate %s", (gate) => {
    expect(
      problemsOrNone({
        kubernetesVersion: "1.36",
        nvidia: { draDriver: { featureGates: { [gate]: true } } },
      }),
    ).toEqual([]);
  });

  test("supports() agrees with the accepted range for DRA GPU allocation", () => {
    expect(SUPPORTED_KUBERNETES_VERSIONS.filter((v) => supports("draGpuAllocation", v))).toEqual([
      "1.34",
      "1.35",
      "1.36",
    ]);
  });
});
