/* eslint-disable @typescript-eslint/no-explicit-any */
import Ajv from "ajv";
import { Testing } from "cdktf";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import kueueDefaults from "./fixtures/charts/kueue-0.19.2.defaults.json";
import kueueKeys from "./fixtures/charts/kueue-0.19.2.keys.json";
import { queuedReferenceEnvironment } from "../config/reference-environment";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { architectureDiagram } from "../lib/docs/diagram";
import { ConfigError } from "../lib/errors";
import { renderQueuedExamples } from "../lib/examples/queued";
import { renderExamples, type KubeObject } from "../lib/examples/render";
import { unknownKeyPaths } from "../lib/helm/chart-keys";
import { nodeMatches } from "../lib/kubernetes";
import { GPU_TAINT, LABELS, gpuNodeLabels } from "../lib/nodes/labels";
import {
  queuedWorkloadProblems,
  requestedResources,
  uncoveredResourceProblems,
} from "../lib/queueing/admissible";
import { deviceClassMappings } from "../lib/queueing/resources";
import { CHART_DEFAULT_CONFIGURATION, kueueConfiguration } from "../lib/queueing/manager-config";
import { kueueValues } from "../lib/queueing/kueue-values";
import { queueObjects, TEAM_LABEL } from "../lib/queueing/queue-objects";
import { resolveEnvironments } from "../lib/resolve-environments";
import { parseYamlStrict } from "../lib/yaml";
import { addBlueprint, synthesizeBlueprint } from "../stacks/blueprint";
import {
  G6,
  P4D,
  P6E,
  problemsOf,
  resources,
  synthAll,
  testEnvironment,
  type SynthJson,
} from "./helpers";
import { crdSchema, strictCrdSchema } from "./support/crd-schema";

