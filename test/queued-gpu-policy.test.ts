import { queuedGpuPolicy } from "../lib/queueing/admission-policy";
import { TEAM_LABEL } from "../lib/queueing/queue-objects";
import { renderExamples } from "../lib/examples/render";
import { renderQueuedExamples } from "../lib/examples/queued";
import { renderGangExamples } from "../lib/examples/gang";
import { loadEnvironments } from "../config/environments";
import { resolveEnvironments } from "../lib/resolve-environments";
import { denials } from "./support/admission-policy";

const [policy] = queuedGpuPolicy() as unknown as [
  { spec: { validations: []; matchConstraints: { namespaceSelector: unknown } } },
];
const [volcanoPolicy] = queuedGpuPolicy(["volcano"]) as unknown as [typeof policy];
const POD = { group: "", kind: "Pod" };
const DEPLOYMENT = { group: "apps", kind: "Deployment" };

const gpuPod = (extra: object = {}, spec: object = {}) => ({
  metadata: { name: "p", ...extra },
  spec: {
    resourceClaims: [{ name: "gpu", resourceClaimTemplateName: "single-gpu" }],
    containers: [{ name: "c", resources: { claims: [{ name: "gpu" }] } }],
    ...spec,
  },
});

describe("GPU work in team namespaces goes through the queues", () => {
  test("the policy applies to namespaces with the team label only", () => {
    expect(policy.spec.matchConstraints.namespaceSelector).toEqual({
      matchExpressions: [{ key: TEAM_LABEL, operator: "Exists" }],
    });
  });

  test("refuses a bare pod with a ResourceClaim, saying to submit a Job", () => {
    expect(denials(policy, POD, gpuPod())).toEqual([
      expect.stringContaining("a bare Pod that claims a GPU in a team namespace would run outside"),
    ]);
  });

  test("refuses a bare pod that asks the device plugin for nvidia.com/gpu", () => {
    const pod = {
      metadata: { name: "p" },
      spec: { containers: [{ name: "c", resources: { limits: { "nvidia.com/gpu": "1" } } }] },
    };
    expect(denials(policy, POD, pod)).toHaveLength(1);
  });

  test("admits the pods a Job creates, which carry their owner", () => {
    const owned = gpuPod({ ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "j" }] });
    expect(denials(policy, POD, owned)).toEqual([]);
  });

  test("admits a bare pod without GPUs", () => {
    expect(
      denials(policy, POD, { metadata: { name: "p" }, spec: { containers: [{ name: "c" }] } }),
    ).toEqual([]);
  });

  test("admits a bare GPU pod for Volcano, which queues it itself, only where Volcano runs", () => {
    const forVolcano = gpuPod({}, { schedulerName: "volcano" });
    expect([
      denials(volcanoPolicy, POD, forVolcano),
      denials(policy, POD, forVolcano).length,
    ]).toEqual([[], 1]);
  });

  test("refuses a Deployment whose pods claim GPUs, naming its kind", () => {
    const deployment = { metadata: { name: "d" }, spec: { template: gpuPod() } };
    expect(denials(policy, DEPLOYMENT, deployment)).toEqual([
      "a Deployment that claims GPUs in a team namespace would run outside the team's GPU quota (Kueue " +
        "queues only batch/v1 Jobs here); run it as a Job, or in a namespace of its own on devices the quota " +
        "split leaves out",
    ]);
  });

  test("admits the pods that the lab examples' Jobs and Volcano Jobs create in team namespaces", () => {
    const lab = resolveEnvironments(loadEnvironments({})).find((e) => e.name === "lab")!;
    const objects = [
      ...renderExamples(lab),
      ...renderQueuedExamples(lab),
      ...renderGangExamples(lab),
    ].flatMap((e) => e.objects);
    const teamNamespaces = new Set(
      objects
        .filter((o) => o.kind === "Namespace" && o.metadata.labels?.[TEAM_LABEL])
        .map((o) => o.metadata.name),
    );
    type Template = { metadata?: object; spec: object };
    const templates = (o: (typeof objects)[number]): Template[] => {
      const spec = o.spec as { template?: Template; tasks?: { template: Template }[] };
      return spec.tasks
        ? spec.tasks.map((task) => task.template)
        : spec.template
          ? [spec.template]
          : [];
    };
    // What the Job and Volcano Job controllers create: the template, owned by its Job.
    const pods = objects
      .filter((o) => teamNamespaces.has(o.metadata.namespace ?? "") && o.kind === "Job")
      .flatMap((o) =>
        templates(o).map((template) => ({
          metadata: {
            ...template.metadata,
            ownerReferences: [{ apiVersion: o.apiVersion, kind: o.kind }],
          },
          spec: template.spec,
        })),
      );
    const refused = pods.flatMap((pod) => denials(volcanoPolicy, POD, pod));
    expect([pods.length >= 2, refused]).toEqual([true, []]);
  });
});
