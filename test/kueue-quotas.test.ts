/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Quotas nobody can bypass: in team namespaces every Job is queued, the teams' quotas leave out the
 * devices workloads outside the queues hold, and what Kueue can admit never exceeds the node groups.
 */
import { queuedReferenceEnvironment } from "../config/reference-environment";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { renderExamples } from "../lib/examples/render";
import { renderQueuedExamples } from "../lib/examples/queued";
import { KUEUE_0_20_REMOVED_GATES } from "../lib/compat/components";
import { kueueConfiguration } from "../lib/queueing/manager-config";
import { kueueValues } from "../lib/queueing/kueue-values";
import { devicesHeldOutsideQueues } from "../lib/queueing/outside-queues";
import { queueObjects, TEAM_LABEL } from "../lib/queueing/queue-objects";
import { deviceResource, groupDevices } from "../lib/queueing/resources";
import { resolveEnvironments } from "../lib/resolve-environments";
import { G6, P4D, P6E, problemsOf, shippedEnvironments, testEnvironment } from "./helpers";

const resolve = (config: EnvironmentConfig): ResolvedEnvironment =>
  resolveEnvironments([config])[0];
const queued = (overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig =>
  testEnvironment({
    kubernetesVersion: "1.35",
    gpuNodeGroups: [{ ...G6, maxSize: 3 }],
    queueing: { teams: [{ name: "research" }, { name: "inference" }] },
    ...overrides,
  });
const lab = resolveEnvironments(shippedEnvironments()).find((e) => e.queueing)!;

/** Every namespace the blueprint marks as a team's, with the objects created in it. */
function teamNamespaces(env: ResolvedEnvironment) {
  const objects = queueObjects(env);
  const examples = env.examples.deploy ? renderQueuedExamples(env).flatMap((e) => e.objects) : [];
  const all = [...objects.namespaces, ...objects.localQueues, ...examples];
  return all
    .filter((o) => o.kind === "Namespace" && o.metadata.labels?.[TEAM_LABEL] !== undefined)
    .map((ns) => ({
      name: ns.metadata.name,
      localQueues: all
        .filter((o) => o.kind === "LocalQueue" && o.metadata.namespace === ns.metadata.name)
        .map((o) => o.metadata.name),
    }));
}

describe("a Job without a queue label in a team namespace", () => {
  test("is managed: Kueue suspends Jobs without a queue name in the selected namespaces", () => {
    const config = kueueConfiguration(lab);
    expect(config.manageJobsWithoutQueueName).toBe(true);
    expect(config.managedJobsNamespaceSelector).toEqual({
      matchExpressions: [{ key: TEAM_LABEL, operator: "Exists" }],
    });
  });

  test.each([
    ["lab", lab],
    ["the queued reference", queuedReferenceEnvironment()],
  ])("lands in the LocalQueue named default of every team namespace (%s)", (_name, env) => {
    const namespaces = teamNamespaces(env);
    expect(namespaces.length).toBeGreaterThan(1);
    for (const ns of namespaces) expect([ns.name, ns.localQueues]).toEqual([ns.name, ["default"]]);
  });
});

describe("the upgrade to Kueue 0.20", () => {
  test("sets none of the feature gates Kueue 0.20 removed", () => {
    const values = kueueValues(lab);
    const gates = values.controllerManager.featureGates.map((g) => g.name);
    const text = JSON.stringify(values);
    for (const removed of KUEUE_0_20_REMOVED_GATES) {
      expect([removed, gates.includes(removed), text.includes(removed)]).toEqual([
        removed,
        false,
        false,
      ]);
    }
  });
});

describe("devices held outside the queues", () => {
  const perNode = (env: ResolvedEnvironment) => (name: string) =>
    deviceResource(env.gpuNodeGroups.find((g) => g.name === name)!).perNode;

  test("lab's basic example holds one GPU and the inference fallback up to four, so the teams share the other three", () => {
    expect(lab.examples.include).toEqual(expect.arrayContaining(["basic", "inference"]));
    expect(lab.queueing!.teams.map((t) => t.devices.g6)).toEqual([2, 1]);
    expect(groupDevices(lab.gpuNodeGroups[0])).toBe(8);
  });

  test("a claim shared by two pods holds one device; a MIG claim template holds its count", () => {
    const env = resolve(
      queued({
        gpuNodeGroups: [G6, P4D],
        nvidia: { gpuSharing: ["TimeSlicing"] },
        examples: { include: ["time-slicing", "mig"] },
      }),
    );
    expect(devicesHeldOutsideQueues(renderExamples(env), perNode(env))).toEqual({
      g6: 1,
      p4d: 2,
    });
  });

  test("ComputeDomain pods on a device-plugin group hold the GPUs their limits name", () => {
    const env = resolve(
      queued({ gpuNodeGroups: [P6E], examples: { include: ["compute-domain"] } }),
    );
    const held = devicesHeldOutsideQueues(renderExamples(env), perNode(env));
    expect(held.p6e).toBeGreaterThan(0);
    expect(env.queueing!.teams.reduce((sum, t) => sum + t.devices.p6e, 0)).toBe(
      groupDevices(env.gpuNodeGroups[0]) - held.p6e,
    );
  });

  test("examples that are not deployed hold nothing", () => {
    const env = resolve(queued({ examples: { deploy: false } }));
    expect(env.queueing!.teams.map((t) => t.devices.g6)).toEqual([2, 1]);
  });

  test("explicit team devices that leave no room for the examples are refused, naming both fixes", () => {
    expect(
      problemsOf([queued({ queueing: { teams: [{ name: "research", devices: { g6: 3 } }] } })]),
    ).toEqual([
      "environments.test.queueing.teams ask for 3 devices of node group g6 in total, but it holds 2 for the " +
        "queues (maxSize 3 x 1 per node, less 1 that examples outside the queues hold); lower the teams' " +
        "devices.g6, raise the group's maxSize or leave those examples out of environments.test.examples.include",
    ]);
  });
});

describe("what Kueue can admit", () => {
  const environments: [string, ResolvedEnvironment][] = [
    ["lab", lab],
    ["the queued reference", queuedReferenceEnvironment()],
    ...[1, 2, 3, 5].flatMap((teams) =>
      [1, 2, 4].map((maxSize): [string, ResolvedEnvironment] => [
        `${teams} teams, maxSize ${maxSize}`,
        resolve(
          queued({
            gpuNodeGroups: [
              { ...G6, maxSize },
              { ...P4D, maxSize },
            ],
            nvidia: { gpuSharing: ["TimeSlicing", "MPS"] },
            queueing: { teams: Array.from({ length: teams }, (_, i) => ({ name: `team-${i}` })) },
          }),
        ),
      ]),
    ),
  ];

  // Borrowing moves quota between the teams of the cohort, never beyond the sum of their nominal
  // quotas; the workloads outside the queues take their devices besides (where they alone need
  // more than a group holds, the autoscaler's maxSize leaves them pending, and the teams get none).
  test.each(environments)(
    "the teams' quotas fit what the node groups hold at maxSize beside the unqueued workloads (%s)",
    (_name, env) => {
      const held = env.examples.deploy
        ? devicesHeldOutsideQueues(
            renderExamples(env),
            (name) => deviceResource(env.gpuNodeGroups.find((g) => g.name === name)!).perNode,
          )
        : {};
      for (const group of env.gpuNodeGroups) {
        const resource = deviceResource(group).name;
        const quota = queueObjects(env)
          .clusterQueues.flatMap((q: any) => q.spec.resourceGroups[0].flavors)
          .filter((f: any) => f.name === group.name)
          .flatMap((f: any) => f.resources)
          .filter((r: any) => r.name === resource)
          .reduce((sum: number, r: any) => sum + Number(r.nominalQuota), 0);
        const free = Math.max(0, groupDevices(group) - (held[group.name] ?? 0));
        expect([group.name, quota <= free]).toEqual([group.name, true]);
      }
    },
  );

  /** A quota quantity in millicores (cpu) or MiB (memory); `plain` is what a unitless number is worth. */
  const quantity = (text: string, plain: number): number => {
    const [, value, unit] = /^([0-9]+)(m|Mi|Gi)?$/.exec(text)!;
    return Number(value) * (unit === undefined ? plain : { m: 1, Mi: 1, Gi: 1024 }[unit]!);
  };

  test.each(environments)(
    "the teams' CPU and memory quotas fit the node groups' vCPUs and memory at maxSize (%s)",
    (_name, env) => {
      const flavors = queueObjects(env).clusterQueues.flatMap(
        (q: any) => q.spec.resourceGroups[0].flavors,
      );
      for (const group of env.gpuNodeGroups) {
        const total = (resource: string, plain: number) =>
          flavors
            .filter((f: any) => f.name === group.name)
            .flatMap((f: any) => f.resources)
            .filter((r: any) => r.name === resource)
            .reduce((sum: number, r: any) => sum + quantity(r.nominalQuota, plain), 0);
        expect([
          group.name,
          total("cpu", 1000) <= group.instance.vcpus * 1000 * group.maxSize,
        ]).toEqual([group.name, true]);
        expect([
          group.name,
          total("memory", 1) <= group.instance.memoryGiB * 1024 * group.maxSize,
        ]).toEqual([group.name, true]);
      }
    },
  );
});