const TEAMS = { teams: [{ name: "research" }, { name: "inference" }] };
// Without examples, which hold devices outside the queues (test/kueue-quotas.test.ts), the teams
// share every device.
const queued = (overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig =>
  testEnvironment({
    kubernetesVersion: "1.35",
    gpuNodeGroups: [G6, P4D, P6E],
    queueing: TEAMS,
    examples: { deploy: false },
    ...overrides,
  });
const resolve = (config: EnvironmentConfig): ResolvedEnvironment =>
  resolveEnvironments([config])[0];
const everyKind = resolve(queued());
const onlyG6 = resolve(queued({ gpuNodeGroups: [G6], queueing: { teams: [{ name: "solo" }] } }));
const objects = queueObjects(everyKind);
const clusterQueue = (name: string) =>
  objects.clusterQueues.find((q) => q.metadata.name === name)!.spec as any;
/** Nominal quota of a ClusterQueue per flavor and resource. */
const quotas = (name: string): Record<string, Record<string, string | number>> =>
  Object.fromEntries(
    clusterQueue(name).resourceGroups[0].flavors.map((f: any) => [
      f.name,
      Object.fromEntries(f.resources.map((r: any) => [r.name, r.nominalQuota])),
    ]),
  );

/** Leaf paths and values of a parsed YAML document. */
function leaves(value: unknown, path = ""): [string, unknown][] {
  if (value === null || typeof value !== "object") return [[path, value]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}

describe("Kueue manager configuration", () => {
  /** The chart's default Configuration as leaves (scripts/chart-defaults.ts, kueue 0.19.2 values.yaml). */
  const chartDefault: Record<string, unknown> =
    kueueDefaults.defaults["managerConfig.controllerManagerConfigYaml|yaml"];
  const [rendered] = parseYamlStrict(
    kueueValues(everyKind).managerConfig.controllerManagerConfigYaml,
  ) as any[];

  test("parses as a Kueue v1beta2 Configuration", () => {
    expect([rendered.apiVersion, rendered.kind]).toEqual([
      "config.kueue.x-k8s.io/v1beta2",
      "Configuration",
    ]);
  });

  test("keeps every key and value of the chart's default configuration but the frameworks", () => {
    // The frameworks are narrowed to batch/job on purpose (test/kueue-scope.test.ts).
    const renderedLeaves = new Map(leaves(rendered));
    for (const [path, value] of Object.entries(chartDefault).filter(
      ([path]) => !path.startsWith("integrations.frameworks."),
    )) {
      expect([path, renderedLeaves.get(path)]).toEqual([path, value]);
    }
  });

  test("the copy of the chart default matches the pinned chart's values", () => {
    expect(Object.fromEntries(leaves(CHART_DEFAULT_CONFIGURATION))).toEqual(chartDefault);
  });

  test("maps each DeviceClass the node groups offer to a quota resource", () => {
    expect(rendered.resources.deviceClassMappings).toEqual([
      { name: "eks-gpu-dra.blueprint/gpu", deviceClassNames: ["gpu.nvidia.com"] },
      { name: "eks-gpu-dra.blueprint/mig", deviceClassNames: ["mig.nvidia.com"] },
      {
        name: "eks-gpu-dra.blueprint/imex-channel",
        deviceClassNames: ["compute-domain-default-channel.nvidia.com"],
      },
    ]);
  });

  test("without MIG or ComputeDomain groups, maps only gpu.nvidia.com", () => {
    expect(kueueConfiguration(onlyG6).resources.deviceClassMappings).toEqual([
      { name: "eks-gpu-dra.blueprint/gpu", deviceClassNames: ["gpu.nvidia.com"] },
    ]);
  });

  test("evicts and requeues a job whose pods are not ready in time", () => {
    expect(rendered.waitForPodsReady).toMatchObject({ timeout: "10m", blockAdmission: false });
    const custom = resolve(queued({ queueing: { ...TEAMS, podsReadyTimeout: "20m" } }));
    expect(kueueConfiguration(custom).waitForPodsReady.timeout).toBe("20m");
  });
});

describe("Kueue Helm values", () => {
  test("set only keys the pinned chart has", () => {
    expect(unknownKeyPaths(kueueValues(everyKind), kueueKeys)).toEqual([]);
  });

  test("pin the release image instead of the staging image in the chart's values", () => {
    expect(kueueValues(everyKind).controllerManager.manager.image).toEqual({
      repository: "registry.k8s.io/kueue/kueue",
      tag: "v0.19.2",
      pullPolicy: "IfNotPresent",
    });
  });

  test("run the controller on the system nodes and never on GPU nodes", () => {
    const selector = kueueValues(everyKind).controllerManager.nodeSelector;
    expect(nodeMatches({ [LABELS.role]: "system" }, selector)).toBe(true);
    for (const group of everyKind.gpuNodeGroups)
      expect([group.name, nodeMatches(gpuNodeLabels(group), selector)]).toEqual([
        group.name,
        false,
      ]);
  });

  test("keep DRA quota counting on explicitly", () => {
    expect(kueueValues(everyKind).controllerManager.featureGates).toEqual([
      { name: "KueueDRAIntegration", enabled: true },
    ]);
  });
});

describe("Kubernetes versions", () => {
  test("1.33 is refused: Kueue cannot read resource.k8s.io/v1beta1 claims", () => {
    expect(problemsOf([queued({ kubernetesVersion: "1.33" })])).toEqual([
      "environments.test.queueing is set, but Kubernetes 1.33 serves DRA as resource.k8s.io/v1beta1 and Kueue " +
        "reads ResourceClaims only through resource.k8s.io/v1: it could not count GPUs, so team quotas would not " +
        'hold; set kubernetesVersion to "1.34" or later, or remove queueing',
    ]);
  });

  test.each(["1.34", "1.35"])("%s is accepted", (kubernetesVersion) => {
    expect(resolve(queued({ kubernetesVersion })).queueing?.teams).toHaveLength(2);
  });
});

describe("quotas", () => {
  test("one team holds everything its groups can: max nodes x GPUs", () => {
    // g6.xlarge: 1 L4, 4 vCPUs, 16 GiB; maxSize 2.
    const solo = queueObjects(onlyG6).clusterQueues[0].spec as any;
    expect(solo.resourceGroups[0]).toEqual({
      coveredResources: ["cpu", "memory", "eks-gpu-dra.blueprint/gpu"],
      flavors: [
        {
          name: "g6",
          resources: [
            { name: "cpu", nominalQuota: "8" },
            { name: "memory", nominalQuota: "32Gi" },
            { name: "eks-gpu-dra.blueprint/gpu", nominalQuota: "2" },
          ],
        },
      ],
    });
  });

  test("a MIG group's quota counts MIG devices: devices per GPU x GPUs x max nodes", () => {
    // p4d.24xlarge with all-1g.5gb: 7 devices on each of 8 GPUs, maxSize 1; two teams share 56.
    const research = quotas("research").p4d["eks-gpu-dra.blueprint/mig"];
    const inference = quotas("inference").p4d["eks-gpu-dra.blueprint/mig"];
    expect([research, inference]).toEqual(["28", "28"]);
  });

  test("a device-plugin ComputeDomain group counts nvidia.com/gpu and an IMEX channel per GPU", () => {
    // p6e-gb200.36xlarge: 4 GPUs, maxSize 9: 36, split 18 and 18.
    expect(quotas("research").p6e).toMatchObject({
      "nvidia.com/gpu": "18",
      "eks-gpu-dra.blueprint/imex-channel": "18",
    });
  });

  test("an uneven split gives the first teams one device more, and adds up to the group", () => {
    const env = resolve(
      queued({
        gpuNodeGroups: [{ ...G6, maxSize: 5 }],
        queueing: { teams: [{ name: "a" }, { name: "b" }] },
      }),
    );
    expect(env.queueing?.teams.map((t) => t.devices.g6)).toEqual([3, 2]);
  });

  test("explicit devices are kept and the rest is split between the other teams", () => {
    const env = resolve(
      queued({
        gpuNodeGroups: [{ ...G6, maxSize: 8 }],
        queueing: { teams: [{ name: "a", devices: { g6: 6 } }, { name: "b" }, { name: "c" }] },
      }),
    );
    expect(env.queueing?.teams.map((t) => t.devices.g6)).toEqual([6, 1, 1]);
  });

  test("CPU and memory quotas follow the team's share of the group's devices", () => {
    // Half of 9 x 144 vCPUs and 9 x 960 GiB.
    expect(quotas("inference").p6e).toMatchObject({ cpu: "648", memory: "4320Gi" });
  });

  test("every flavor lists the covered resources in their order, 0 where its nodes have none", () => {
    const group = clusterQueue("research").resourceGroups[0];
    for (const flavor of group.flavors)
      expect(flavor.resources.map((r: any) => r.name)).toEqual(group.coveredResources);
    expect(quotas("research").g6["nvidia.com/gpu"]).toBe("0");
  });
});

describe("queue objects", () => {
  test("one ResourceFlavor per GPU node group, selecting exactly that group's nodes", () => {
    for (const flavor of objects.resourceFlavors) {
      const spec = flavor.spec as any;
      const matching = everyKind.gpuNodeGroups
        .filter((g) => nodeMatches(gpuNodeLabels(g), spec.nodeLabels))
        .map((g) => g.name);
      expect(matching).toEqual([flavor.metadata.name]);
    }
    expect(objects.resourceFlavors.map((f) => f.metadata.name)).toEqual(["g6", "p4d", "p6e"]);
  });

  test("each flavor lets its pods tolerate the GPU taint", () => {
    for (const flavor of objects.resourceFlavors)
      expect((flavor.spec as any).tolerations).toEqual([
        { key: GPU_TAINT.key, operator: "Exists", effect: GPU_TAINT.effect },
      ]);
  });

  test("every team's ClusterQueue is in one cohort, so idle quota is borrowed and reclaimed", () => {
    expect(objects.clusterQueues.map((q) => (q.spec as any).cohortName)).toEqual(["gpus", "gpus"]);
    expect(clusterQueue("research").preemption).toEqual({
      reclaimWithinCohort: "Any",
      withinClusterQueue: "LowerPriority",
    });
  });

  test("a team's ClusterQueue admits only LocalQueues of its own namespaces", () => {
    const selects = (queue: string, namespace: KubeObject) =>
      nodeMatches(
        namespace.metadata.labels ?? {},
        clusterQueue(queue).namespaceSelector.matchLabels,
      );
    const [researchNs, inferenceNs] = objects.namespaces as KubeObject[];
    expect([selects("research", researchNs), selects("research", inferenceNs)]).toEqual([
      true,
      false,
    ]);
  });

  test("each team namespace gets a LocalQueue feeding the team's ClusterQueue", () => {
    expect(
      objects.localQueues.map((q) => [
        q.metadata.namespace,
        q.metadata.name,
        (q.spec as any).clusterQueue,
      ]),
    ).toEqual([
      ["research", "default", "research"],
      ["inference", "default", "inference"],
    ]);
    expect(objects.namespaces.map((n) => n.metadata.labels?.[TEAM_LABEL])).toEqual([
      "research",
      "inference",
    ]);
  });

  test("priority classes rank high over normal over low", () => {
    expect(objects.workloadPriorityClasses.map((p) => [p.metadata.name, p.value])).toEqual([
      ["high", 1000],
      ["normal", 100],
      ["low", 10],
    ]);
  });
});

describe("Kueue CRD schemas", () => {
  // The CRDs use OpenAPI formats (integers, date-time in status) that do not matter to these objects.
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    formats: { int32: true, int64: true, "date-time": true },
  });
  const validators = Object.fromEntries(
    ["ClusterQueue", "LocalQueue", "ResourceFlavor", "WorkloadPriorityClass"].map((kind) => [
      kind,
      ajv.compile(
        strictCrdSchema(crdSchema("kueue-0.19.2.schemas.json", `kueue.x-k8s.io/v1beta2/${kind}`)),
      ),
    ]),
  );
  const kueueObjects = (list: readonly KubeObject[]) => list.filter((o) => validators[o.kind]);
  const all = [
    ...Object.values(objects).flat(),
    ...queueObjects(onlyG6).clusterQueues,
    ...renderQueuedExamples(everyKind).flatMap((e) => e.objects),
  ] as KubeObject[];

  test.each(kueueObjects(all).map((o) => [`${o.kind}/${o.metadata.name}`, o] as const))(
    "%s validates against the pinned CRD",
    (_name, object) => {
      const validate = validators[object.kind];
      expect([validate(object), validate.errors]).toEqual([true, null]);
    },
  );

  test("the schema rejects a ClusterQueue quota under an unknown field", () => {
    const [queue] = objects.clusterQueues;
    const validate = validators.ClusterQueue;
    expect(validate({ ...queue, spec: { ...(queue.spec as object), cohort: "gpus" } })).toBe(false);
  });
});

