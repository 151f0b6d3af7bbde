/**
 * The inference example: its ScaledObject against KEDA 2.20.2's CRD (test/fixtures/crds, from
 * scripts/crd-schemas.ts), its query against the metrics the pinned DCGM exporter collects
 * (test/fixtures/dcgm-exporter/dcp-metrics-included-*.json, scripts/dcgm-metrics.ts) and the labels
 * it and the ServiceMonitor relabelling write (labels-*.json, scripts/dcgm-labels.ts), its
 * Deployment against the Kubernetes schemas of each minor.
 */
import Ajv from "ajv";
import exporter from "./fixtures/dcgm-exporter/dcp-metrics-included-4.5.3-4.8.2.json";
import exporterLabels from "./fixtures/dcgm-exporter/labels-4.5.3-4.8.2.json";
import kedaCrds from "./fixtures/crds/keda-2.20.2.schemas.json";
import { inferenceReferenceEnvironment } from "../config/reference-environment";
import type { KubernetesVersion } from "../lib/cluster/versions";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { SPOT_NOTICE_SECONDS, DRAIN_START_MARGIN_SECONDS } from "../lib/examples/inference";
import { WORKLOAD_THRESHOLDS, scaleDownTolerance } from "../lib/examples/inference-settings";
import { renderExamples, type Example, type KubeObject } from "../lib/examples/render";
import { dcgmExporterValues } from "../lib/nvidia/dcgm-exporter";
import { KEDA_CHART } from "../lib/keda/release";
import { resolveEnvironments } from "../lib/resolve-environments";
import { devicesHeldOutsideQueues } from "../lib/queueing/outside-queues";
import { G6, problemsOrNone, resources, synthAll, testEnvironment } from "./helpers";
import { crdSchema, strictCrdSchema } from "./support/crd-schema";
import { kubernetesValidator } from "./support/kubernetes-schemas";

/* eslint-disable @typescript-eslint/no-explicit-any */
const withInference = (overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig =>
  testEnvironment({
    kubernetesVersion: "1.36",
    gpuNodeGroups: [G6],
    autoscaling: { keda: {} },
    examples: { include: ["inference"] },
    ...overrides,
  });
const resolve = (config: EnvironmentConfig): ResolvedEnvironment =>
  resolveEnvironments([config])[0];
const inferenceOf = (env: ResolvedEnvironment): Example =>
  renderExamples(env).find((e) => e.name === "inference") as Example;
const ofKind = (e: Example, kind: string) => e.objects.find((o) => o.kind === kind) as KubeObject;
const reference = inferenceOf(inferenceReferenceEnvironment());
const scaledObject = ofKind(reference, "ScaledObject") as any;
const trigger = scaledObject.spec.triggers[0];

/** Every `metric{label op "value", ...}` selector of a PromQL expression. */
function selectors(query: string): { metric: string; labels: string[] }[] {
  return [...query.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)\{([^}]*)\}/g)].map(([, metric, body]) => ({
    metric,
    labels: [...body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)/g)].map(([, l]) => l),
  }));
}

describe("inference ScaledObject query", () => {
  const relabelled = dcgmExporterValues("1.36").serviceMonitor.relabelings.map(
    (r) => r.targetLabel,
  );
  const { labels } = exporterLabels;
  const producible = new Set([
    ...labels.gpu,
    ...labels.pod,
    ...labels.dra,
    ...labels.target,
    ...relabelled,
  ]);
  const metrics = exporter.metrics.map((m) => m.name);

  test("names only metrics the pinned exporter collects and labels it and the relabelling write", () => {
    const found = selectors(trigger.metadata.query);
    expect(found.length).toBeGreaterThan(0);
    for (const { metric, labels } of found) {
      expect([metric, metrics.includes(metric)]).toEqual([metric, true]);
      for (const label of labels) expect([label, producible.has(label)]).toEqual([label, true]);
    }
  });

  test("selects the Deployment's pods by the exporter's renamed pod labels and the DRA driver", () => {
    expect(selectors(trigger.metadata.query)[0].labels).toEqual([
      "exported_namespace",
      "exported_pod",
      "dra_driver_name",
    ]);
    expect(trigger.metadata.query).toContain('dra_driver_name="gpu.nvidia.com"');
  });

  test("the check catches a label the exporter never writes (the target's own pod label)", () => {
    const wrong = 'avg(DCGM_FI_DEV_GPU_UTIL{pod_name="x"})';
    expect(selectors(wrong)[0].labels.filter((l) => !producible.has(l))).toEqual(["pod_name"]);
  });

  test("queries the Prometheus the blueprint deploys, with no authentication to configure", () => {
    expect(trigger.metadata.serverAddress).toBe(
      "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
    );
    expect(trigger.authenticationRef).toBeUndefined();
  });

  test("a missing series is an error that triggers fallback, never a reading of 0%", () => {
    expect(trigger.metadata.ignoreNullValues).toBe("false");
    expect(scaledObject.spec.fallback).toEqual({
      failureThreshold: 3,
      replicas: 2,
      behavior: "currentReplicasIfHigher",
    });
  });
});

