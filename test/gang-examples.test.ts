/* eslint-disable @typescript-eslint/no-explicit-any */
import {
  gangReferenceEnvironment,
  queuedReferenceEnvironment,
} from "../config/reference-environment";
import { renderGangExamples } from "../lib/examples/gang";
import type { Example, KubeObject } from "../lib/examples/render";
import { TEAM_LABEL } from "../lib/queueing/queue-objects";
import { volcanoObjects } from "../lib/volcano/queues";
import { volcanoVersions } from "../lib/volcano/resolve";
import { kubernetesValidator } from "./support/kubernetes-schemas";
import { volcanoCrdProblems } from "./support/volcano-crds";

const env = gangReferenceEnvironment();
const gangs = renderGangExamples(env);
const gang = (name: string) => gangs.find((e) => e.name === name) as Example;
const jobsOf = (e: Example): any[] =>
  [...e.objects, ...Object.values(e.extraManifests ?? {}).flat()].filter(
    (o) => o.apiVersion.startsWith("batch.volcano.sh/") && o.kind === "Job",
  );
const allJobs = gangs.flatMap(jobsOf);
const mainJob = (e: Example): any => e.objects.find((o) => o.kind === "Job");
const podSpec = (job: any) => job.spec.tasks[0].template.spec;
const queueOf = (team: string): any =>
  volcanoObjects(env)!.queues.find((q) => q.metadata.name === team)!.spec;

test("the reference environment renders both gang examples", () => {
  expect(gangs.map((e) => e.name)).toEqual(["gang-gpu", "gang-compute-domain"]);
});

test("an environment without Volcano renders none", () => {
  expect(renderGangExamples(queuedReferenceEnvironment())).toEqual([]);
});

test("every Volcano Job validates against the pinned Volcano CRD schema", () => {
  expect(allJobs.map((j) => [j.metadata.name, volcanoCrdProblems(j)])).toEqual(
    allJobs.map((j) => [j.metadata.name, []]),
  );
});

test("the CRD schema refuses a task field a Volcano Job does not have", () => {
  const job = allJobs[0];
  const broken = { ...job, spec: { ...job.spec, tasks: [{ ...job.spec.tasks[0], minMember: 2 }] } };
  expect(volcanoCrdProblems(broken)).toEqual(['/spec/tasks/0 has unknown field "minMember"']);
});

test.each(volcanoVersions())(
  "every pod template and Kubernetes object is valid for Kubernetes %s, with no unknown field",
  (minor) => {
    const validate = kubernetesValidator(minor);
    const rendered = renderGangExamples({ ...env, kubernetesVersion: minor });
    const objects: KubeObject[] = rendered.flatMap((e) => [
      ...e.objects.filter(
        // NetworkPolicies are not in the schema fixtures; the policy rules check them (lib/policy).
        (o) =>
          !o.apiVersion.includes(".volcano.sh/") &&
          o.kind !== "ComputeDomain" &&
          o.kind !== "NetworkPolicy",
      ),
      ...jobsOf(e).flatMap((job) =>
        job.spec.tasks.map((t: any) => ({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: `${job.metadata.name}-${t.name}`, ...t.template.metadata },
          spec: t.template.spec,
        })),
      ),
    ]);
    expect(objects.map((o) => [o.kind, o.metadata.name, validate(o)])).toEqual(
      objects.map((o) => [o.kind, o.metadata.name, []]),
    );
  },
);

test("each gang starts only when all its pods fit: minAvailable equals its replicas", () => {
  for (const job of allJobs)
    expect([job.metadata.name, job.spec.minAvailable]).toEqual([
      job.metadata.name,
      job.spec.tasks.reduce((n: number, t: any) => n + t.replicas, 0),
    ]);
});

test("each pod gets its own claim from a ResourceClaimTemplate, never a shared claim", () => {
  for (const job of allJobs)
    for (const claim of podSpec(job).resourceClaims)
      expect(Object.keys(claim).sort()).toEqual(["name", "resourceClaimTemplateName"]);
});

test("each gang runs in its namespace's team's Volcano Queue, as the one-admitter policy demands", () => {
  for (const e of gangs) {
    const ns = e.objects.find((o) => o.kind === "Namespace")!;
    for (const job of jobsOf(e)) expect(job.spec.queue).toBe(ns.metadata.labels![TEAM_LABEL]);
  }
});

test("each gang's pods spread over nodes of its node group, so the gang is multi-node", () => {
  for (const e of gangs) {
    const spec = podSpec(mainJob(e));
    expect(spec.nodeSelector).toEqual({ "eks-gpu-dra.blueprint/node-group": e.nodeGroup });
    expect(
      spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey,
    ).toBe("kubernetes.io/hostname");
  }
});

test("the DRA gang fits its team's Volcano quota, so it can start", () => {
  const e = gang("gang-gpu");
  const job = mainJob(e);
  const template = e.objects.find((o) => o.kind === "ResourceClaimTemplate") as any;
  const perPod = template.spec.spec.devices.requests[0].exactly.count;
  expect(perPod * job.spec.minAvailable).toBeLessThanOrEqual(
    Number(queueOf(job.spec.queue).capability["deviceclass/gpu.nvidia.com"]),
  );
});

test("the too-big gang needs one node more than its group can have, so it can never start", () => {
  for (const e of gangs) {
    const group = env.gpuNodeGroups.find((g) => g.name === e.nodeGroup)!;
    const [tooBig] = Object.values(e.extraManifests ?? {}).flat() as any[];
    expect(tooBig.spec.minAvailable).toBe(group.maxSize + 1);
  }
});

test("the P6e gang's pods share one ComputeDomain's channel template and one NVLink clique", () => {
  const e = gang("gang-compute-domain");
  const domain = e.objects.find((o) => o.kind === "ComputeDomain") as any;
  const spec = podSpec(mainJob(e));
  expect(spec.resourceClaims).toContainEqual({
    name: "imex",
    resourceClaimTemplateName: domain.spec.channel.resourceClaimTemplate.name,
  });
  expect(
    spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey,
  ).toBe("nvidia.com/gpu.clique");
});

test("the P6e gang takes whole device-plugin nodes and fits the team's quota of them", () => {
  const job = mainJob(gang("gang-compute-domain"));
  const limit = podSpec(job).containers[0].resources.limits["nvidia.com/gpu"];
  expect(limit).toBe(4);
  expect(limit * job.spec.minAvailable).toBeLessThanOrEqual(
    Number(queueOf(job.spec.queue).capability["nvidia.com/gpu"]),
  );
});