describe("queued workloads", () => {
  const mapped = ["gpu.nvidia.com", "mig.nvidia.com"];
  const template = (requests: object[]): KubeObject => ({
    apiVersion: "resource.k8s.io/v1",
    kind: "ResourceClaimTemplate",
    metadata: { name: "t" },
    spec: { spec: { devices: { requests } } },
  });
  const job = (claim: object): KubeObject => ({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "j", labels: { "kueue.x-k8s.io/queue-name": "gpu" } },
    spec: { template: { spec: { resourceClaims: [{ name: "gpu", ...claim }] } } },
  });
  const exact = (fields: object = {}) => ({
    name: "gpu",
    exactly: {
      deviceClassName: "gpu.nvidia.com",
      allocationMode: "ExactCount",
      count: 1,
      ...fields,
    },
  });

  test("a ResourceClaimTemplate with an exact count of a mapped class is countable", () => {
    expect(
      queuedWorkloadProblems(
        [template([exact()]), job({ resourceClaimTemplateName: "t" })],
        mapped,
      ),
    ).toEqual([]);
  });

  test("a shared ResourceClaim is refused", () => {
    expect(queuedWorkloadProblems([job({ resourceClaimName: "shared-gpu" })], mapped)).toEqual([
      "Job j claims ResourceClaim shared-gpu: Kueue refuses queued pods that name a ResourceClaim (a claim shared " +
        "between pods); use a ResourceClaimTemplate, which gives each pod its own claim",
    ]);
  });

  test("firstAvailable is refused", () => {
    const request = {
      name: "gpu",
      firstAvailable: [{ name: "a", deviceClassName: "gpu.nvidia.com" }],
    };
    expect(
      queuedWorkloadProblems(
        [template([request]), job({ resourceClaimTemplateName: "t" })],
        mapped,
      ),
    ).toEqual([
      "Job j request gpu (template t) uses firstAvailable, which Kueue cannot count; ask for one device class with exactly",
    ]);
  });

  test("allocationMode All is refused", () => {
    const objects = [
      template([exact({ allocationMode: "All", count: undefined })]),
      job({ resourceClaimTemplateName: "t" }),
    ];
    expect(queuedWorkloadProblems(objects, mapped)).toEqual([
      "Job j request gpu (template t) uses allocationMode All, which Kueue cannot count; use ExactCount with a count",
    ]);
  });

  test("a DeviceClass no mapping names is refused", () => {
    const objects = [
      template([exact({ deviceClassName: "vfio.gpu.nvidia.com" })]),
      job({ resourceClaimTemplateName: "t" }),
    ];
    expect(queuedWorkloadProblems(objects, mapped)).toEqual([
      "Job j request gpu (template t) asks for DeviceClass vfio.gpu.nvidia.com, which no Kueue deviceClassMapping " +
        "names; use one of gpu.nvidia.com, mig.nvidia.com",
    ]);
  });

  test("the MIG example's parentUUID constraint is refused: Kueue documents constraints as unsupported", () => {
    const withConstraint: KubeObject = {
      ...template([exact()]),
      spec: {
        spec: {
          devices: {
            requests: [exact()],
            constraints: [{ matchAttribute: "gpu.nvidia.com/parentUUID" }],
          },
        },
      },
    };
    expect(
      queuedWorkloadProblems([withConstraint, job({ resourceClaimTemplateName: "t" })], mapped),
    ).toEqual([
      "Job j claims template t, which sets devices.constraints: Kueue documents it as unsupported; queue a claim without it",
    ]);
  });

  test("the time-slicing example could not be queued: its pods share one ResourceClaim", () => {
    const example = renderExamples({
      ...everyKind,
      examples: { ...everyKind.examples, include: ["time-slicing"] },
    })[0];
    const labelled = example.objects.map((o) =>
      o.kind === "Job"
        ? { ...o, metadata: { ...o.metadata, labels: { "kueue.x-k8s.io/queue-name": "gpu" } } }
        : o,
    );
    expect(queuedWorkloadProblems(labelled, mapped)).toHaveLength(1);
  });

  test("the queued examples are countable and submit to their namespace's LocalQueue", () => {
    for (const example of renderQueuedExamples(everyKind)) {
      const jobs = example.objects.filter((o) => o.kind === "Job");
      const queue = example.objects.find((o) => o.kind === "LocalQueue")!;
      expect(
        jobs.map((j) => [j.metadata.labels?.["kueue.x-k8s.io/queue-name"], j.metadata.namespace]),
      ).toEqual([[queue.metadata.name, queue.metadata.namespace]]);
    }
    expect(renderQueuedExamples(everyKind).map((e) => e.name)).toEqual([
      "queued-gpu",
      "queued-mig",
    ]);
  });

  test("every resource a queued example's hardened pod requests is covered by its team's ClusterQueue", () => {
    const mappings = deviceClassMappings(everyKind.gpuNodeGroups);
    const covered = clusterQueue("research").resourceGroups[0].coveredResources;
    const requested = renderQueuedExamples(everyKind).map((example) => {
      const templates = new Map(
        example.objects
          .filter((o) => o.kind === "ResourceClaimTemplate")
          .map((o) => [o.metadata.name, o]),
      );
      const job = example.objects.find((o) => o.kind === "Job")!;
      return [example.name, requestedResources(job, templates, mappings).sort()] as const;
    });
    expect(requested).toEqual([
      ["queued-gpu", ["cpu", "eks-gpu-dra.blueprint/gpu", "memory"]],
      ["queued-mig", ["cpu", "eks-gpu-dra.blueprint/mig", "memory"]],
    ]);
    for (const [, names] of requested) expect(covered).toEqual(expect.arrayContaining(names));
  });

  test("a queued pod requesting a resource its ClusterQueue does not cover is refused", () => {
    const job: KubeObject = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "j", labels: { "kueue.x-k8s.io/queue-name": "gpu" } },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: "c",
                resources: { requests: { cpu: "1" }, limits: { "ephemeral-storage": "1Gi" } },
              },
            ],
          },
        },
      },
    };
    expect(uncoveredResourceProblems([job], [], "research", ["cpu", "memory"])).toEqual([
      "Job j requests ephemeral-storage, which ClusterQueue research does not cover (cpu, memory), so Kueue " +
        "would never admit it; drop the request or cover the resource",
    ]);
  });

  test("the queued examples' namespaces belong to the first team, whose ClusterQueue admits them", () => {
    for (const example of renderQueuedExamples(queuedReferenceEnvironment())) {
      const namespace = example.objects.find((o) => o.kind === "Namespace")!;
      expect(namespace.metadata.labels).toEqual({ [TEAM_LABEL]: "research" });
    }
  });
});

