/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Which namespaces Kueue's webhooks cover, derived from the pinned chart's webhook configuration
 * (test/fixtures/charts/kueue-0.19.2.webhooks.json, scripts/kueue-webhooks.ts) and the Configuration
 * the blueprint renders; and that Kueue is installed after every release whose pods it must not block.
 */
import webhookFacts from "./fixtures/charts/kueue-0.19.2.webhooks.json";
import { queuedReferenceEnvironment } from "../config/reference-environment";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { renderExamples } from "../lib/examples/render";
import { renderQueuedExamples } from "../lib/examples/queued";
import { MONITORING_NAMESPACE } from "../lib/monitoring/release";
import {
  DEVICE_PLUGIN_NAMESPACE,
  DRA_DRIVER_NAMESPACE,
  GPU_OPERATOR_NAMESPACE,
} from "../lib/nvidia/charts";
import { KUEUE_NAMESPACE } from "../lib/queueing/chart";
import { kueueValues } from "../lib/queueing/kueue-values";
import { CHART_DEFAULT_CONFIGURATION } from "../lib/queueing/manager-config";
import { queueObjects } from "../lib/queueing/queue-objects";
import { parseYamlStrict } from "../lib/yaml";
import { G6, P4D, resources, synthAll, testEnvironment, type SynthJson } from "./helpers";
import { selects, type LabelSelector } from "./support/label-selector";

interface RenderedWebhook {
  readonly name: string;
  readonly failurePolicy: "Fail" | "Ignore";
  /** undefined: the webhook has no namespaceSelector and sees every namespace. */
  readonly namespaceSelector?: LabelSelector;
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
}

/** The chart's webhooks as Helm renders them with this Configuration in `kueue-system`. */
function renderWebhooks(configuration: any): RenderedWebhook[] {
  return webhookFacts.webhooks.map((w) => {
    const policy = w.failurePolicy as string | { failWhenFramework: string };
    const failurePolicy =
      typeof policy === "string"
        ? (policy as "Fail" | "Ignore")
        : configuration.integrations.frameworks.includes(policy.failWhenFramework)
          ? "Fail"
          : "Ignore";
    const selector = w.namespaceSelector as { from: string; whenUnsetExcludes?: string[] };
    const namespaceSelector: LabelSelector | undefined =
      selector.from === "none"
        ? undefined
        : (configuration.managedJobsNamespaceSelector ?? {
            matchExpressions: [
              {
                key: "kubernetes.io/metadata.name",
                operator: "NotIn",
                values: selector.whenUnsetExcludes!.map((n) =>
                  n === "<release namespace>" ? KUEUE_NAMESPACE : n,
                ),
              },
            ],
          });
    return {
      name: w.name,
      failurePolicy,
      ...(namespaceSelector ? { namespaceSelector } : {}),
      apiGroups: w.rules.flatMap((r) => r.apiGroups),
      resources: w.rules.flatMap((r) => r.resources),
    };
  });
}

/** A namespace as the API server labels it, plus the labels the blueprint sets. */
const namespace = (name: string, labels: Record<string, string> = {}) => ({
  name,
  labels: { "kubernetes.io/metadata.name": name, ...labels },
});

/**
 * API groups of built-in kinds. The chart's other job webhooks are for CRDs (Ray, Kubeflow, JobSet)
 * the blueprint does not install, so no request ever reaches them.
 */
const BUILT_IN_GROUPS = ["", "apps", "batch"];

/** Webhooks that refuse requests for built-in kinds in the namespace while Kueue is down. */
function blockingWebhooks(
  webhooks: readonly RenderedWebhook[],
  ns: { labels: Record<string, string> },
): string[] {
  return webhooks
    .filter((w) => w.failurePolicy === "Fail")
    .filter((w) => w.apiGroups.some((g) => BUILT_IN_GROUPS.includes(g)))
    .filter((w) => !w.namespaceSelector || selects(w.namespaceSelector, ns.labels))
    .map((w) => w.name);
}

