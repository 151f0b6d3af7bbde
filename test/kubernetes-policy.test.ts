/**
 * The Kubernetes rules over the rendered examples: every finding has a written waiver, every
 * waiver covers a finding, and each rule fires on the object that breaks it.
 */
import { loadEnvironments } from "../config/environments";
import { queuedReferenceEnvironment, referenceEnvironment } from "../config/reference-environment";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../lib/cluster/versions";
import { hardenExample, IMAGES } from "../lib/examples/hardening";
import { renderQueuedExamples } from "../lib/examples/queued";
import { renderExamples } from "../lib/examples/render";
import { imageWaivers, judgedFindings, unwaivedProblems } from "../lib/examples/waivers";
import {
  kubernetesFindings,
  KUBERNETES_RULES,
  type KubernetesRuleId,
} from "../lib/policy/kubernetes-rules";
import { resolveEnvironments } from "../lib/resolve-environments";

/* eslint-disable @typescript-eslint/no-explicit-any */
const reference = referenceEnvironment();
const everyRendering = [
  ...SUPPORTED_KUBERNETES_VERSIONS.map((minor) => ({ ...reference, kubernetesVersion: minor })),
  ...resolveEnvironments(loadEnvironments({})),
].flatMap((env) => renderExamples(env));
const queued = renderQueuedExamples(queuedReferenceEnvironment());
const shipped = [...everyRendering, ...queued];

describe("the examples as they ship", () => {
  test.each(shipped.map((e) => [e.name, e] as const))(
    "%s has no finding without a written waiver",
    (_, example) => {
      expect(unwaivedProblems(example)).toEqual([]);
    },
  );

  test("every image waiver covers a finding of some example", () => {
    const used = new Set(
      shipped.flatMap((e) =>
        judgedFindings(e).flatMap(({ waiver }) =>
          waiver ? [`${waiver.rule} ${waiver.image}`] : [],
        ),
      ),
    );
    const written = Object.values(IMAGES)
      .flatMap(imageWaivers)
      .map((w) => `${w.rule} ${w.image}`);
    expect(written.filter((w) => !used.has(w))).toEqual([]);
  });

  test("keep only the findings their images cause: digest and root user", () => {
    const rules = new Set(shipped.flatMap((e) => kubernetesFindings(e.objects).map((f) => f.rule)));
    expect([...rules].sort()).toEqual(["K8S_IMAGE_DIGEST", "K8S_NON_ROOT"]);
  });
});

/** A hardened Deployment with probes, a digest and a high UID: it breaks no rule. */
function clean(): any[] {
  const objects = hardenExample([
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "server", namespace: "app" },
      spec: {
        template: {
          metadata: { labels: { app: "server" } },
          spec: {
            securityContext: { runAsUser: 10001 },
            containers: [
              {
                name: "main",
                image: "registry.example.com/server:1.0@sha256:" + "0".repeat(64),
                livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
                readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
              },
            ],
          },
        },
      },
    },
  ]);
  return JSON.parse(JSON.stringify(objects));
}
const deployment = (objects: any[]) => objects.find((o) => o.kind === "Deployment");
const podSpec = (objects: any[]) => deployment(objects).spec.template.spec;
const main = (objects: any[]) => podSpec(objects).containers[0];

describe("each Kubernetes rule fires on the object that breaks it", () => {
  test("a clean, hardened Deployment breaks none", () => {
    expect(kubernetesFindings(clean())).toEqual([]);
  });

  const cases: [KubernetesRuleId, (objects: any[]) => void][] = [
    ["K8S_IMAGE_DIGEST", (o) => (main(o).image = "registry.example.com/server:1.0")],
    ["K8S_READ_ONLY_ROOT", (o) => (main(o).securityContext.readOnlyRootFilesystem = false)],
    ["K8S_NON_ROOT", (o) => (podSpec(o).securityContext.runAsUser = 1000)],
    ["K8S_PROBES", (o) => delete main(o).readinessProbe],
    [
      "K8S_NETWORK_POLICY",
      (o) =>
        o.splice(
          o.findIndex((x) => x.kind === "NetworkPolicy"),
          1,
        ),
    ],
    ["K8S_CONTAINER_PRIVILEGES", (o) => (main(o).securityContext.capabilities.add = ["NET_ADMIN"])],
    ["K8S_POD_ISOLATION", (o) => (podSpec(o).hostNetwork = true)],
    ["K8S_RESOURCES", (o) => delete main(o).resources.limits.memory],
    ["K8S_NAMESPACE", (o) => (deployment(o).metadata.namespace = "default")],
  ];

  test("every rule but the tag rule has a case (the tag rule has its own below)", () => {
    expect([...cases.map(([rule]) => rule), "K8S_IMAGE_TAG"].sort()).toEqual(
      Object.keys(KUBERNETES_RULES).sort(),
    );
  });

  test.each(cases)("%s", (rule, breakIt) => {
    const objects = clean();
    breakIt(objects);
    expect([...new Set(kubernetesFindings(objects).map((f) => f.rule))]).toContain(rule);
  });

  test("an image without digest or tag breaks K8S_IMAGE_TAG as well as K8S_IMAGE_DIGEST", () => {
    const objects = clean();
    main(objects).image = "registry.example.com/server";
    expect(kubernetesFindings(objects).map((f) => f.rule)).toEqual([
      "K8S_IMAGE_DIGEST",
      "K8S_IMAGE_TAG",
    ]);
  });

  test("a Job needs no probes: it runs to completion", () => {
    const objects = clean();
    delete main(objects).livenessProbe;
    delete main(objects).readinessProbe;
    Object.assign(deployment(objects), { apiVersion: "batch/v1", kind: "Job" });
    expect(kubernetesFindings(objects)).toEqual([]);
  });

  test("a NetworkPolicy of another namespace does not count", () => {
    const objects = clean();
    objects.find((o) => o.kind === "NetworkPolicy").metadata.namespace = "elsewhere";
    expect(kubernetesFindings(objects).map((f) => f.rule)).toEqual(["K8S_NETWORK_POLICY"]);
  });
});

describe("an example's own waivers", () => {
  const example = { name: "server", objects: clean() };

  test("a finding without one is reported with the rule, the Checkov IDs and how to waive it", () => {
    delete main(example.objects).readinessProbe;
    expect(unwaivedProblems(example)).toEqual([
      "example server: Deployment/app/server container main breaks K8S_PROBES (CKV_K8S_8, CKV_K8S_9): no liveness " +
        "and readiness probe on a long-running workload; containers of long-running workloads have liveness and " +
        "readiness probes (Jobs and CronJobs run to completion and need none). Fix the example (lib/examples), or " +
        'add { rule: "K8S_PROBES", reason, toPass } to the example\'s waivers',
    ]);
  });

  test("one covers the finding it names", () => {
    const waived = {
      ...example,
      waivers: [{ rule: "K8S_PROBES" as const, reason: "batch server", toPass: "add probes" }],
    };
    expect(unwaivedProblems(waived)).toEqual([]);
  });

  test("one that covers nothing is reported", () => {
    const stale = {
      name: "server",
      objects: clean(),
      waivers: [{ rule: "K8S_PROBES" as const, reason: "old", toPass: "-" }],
    };
    expect(unwaivedProblems(stale)).toEqual([
      "example server: its waiver for K8S_PROBES covers no finding; remove it",
    ]);
  });
});