describe("inference thresholds per workload type", () => {
  test.each([
    ["real-time", 70, 30, "572m"],
    ["batch", 85, 40, "530m"],
    ["interactive", 60, 25, "584m"],
  ] as const)(
    "%s: up above %i%%, down below %i%% (HPA scale-down tolerance %s)",
    (workloadType, up, down, tolerance) => {
      const so = ofKind(
        inferenceOf(
          resolve(
            withInference({ examples: { include: ["inference"], inference: { workloadType } } }),
          ),
        ),
        "ScaledObject",
      ) as any;
      expect(WORKLOAD_THRESHOLDS[workloadType]).toEqual({ scaleUp: up, scaleDown: down });
      expect([
        so.spec.triggers[0].metadata.threshold,
        so.spec.triggers[0].metadata.activationThreshold,
      ]).toEqual([String(up), String(down)]);
      expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.tolerance).toBe(
        tolerance,
      );
    },
  );

  test("the tolerance puts the HPA's scale-down point at or just below the scale-down threshold", () => {
    for (const t of Object.values(WORKLOAD_THRESHOLDS)) {
      const point = t.scaleUp * (1 - parseInt(scaleDownTolerance(t), 10) / 1000);
      expect(point).toBeLessThanOrEqual(t.scaleDown);
      expect(point).toBeGreaterThan(t.scaleDown - 0.1);
    }
  });

  test("scales up at once and down slowly", () => {
    const { scaleUp, scaleDown } =
      scaledObject.spec.advanced.horizontalPodAutoscalerConfig.behavior;
    expect([scaleUp.stabilizationWindowSeconds, scaleUp.tolerance]).toEqual([0, 0]);
    expect(scaleDown.stabilizationWindowSeconds).toBe(600);
    expect(scaleDown.policies).toEqual([{ type: "Pods", value: 1, periodSeconds: 120 }]);
  });

  test("on 1.34 the tolerance is left out (the API server drops the alpha field) and the default 10% applies", () => {
    const so = ofKind(
      inferenceOf(resolve(withInference({ kubernetesVersion: "1.34" }))),
      "ScaledObject",
    ) as any;
    const behavior = so.spec.advanced.horizontalPodAutoscalerConfig.behavior;
    expect([behavior.scaleUp.tolerance, behavior.scaleDown.tolerance]).toEqual([
      undefined,
      undefined,
    ]);
  });

  test("bad thresholds and replica bounds are refused with the setting named", () => {
    expect(
      problemsOrNone({
        ...withInference(),
        examples: {
          include: ["inference"],
          inference: {
            workloadType: "bursty",
            thresholds: { scaleDown: 80 },
            minReplicas: 3,
            maxReplicas: 2,
          },
        },
      }),
    ).toEqual([
      'environments.test.examples.inference.workloadType "bursty" is not a workload type; use "real-time", "batch", "interactive"',
      "environments.test.examples.inference.thresholds scaleDown 80 is not below scaleUp 70: the fleet would add and " +
        "remove replicas at the same utilization and flap; set scaleDown below scaleUp",
      "environments.test.examples.inference minReplicas 3 and maxReplicas 2 are not valid: both must be whole numbers " +
        "of at least 1 with minReplicas <= maxReplicas (GPU utilization cannot wake a fleet from zero: no pod, no metric)",
      "environments.test.examples.inference.fallbackReplicas 2 is outside minReplicas 3 .. maxReplicas 2; choose a " +
        "whole number in that range",
    ]);
  });
});