describe("rejected queueing settings", () => {
  test.each([
    [
      "no GPU node group",
      { gpuNodeGroups: [] },
      "environments.test.queueing has no GPU node group to queue jobs for; add a GPU node group or remove queueing",
    ],
    [
      "no team",
      { queueing: { teams: [] } },
      "environments.test.queueing.teams is empty: name at least one team that submits GPU jobs, or remove queueing",
    ],
    [
      "two teams of one name",
      {
        queueing: {
          teams: [
            { name: "a", namespace: "a1" },
            { name: "a", namespace: "a2" },
          ],
        },
      },
      'environments.test.queueing.teams name "a" is used twice: each team gets its own ClusterQueue; rename one of them',
    ],
    [
      "a system namespace",
      { queueing: { teams: [{ name: "a", namespace: "kube-system" }] } },
      'environments.test.queueing.teams.a.namespace "kube-system" is a system namespace; give the team a namespace of its own',
    ],
    [
      "one namespace for two teams",
      {
        queueing: {
          teams: [
            { name: "a", namespace: "ml" },
            { name: "b", namespace: "ml" },
          ],
        },
      },
      'environments.test.queueing.teams.b.namespace "ml" belongs to another team too: a namespace\'s LocalQueue feeds ' +
        "one team's ClusterQueue; give each team its own namespace",
    ],
    [
      "devices of an unknown group",
      { queueing: { teams: [{ name: "a", devices: { p5: 8 } }] } },
      'environments.test.queueing.teams.a.devices names node group "p5", which the environment does not have; use one of g6, p4d, p6e',
    ],
    [
      "more devices than a group holds",
      {
        queueing: {
          teams: [
            { name: "a", devices: { g6: 2 } },
            { name: "b", devices: { g6: 1 } },
          ],
        },
      },
      "environments.test.queueing.teams ask for 3 devices of node group g6 in total, but it holds 2 for the queues (maxSize 2 x 1 " +
        "per node); lower the teams' devices.g6 or raise the group's maxSize",
    ],
    [
      "a fractional device count",
      { queueing: { teams: [{ name: "a", devices: { g6: 0.5 } }] } },
      "environments.test.queueing.teams.a.devices.g6 0.5 is not a device count; use a whole number of 0 or more",
    ],
    [
      "a timeout Kueue cannot read",
      { queueing: { ...TEAMS, podsReadyTimeout: "ten minutes" } },
      'environments.test.queueing.podsReadyTimeout "ten minutes" is not a duration Kueue reads; use a Go ' +
        'duration: numbers with the units h, m, s or ms, such as "10m", "600s" or "1h30m"',
    ],
    [
      "MIG on a device-plugin group",
      { gpuNodeGroups: [{ ...P4D, allocation: "device-plugin" as const }] },
      "environments.test.queueing cannot count the MIG devices of environments.test.gpuNodeGroups.p4d: the device " +
        "plugin offers each MIG profile as its own resource, which the blueprint's queues do not cover; set " +
        'allocation "dra" on the group, or remove its migLayout',
    ],
  ])("%s", (_name, overrides, message) => {
    expect(problemsOf([queued(overrides as Partial<EnvironmentConfig>)])).toEqual([message]);
  });

  test("a refused queueing setting writes no synth output", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "queueing-")), "cdktf.out");
    expect(() => synthesizeBlueprint([queued({ kubernetesVersion: "1.33" })], { outdir })).toThrow(
      ConfigError,
    );
    expect(existsSync(outdir)).toBe(false);
  });
});

