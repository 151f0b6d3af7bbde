/**
 * KEDA: chart key fixture test/fixtures/charts/keda-2.20.2.keys.json, generated with
 * scripts/chart-keys.ts from kedacore/charts tag v2.20.2 keda/values.yaml.
 */
import kedaKeys from "./fixtures/charts/keda-2.20.2.keys.json";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { unknownKeyPaths } from "../lib/helm/chart-keys";
import { KEDA_CHART } from "../lib/keda/release";
import { kedaValues } from "../lib/keda/values";
import { prometheusServerAddress } from "../lib/monitoring/release";
import { placement, placementProblems, renderPlatform } from "../lib/nvidia/placement";
import { kedaDeployments } from "../lib/nvidia/system-deployments";
import { resolveEnvironments } from "../lib/resolve-environments";
import { parseYamlStrict } from "../lib/yaml";
import { address, resources, synthAll, testEnvironment, G6, P6E, problemsOrNone } from "./helpers";

const resolve = (overrides: Partial<EnvironmentConfig>): ResolvedEnvironment =>
  resolveEnvironments([testEnvironment(overrides)])[0];
const withKeda = resolve({ gpuNodeGroups: [G6, P6E], autoscaling: { keda: {} } });
const values = kedaValues();

describe("KEDA values", () => {
  test("set only keys the pinned chart has", () => {
    expect(kedaKeys.version).toBe(KEDA_CHART.version);
    expect(unknownKeyPaths(values, kedaKeys)).toEqual([]);
  });

  test("the key check catches a misspelt component key", () => {
    expect(unknownKeyPaths({ metricServer: { replicaCount: 2 } }, kedaKeys)).toEqual([
      "metricServer",
    ]);
  });

  test("the admission webhook never rejects a request when it is down, and answers fast", () => {
    expect([values.webhooks.failurePolicy, values.webhooks.timeoutSeconds]).toEqual(["Ignore", 5]);
  });

  test("the external metrics API keeps a server through a node drain", () => {
    expect(values.metricsServer.replicaCount).toBe(2);
    expect(values.podDisruptionBudget.metricServer).toEqual({ minAvailable: 1 });
    expect(values.topologySpreadConstraints.metricsServer[0]).toMatchObject({
      topologyKey: "kubernetes.io/hostname",
      whenUnsatisfiable: "DoNotSchedule",
      labelSelector: { matchLabels: { app: "keda-operator-metrics-apiserver" } },
    });
  });

  test("the operator may mint no service-account token (no trigger needs one, so 2.21's audience rule has nothing to apply to)", () => {
    expect(values.permissions.operator.restrict).toEqual({
      serviceAccountTokenCreationRoles: [],
      allowAllServiceAccountTokenCreation: false,
    });
  });

  test("the Prometheus address is the kube-prometheus-stack Service the blueprint deploys", () => {
    expect(prometheusServerAddress()).toBe(
      "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
    );
  });
});

describe("KEDA placement", () => {
  test("every KEDA component lands on the system nodes and on no GPU node group", () => {
    const result = placement(withKeda).deployments;
    expect(result.map((d) => [d.deployment.name, d.onSystemNodes, d.gpuNodeGroups])).toEqual([
      ["keda/keda-operator", true, []],
      ["keda/keda-operator-metrics-apiserver", true, []],
      ["keda/keda-admission-webhooks", true, []],
    ]);
  });

  test("the chart's own linux selector is part of the model", () => {
    for (const d of kedaDeployments())
      expect(d.nodeSelector).toEqual({
        "kubernetes.io/os": "linux",
        "eks-gpu-dra.blueprint/role": "system",
      });
  });

  test("a component without the system selector is refused: it could land on GPU nodes it tolerates", () => {
    const loose = kedaDeployments({
      ...values,
      operator: {
        ...values.operator,
        nodeSelector: {},
        tolerations: [{ key: "", operator: "Exists" }],
      },
    });
    expect(
      placementProblems(withKeda, "environments.test", renderPlatform(withKeda), loose),
    ).toEqual([
      "environments.test.gpuNodeGroups: keda/keda-operator could run on the nodes of g6, p6e, where GPU " +
        "scale-down and Spot reclaims would take it away; it must select the system nodes only",
    ]);
  });

  test("environments without KEDA have no KEDA pods to place", () => {
    expect(placement(resolve({ gpuNodeGroups: [G6] })).deployments).toEqual([]);
  });
});

describe("KEDA in the platform stack", () => {
  const stack = synthAll([
    testEnvironment({ kubernetesVersion: "1.34", gpuNodeGroups: [G6], autoscaling: { keda: {} } }),
  ])["test-platform"];
  const release = Object.values(resources(stack, "helm_release")).find((r) => r.name === "keda");

  test("is installed at the pinned chart after kube-prometheus-stack", () => {
    expect(release).toMatchObject({
      chart: "keda",
      version: "2.20.2",
      repository: "https://kedacore.github.io/charts",
      namespace: "keda",
      depends_on: [address(stack, "helm_release", "kube-prometheus-stack")],
    });
  });

  test("the values document parses without duplicate keys and is the rendered values", () => {
    const [document] = release?.values ?? [];
    expect(parseYamlStrict(document)).toEqual([values]);
  });

  test("is not installed unless the environment asks for it", () => {
    const plain = synthAll([testEnvironment({ gpuNodeGroups: [G6] })])["test-platform"];
    expect(Object.values(resources(plain, "helm_release")).map((r) => r.name)).not.toContain(
      "keda",
    );
  });

  test("an untested chart version is refused unless acknowledged", () => {
    expect(problemsOrNone({ autoscaling: { keda: { chart: { version: "2.21.0" } } } })).toEqual([
      'environments.test.autoscaling.keda.chart.version "2.21.0" is not a version the blueprint\'s values were ' +
        "checked against (2.20.2): chart keys move between releases and Helm ignores unknown ones; use a tested " +
        "version, or set allowUntestedVersion: true after checking the chart's values.yaml",
    ]);
  });
});