describe("inference objects validate", () => {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    formats: { int32: true, int64: true, "date-time": true },
  });
  const validate = ajv.compile(
    strictCrdSchema(crdSchema("keda-2.20.2.schemas.json", "keda.sh/v1alpha1/ScaledObject")),
  );

  test("the ScaledObject against KEDA's CRD of the pinned release", () => {
    expect(kedaCrds.source).toContain(`v${KEDA_CHART.version}`);
    expect(Object.keys(kedaCrds.schemas)).toEqual([`${scaledObject.apiVersion}/ScaledObject`]);
    expect(validate(scaledObject) ? [] : validate.errors).toEqual([]);
  });

  test("the CRD check catches a fractional tolerance, which the API refuses", () => {
    const broken = structuredClone(scaledObject);
    broken.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.tolerance = 0.5714;
    expect(validate(broken)).toBe(false);
  });

  test.each([["1.34"], ["1.35"], ["1.36"]] as const)(
    "every object of the example is valid on Kubernetes %s",
    (version: KubernetesVersion) => {
      const example = inferenceOf(resolve(withInference({ kubernetesVersion: version })));
      const check = kubernetesValidator(version);
      for (const object of example.objects.filter((o) => o.kind !== "ScaledObject"))
        expect([object.kind, check(object)]).toEqual([object.kind, []]);
    },
  );

  test("on Kubernetes 1.33 the example is refused: the exporter cannot attribute DRA GPUs to pods there", () => {
    expect(problemsOrNone(withInference({ kubernetesVersion: "1.33" }))).toEqual([
      'environments.test.examples.include asks for "inference", whose ScaledObject scales on per-pod GPU utilization, ' +
        "which dcgm-exporter attributes to DRA pods only on Kubernetes 1.34 and later (the kubelet reports DRA devices " +
        'from 1.34), and environments.test.kubernetesVersion is "1.33"; upgrade the environment to 1.34 or later, or ' +
        "remove the example",
    ]);
  });

  test("without KEDA the example is refused", () => {
    expect(problemsOrNone(withInference({ autoscaling: {} }))).toEqual([
      'environments.test.examples.include asks for "inference", whose ScaledObject needs KEDA, which the environment ' +
        "does not install; set environments.test.autoscaling.keda (for example `keda: {}`), or remove the example",
    ]);
  });

  test("by default the example is included only where it can run", () => {
    const names = (config: EnvironmentConfig) =>
      resolve({ ...config, examples: {} }).examples.include.includes("inference");
    expect([
      names(withInference()),
      names(withInference({ kubernetesVersion: "1.33" })),
      names(withInference({ autoscaling: {} })),
    ]).toEqual([true, false, false]);
  });
});

describe("inference Deployment on a Spot notice", () => {
  const deployment = ofKind(reference, "Deployment") as any;
  const pod = deployment.spec.template.spec;

  test("the whole grace period, preStop drain included, fits the two-minute notice", () => {
    const sleep = pod.containers[0].lifecycle.preStop.sleep.seconds;
    expect(sleep).toBeLessThan(pod.terminationGracePeriodSeconds);
    expect(pod.terminationGracePeriodSeconds).toBeLessThanOrEqual(
      SPOT_NOTICE_SECONDS - DRAIN_START_MARGIN_SECONDS,
    );
  });

  test("each replica claims one whole GPU from a template (no sharing), and the HPA owns the replica count", () => {
    expect(pod.resourceClaims).toEqual([
      { name: "gpu", resourceClaimTemplateName: "inference-gpu" },
    ]);
    const template = ofKind(reference, "ResourceClaimTemplate") as any;
    expect(template.spec.spec.devices.requests[0].exactly).toEqual({
      deviceClassName: "gpu.nvidia.com",
      allocationMode: "ExactCount",
      count: 1,
    });
    expect(template.spec.spec.devices.config).toBeUndefined();
    expect(deployment.spec.replicas).toBeUndefined();
  });
});

describe("inference in the examples stack", () => {
  const stacks = synthAll([withInference()]);
  const manifests = resources(stacks["test-examples"], "kubernetes_manifest");
  const byKind = (kind: string) =>
    Object.entries(manifests).filter(([, m]) => m.manifest.kind === kind);

  test("applies the ScaledObject after the Deployment it scales, and the Deployment after its claim template", () => {
    const [[deploymentId, deployment]] = byKind("Deployment");
    const [[, scaler]] = byKind("ScaledObject");
    const [[templateId]] = byKind("ResourceClaimTemplate");
    expect(scaler.depends_on).toContain(`kubernetes_manifest.${deploymentId}`);
    expect(deployment.depends_on).toContain(`kubernetes_manifest.${templateId}`);
  });

  test("the platform stack of the same environment installs KEDA", () => {
    const names = Object.values(resources(stacks["test-platform"], "helm_release")).map(
      (r) => r.name,
    );
    expect(names).toContain("keda");
  });
});

describe("inference beside the GPU queues", () => {
  test("team quotas leave out the GPUs the example may scale to (maxReplicas) on every group it may land on: Spot and its on-demand fallback", () => {
    const held = devicesHeldOutsideQueues([reference], () => 1);
    expect(held).toEqual({ "g6-spot": 4, g6: 4 });
  });
});