const queuedEnv: ResolvedEnvironment = queuedReferenceEnvironment();
const configuration = parseYamlStrict(
  kueueValues(queuedEnv).managerConfig.controllerManagerConfigYaml,
)[0] as any;
const webhooks = renderWebhooks(configuration);

const SYSTEM_NAMESPACES = [
  "kube-system",
  "kube-public",
  "default",
  KUEUE_NAMESPACE,
  MONITORING_NAMESPACE,
  GPU_OPERATOR_NAMESPACE,
  DRA_DRIVER_NAMESPACE,
  DEVICE_PLUGIN_NAMESPACE,
].map((name) => namespace(name));

describe("Kueue's webhooks", () => {
  test("the fixture holds the chart's job and pod webhooks", () => {
    expect(webhooks.map((w) => w.name)).toEqual(
      expect.arrayContaining(["mjob.kb.io", "vjob.kb.io", "mpod.kb.io", "vpod.kb.io"]),
    );
  });

  test.each(SYSTEM_NAMESPACES.map((ns) => [ns.name, ns]))(
    "none can refuse a request in %s while Kueue is down",
    (_name, ns) => {
      expect(blockingWebhooks(webhooks, ns)).toEqual([]);
    },
  );

  test("none can refuse a request in a namespace of a non-queued example", () => {
    for (const example of renderExamples(queuedEnv)) {
      const [ns] = example.objects;
      expect([
        ns.metadata.name,
        blockingWebhooks(webhooks, namespace(ns.metadata.name, ns.metadata.labels)),
      ]).toEqual([ns.metadata.name, []]);
    }
  });

  test("in every team namespace, the Job webhooks and only they are mandatory", () => {
    const teamNamespaces = [
      ...queueObjects(queuedEnv).namespaces,
      ...renderQueuedExamples(queuedEnv).map((e) => e.objects[0]),
    ];
    expect(teamNamespaces.length).toBeGreaterThan(2);
    for (const ns of teamNamespaces)
      expect([
        ns.metadata.name,
        blockingWebhooks(webhooks, namespace(ns.metadata.name, ns.metadata.labels)).sort(),
      ]).toEqual([ns.metadata.name, ["mjob.kb.io", "vjob.kb.io"]]);
  });

  test("pod, deployment and statefulset webhooks are optional everywhere", () => {
    const podBased = webhooks.filter((w) =>
      ["pods", "deployments", "statefulsets"].some((r) => w.resources.includes(r)),
    );
    expect(podBased.map((w) => [w.name, w.failurePolicy])).toEqual(
      podBased.map((w) => [w.name, "Ignore"]),
    );
  });

  test("the chart's default configuration would block pods in the monitoring namespace", () => {
    const defaults = renderWebhooks(CHART_DEFAULT_CONFIGURATION);
    expect(blockingWebhooks(defaults, namespace(MONITORING_NAMESPACE))).toEqual(
      expect.arrayContaining(["mpod.kb.io", "mjob.kb.io", "mdeployment.kb.io"]),
    );
  });
});

describe("install order", () => {
  const config: EnvironmentConfig = testEnvironment({
    kubernetesVersion: "1.35",
    gpuNodeGroups: [G6, P4D],
    queueing: { teams: [{ name: "research" }] },
  });
  const releases = Object.entries(
    resources(synthAll([config])["test-platform"], "helm_release"),
  ) as [string, SynthJson][];
  const kueue = releases.find(([, r]) => r.name === "kueue")!;

  test("Kueue is installed after every other release of the platform stack", () => {
    const others = releases
      .filter(([, r]) => r.name !== "kueue")
      .map(([id]) => `helm_release.${id}`);
    expect(others.length).toBeGreaterThan(3);
    expect([...kueue[1].depends_on].sort()).toEqual(others.sort());
  });

  test("no other release waits for Kueue", () => {
    for (const [, release] of releases)
      expect(release.depends_on ?? []).not.toContain(`helm_release.${kueue[0]}`);
  });
});