describe("stacks", () => {
  const stacks = synthAll([queued({ examples: { deploy: true } })]);
  const manifests = (stack: string) =>
    Object.entries(resources(stacks[stack], "kubernetes_manifest")) as [string, SynthJson][];
  const idOf = (stack: string, kind: string, name: string) =>
    `kubernetes_manifest.${manifests(stack).find(([, m]) => m.manifest.kind === kind && m.manifest.metadata.name === name)![0]}`;

  test("the platform stack installs the pinned Kueue chart with the rendered values", () => {
    const kueue = Object.values(resources(stacks["test-platform"], "helm_release")).find(
      (r: SynthJson) => r.name === "kueue",
    ) as SynthJson;
    expect([kueue.repository, kueue.chart, kueue.version, kueue.namespace]).toEqual([
      "oci://registry.k8s.io/kueue/charts",
      "kueue",
      "0.19.2",
      "kueue-system",
    ]);
  });

  test("without queueing, no Kueue release and no queues stack", () => {
    const plain = synthAll([testEnvironment({ gpuNodeGroups: [G6] })]);
    expect(Object.keys(plain).sort()).toEqual(["test-cluster", "test-examples", "test-platform"]);
    const names = Object.values(resources(plain["test-platform"], "helm_release")).map(
      (r: SynthJson) => r.name,
    );
    expect(names).not.toContain("kueue");
  });

  test("the queues stack applies every queue object and the policy that keeps GPU work in the queues", () => {
    const kinds = manifests("test-queues").map(
      ([, m]) => `${m.manifest.kind}/${m.manifest.metadata.name}`,
    );
    expect(kinds.sort()).toEqual(
      [
        "ResourceFlavor/g6",
        "ResourceFlavor/p4d",
        "ResourceFlavor/p6e",
        "WorkloadPriorityClass/high",
        "WorkloadPriorityClass/normal",
        "WorkloadPriorityClass/low",
        "ClusterQueue/research",
        "ClusterQueue/inference",
        "Namespace/research",
        "Namespace/inference",
        "ValidatingAdmissionPolicy/gpu-work-through-queues",
        "ValidatingAdmissionPolicyBinding/gpu-work-through-queues",
        "LocalQueue/default",
        "LocalQueue/default",
      ].sort(),
    );
  });

  test("creates ClusterQueues after their flavors and LocalQueues after their namespace and ClusterQueue", () => {
    const research = manifests("test-queues").find(
      ([, m]) => m.manifest.kind === "ClusterQueue" && m.manifest.metadata.name === "research",
    )![1];
    expect(research.depends_on).toEqual(
      expect.arrayContaining(
        ["g6", "p4d", "p6e"].map((f) => idOf("test-queues", "ResourceFlavor", f)),
      ),
    );
    const local = manifests("test-queues").find(
      ([, m]) => m.manifest.kind === "LocalQueue" && m.manifest.metadata.namespace === "research",
    )![1];
    expect(local.depends_on).toEqual(
      expect.arrayContaining([
        idOf("test-queues", "Namespace", "research"),
        idOf("test-queues", "ClusterQueue", "research"),
      ]),
    );
  });

  test("the queues stack follows the platform stack, and the examples stack follows the queues", () => {
    const set = addBlueprint(Testing.app(), [resolve(queued({ examples: { deploy: true } }))]).get(
      "test",
    );
    expect(set?.queues?.dependencies).toEqual([set?.platform]);
    expect(set?.examples?.dependencies).toEqual([set?.platform, set?.queues]);
  });

  test("the architecture picture shows the queues stack with one box per team", () => {
    const picture = architectureDiagram(stacks);
    expect(picture).toContain('subgraph test_queues["test-queues: Kueue ClusterQueues"]');
    expect(picture).toContain('test_cq_research["team research"]');
    expect(picture).not.toContain("environment test-queues");
  });

  test("the examples stack applies the queued examples with their LocalQueues", () => {
    const kinds = manifests("test-examples")
      .filter(
        ([, m]) =>
          m.manifest.metadata.namespace?.startsWith("queued-") ||
          m.manifest.metadata.name.startsWith("queued-"),
      )
      .map(([, m]) => `${m.manifest.kind}/${m.manifest.metadata.name}`);
    expect(kinds.sort()).toEqual(
      [
        "Namespace/queued-gpu",
        "NetworkPolicy/default-deny",
        "LocalQueue/default",
        "ResourceClaimTemplate/single-gpu",
        "Job/queued-gpu",
        "Namespace/queued-mig",
        "NetworkPolicy/default-deny",
        "LocalQueue/default",
        "ResourceClaimTemplate/one-mig",
        "Job/queued-mig",
      ].sort(),
    );
  });
});
