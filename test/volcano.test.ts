/* eslint-disable @typescript-eslint/no-explicit-any */
import volcanoKeys from "./fixtures/charts/volcano-1.15.1.keys.json";
import volcanoWebhooks from "./fixtures/charts/volcano-1.15.1.webhooks.json";
import type { EnvironmentConfig, ResolvedEnvironment } from "../lib/environment";
import { unknownKeyPaths } from "../lib/helm/chart-keys";
import { KUEUE_NAMESPACE } from "../lib/queueing/chart";
import { kueueValues } from "../lib/queueing/kueue-values";
import { kueueConfiguration } from "../lib/queueing/manager-config";
import { queueObjects, TEAM_LABEL, teamNamespace } from "../lib/queueing/queue-objects";
import { resolveEnvironments } from "../lib/resolve-environments";
import { VOLCANO_NAMESPACE, VOLCANO_NODE_GROUP_LABEL } from "../lib/volcano/chart";
import { volcanoPlacement, volcanoPlacementProblems } from "../lib/volcano/placement";
import { volcanoObjects } from "../lib/volcano/queues";
import { kueueNodeGroups } from "../lib/volcano/resolve";
import { volcanoValues } from "../lib/volcano/values";
import { parseYamlStrict } from "../lib/yaml";
import { G6, P6E, problemsOf, testEnvironment } from "./helpers";
import { selects } from "./support/label-selector";
import { volcanoCrdProblems } from "./support/volcano-crds";

const GANG = { ...G6, name: "gang", maxSize: 2 };
const TEAMS = [{ name: "research" }, { name: "inference" }];
const withVolcano = (overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig =>
  testEnvironment({
    kubernetesVersion: "1.35",
    gpuNodeGroups: [G6, GANG, P6E],
    queueing: { teams: TEAMS, volcano: { nodeGroups: ["gang", "p6e"] } },
    ...overrides,
  });
const resolve = (config: EnvironmentConfig): ResolvedEnvironment =>
  resolveEnvironments([config])[0];
const env = resolve(withVolcano());
const values = volcanoValues(env);
const schedulerConf = parseYamlStrict(values.custom.scheduler_config_override)[0] as any;
const plugins = (): any[] => schedulerConf.tiers.flatMap((t: any) => t.plugins);

describe("Volcano Helm values", () => {
  test("set only keys the pinned chart has", () => {
    expect(unknownKeyPaths(values, volcanoKeys)).toEqual([]);
  });

  test("turn on the scheduler's DynamicResourceAllocation gate, which 1.15 reads for its DRA predicates", () => {
    expect(values.custom.scheduler_feature_gates).toBe("DynamicResourceAllocation=true");
  });

  test("handle GPUs shared by capacity where the DRA driver publishes them (consumable shares)", () => {
    const shared = volcanoValues({ nvidia: { consumableShares: "memory" } });
    expect(shared.custom.scheduler_feature_gates).toBe(
      "DynamicResourceAllocation=true,DRAConsumableCapacity=true",
    );
    const conf = parseYamlStrict(shared.custom.scheduler_config_override)[0] as any;
    const capacity = conf.tiers
      .flatMap((t: any) => t.plugins)
      .find((p: any) => p.name === "capacity");
    expect(capacity.arguments["capacity.DRAConsumableCapacityEnable"]).toBe(true);
  });

  test("count DRA quotas with the capacity plugin instead of proportion, which conflicts with it", () => {
    const names = plugins().map((p) => p.name);
    expect(names).toContain("capacity");
    expect(names).not.toContain("proportion");
    expect(plugins().find((p) => p.name === "capacity").arguments).toEqual({
      "capacity.DynamicResourceAllocationEnable": true,
    });
  });

  test("keep the predicates argument for 1.14 charts a fork may pin", () => {
    expect(plugins().find((p) => p.name === "predicates").arguments).toEqual({
      "predicate.DynamicResourceAllocationEnable": true,
    });
  });

  test("confine Volcano's pods to labelled node groups with the strict nodegroup plugin", () => {
    expect(plugins().find((p) => p.name === "nodegroup").arguments).toEqual({ strict: true });
  });

  test("never evict part of a running gang: no reclaim or preempt action, gang not preemptable", () => {
    expect(schedulerConf.actions.split(", ")).toEqual(["enqueue", "allocate", "backfill"]);
    expect(plugins().find((p) => p.name === "gang").enablePreemptable).toBe(false);
  });

  test("enable no pod webhook", () => {
    expect(
      values.custom.enabled_admissions.split(",").filter((w) => w.startsWith("/pods/")),
    ).toEqual([]);
  });
});

describe("Volcano's webhooks, from the pinned chart's template", () => {
  // Cluster-scoped objects (Queues, HyperNodes) are not filtered by namespace; they are Volcano's own.
  const CLUSTER_SCOPED = ["queues", "hypernodes"];
  const enabled = volcanoWebhooks.webhooks.filter((w) =>
    values.custom.enabled_admissions.split(",").includes(w.admission),
  );
  const namespaced = enabled.filter(
    (w) => !w.rules.every((r) => CLUSTER_SCOPED.includes(r.resources[0])),
  );
  const sees = (
    w: (typeof enabled)[number],
    namespace: string,
    labels: Record<string, string> = {},
  ) =>
    selects(
      {
        matchExpressions: [
          {
            key: "kubernetes.io/metadata.name",
            operator: "NotIn",
            values: w.excludedNamespaces.map((n) =>
              n === volcanoWebhooks.releaseNamespace ? VOLCANO_NAMESPACE : n,
            ),
          },
          ...(w.appendsValuesExpressions
            ? values.custom.webhooks_namespace_selector_expressions
            : []),
        ],
      },
      { ...labels, "kubernetes.io/metadata.name": namespace },
    );

  test("the fixture holds the chart's pod webhooks, and the values enable none of them", () => {
    const podHooks = volcanoWebhooks.webhooks.filter((w) =>
      w.rules.some((r) => r.resources.includes("pods")),
    );
    expect(podHooks.map((w) => w.admission)).toEqual(["/pods/mutate", "/pods/validate"]);
    expect(enabled.filter((w) => podHooks.includes(w))).toEqual([]);
  });

  test("every enabled webhook fails closed, so its scope decides what an outage blocks", () => {
    expect(new Set(enabled.map((w) => w.failurePolicy))).toEqual(new Set(["Fail"]));
  });

  test("every enabled webhook intercepts Volcano's own API groups only", () => {
    const groups = new Set(enabled.flatMap((w) => w.rules.flatMap((r) => r.apiGroups)));
    expect([...groups].filter((g) => !g.endsWith(".volcano.sh"))).toEqual([]);
  });

  test.each([
    "kube-system",
    "kube-public",
    "default",
    KUEUE_NAMESPACE,
    "gpu-operator",
    "monitoring",
    VOLCANO_NAMESPACE,
  ])("no namespaced webhook sees the system namespace %s", (namespace) => {
    expect(namespaced.filter((w) => sees(w, namespace)).map((w) => w.name)).toEqual([]);
  });

  test("every namespaced webhook sees a team's namespace", () => {
    const ns = teamNamespace("research", "research");
    expect(
      namespaced.filter((w) => !sees(w, ns.metadata.name, ns.metadata.labels)).map((w) => w.name),
    ).toEqual([]);
    expect(namespaced.length).toBeGreaterThan(0);
  });
});

describe("Volcano placement", () => {
  const result = volcanoPlacement(env, values);

  test("puts the scheduler, controllers, admission and its init job on the system nodes", () => {
    expect(result.system).toEqual({
      "Deployment/volcano-scheduler": true,
      "Deployment/volcano-controllers": true,
      "Deployment/volcano-admission": true,
      "Job/volcano-admission-init": true,
    });
  });

  test("models every pod the values render: the agent, agent scheduler and metrics stack stay off", () => {
    const custom = values.custom as Record<string, unknown>;
    for (const gate of ["colocation_enable", "agent_scheduler_enable", "metrics_enable"])
      expect([gate, custom[gate] ?? false]).toEqual([gate, false]);
  });

  test("puts none of Volcano's pods on a GPU node", () => {
    expect(Object.values(result.gpuGroups).flat()).toEqual([]);
  });

  test("is refused when a component could not reach the system nodes", () => {
    const broken = { custom: { ...values.custom, scheduler_ns: { "no-such-label": "x" } } };
    expect(volcanoPlacementProblems(env, broken, "environments.test")).toEqual([
      "environments.test.queueing.volcano: Volcano's Deployment/volcano-scheduler could not run on the system " +
        "nodes, so gangs would never be scheduled; its nodeSelector must match the system node group's labels",
    ]);
  });

  test("is refused when a component tolerates the GPU taint and selects nothing", () => {
    const broken = {
      custom: {
        ...values.custom,
        default_ns: undefined,
        controller_tolerations: [{ key: "", operator: "Exists" }],
      },
    };
    expect(volcanoPlacementProblems(env, broken, "environments.test")).toContain(
      'environments.test.queueing.volcano: Volcano\'s Deployment/volcano-controllers could run on GPU node group(s) "g6", ' +
        '"gang", "p6e" and take a GPU node\'s CPU from GPU jobs; it must select the system nodes only',
    );
  });
});

describe("Kueue and Volcano split the node groups", () => {
  test("Volcano's groups carry the nodegroup label its queues select, Kueue's do not", () => {
    expect(
      Object.fromEntries(
        env.gpuNodeGroups.map((g) => [g.name, g.labels[VOLCANO_NODE_GROUP_LABEL]]),
      ),
    ).toEqual({ g6: undefined, gang: "gang", p6e: "p6e" });
  });

  test("Kueue keeps only the groups Volcano does not take", () => {
    expect(kueueNodeGroups(env.gpuNodeGroups, env.volcano).map((g) => g.name)).toEqual(["g6"]);
  });

  test("Kueue's device-class mappings leave out classes only Volcano's groups offer", () => {
    const input = {
      gpuNodeGroups: kueueNodeGroups(env.gpuNodeGroups, env.volcano),
      queueing: env.queueing,
    };
    expect(kueueConfiguration(input).resources.deviceClassMappings.map((m) => m.name)).toEqual([
      "eks-gpu-dra.blueprint/gpu",
    ]);
    expect(kueueValues(input).controllerManager.nodeSelector).toBeDefined();
  });
});

describe("Volcano settings that are refused", () => {
  const problems = (overrides: Partial<EnvironmentConfig>) => problemsOf([withVolcano(overrides)]);
  const volcano = (nodeGroups: string[], teams: EnvironmentConfig["queueing"] = undefined) => ({
    queueing: { teams: TEAMS, ...teams, volcano: { nodeGroups } },
  });

  test("on Kubernetes 1.33, whose DRA API Volcano 1.15 does not read", () => {
    expect(problems({ kubernetesVersion: "1.33" })).toContain(
      "environments.test.queueing.volcano is set, but Kubernetes 1.33 serves DRA only as resource.k8s.io/v1beta1: " +
        "Volcano 1.14 and later read resource.k8s.io/v1, and 1.13, the last line that reads v1beta1, has no DRA " +
        'queue quota, so team quotas would not hold; set kubernetesVersion to "1.34" or later, or remove ' +
        "queueing.volcano",
    );
  });

  test("a node group the environment does not have", () => {
    expect(problems(volcano(["gang", "p5"]))).toEqual([
      'environments.test.queueing.volcano.nodeGroups names "p5", which is not a GPU node group of the ' +
        "environment; use one of g6, gang, p6e",
    ]);
  });

  test("a node group listed twice", () => {
    expect(problems(volcano(["gang", "gang"]))).toEqual([
      'environments.test.queueing.volcano.nodeGroups lists "gang" twice: a node group belongs to Volcano once; ' +
        "list it once",
    ]);
  });

  test("every node group to Volcano, leaving Kueue none", () => {
    expect(problems(volcano(["g6", "gang", "p6e"]))).toContain(
      "environments.test.queueing.volcano.nodeGroups takes every GPU node group (g6, gang, p6e), so Kueue would " +
        "queue batch/v1 Jobs for no node at all; leave at least one group to Kueue, or remove queueing",
    );
  });

  test("no node group at all", () => {
    expect(problems(volcano([]))).toEqual([
      "environments.test.queueing.volcano.nodeGroups is empty: name the GPU node groups whose gangs Volcano " +
        "schedules (each then leaves Kueue), or remove queueing.volcano",
    ]);
  });

  test("Volcano's node-group label on a group Kueue counts", () => {
    const labelled = { ...G6, labels: { [VOLCANO_NODE_GROUP_LABEL]: "gang" } };
    expect(problems({ gpuNodeGroups: [labelled, GANG, P6E] })).toEqual([
      `environments.test.gpuNodeGroups.g6.labels sets ${VOLCANO_NODE_GROUP_LABEL} "gang", which would let Volcano ` +
        "place gangs on a group whose devices Kueue counts, so both would hand out the same GPUs; remove the " +
        'label, or add "g6" to environments.test.queueing.volcano.nodeGroups',
    ]);
  });

  test("a team named like a queue Volcano creates itself", () => {
    expect(
      problems(volcano(["gang"], { teams: [{ name: "default" }, { name: "research" }] })),
    ).toContain(
      'environments.test.queueing.teams.default.name "default" is the name of a queue Volcano creates itself, ' +
        "and each team gets a Volcano Queue of its name; rename the team",
    );
  });

  test("a team with no device of a Volcano group, which Volcano would read as no limit", () => {
    const teams = { teams: [{ name: "research", devices: { gang: 2 } }, { name: "inference" }] };
    expect(problems(volcano(["gang"], teams))).toEqual([
      "environments.test.queueing.teams.inference.devices.gang is 0, but Volcano 1.15 reads a device quota of 0 " +
        "as no limit (capacity plugin, checkDRAAllocatable), so the team could take every device of the Volcano " +
        "groups; give the team at least 1 device of gang, or raise the group's maxSize",
    ]);
  });

  test("a chart version whose keys were not checked", () => {
    expect(
      problems({
        queueing: { teams: TEAMS, volcano: { nodeGroups: ["gang"], chart: { version: "1.16.0" } } },
      }),
    ).toEqual([
      'environments.test.queueing.volcano.chart.version "1.16.0" is not a version the blueprint\'s values were ' +
        "checked against (1.15.1): chart keys move between releases and Helm ignores unknown ones; use a tested " +
        "version, or set allowUntestedVersion: true after checking the chart's values.yaml",
    ]);
  });
});

describe("Volcano outside its tested Kubernetes minors", () => {
  test("synth warns on 1.36, which Volcano 1.15's compatibility table does not list", () => {
    expect(resolve(withVolcano({ kubernetesVersion: "1.36" })).warnings).toContainEqual(
      expect.stringContaining(
        "environments.test.queueing.volcano: Volcano 1.15.1 lists Kubernetes up to 1.35 as compatible",
      ),
    );
  });

  test("synth does not warn on 1.35", () => {
    expect(env.warnings.filter((w) => w.includes("queueing.volcano"))).toEqual([]);
  });
});

describe("Volcano team queues", () => {
  const objects = volcanoObjects(env)!;
  const queue = (name: string) => objects.queues.find((q) => q.metadata.name === name)!.spec as any;
  const team = (name: string) => env.queueing!.teams.find((t) => t.name === name)!;

  test("validate against the pinned Volcano CRD schema", () => {
    expect(objects.queues.map(volcanoCrdProblems)).toEqual(objects.queues.map(() => []));
  });

  test("the CRD schema refuses a field Queue does not have", () => {
    const [first] = objects.queues;
    expect(
      volcanoCrdProblems({ ...first, spec: { ...(first.spec as object), capacity: {} } }),
    ).toEqual(['/spec has unknown field "capacity"']);
  });

  test("hold each team's devices of Volcano's groups, by DeviceClass and extended resource", () => {
    const research = team("research");
    expect(queue("research").capability).toMatchObject({
      "deviceclass/gpu.nvidia.com": String(research.devices.gang),
      "nvidia.com/gpu": String(research.devices.p6e),
      "deviceclass/compute-domain-default-channel.nvidia.com": String(research.devices.p6e),
    });
  });

  test("count none of the devices of Kueue's groups", () => {
    const research = team("research");
    expect(queue("research").capability["deviceclass/gpu.nvidia.com"]).not.toBe(
      String(research.devices.gang + research.devices.g6),
    );
    expect(
      queue("research").affinity.nodeGroupAffinity.requiredDuringSchedulingIgnoredDuringExecution,
    ).toEqual(["gang", "p6e"]);
  });

  test("every device of a group is counted by exactly one of Kueue and Volcano", () => {
    const kueue = queueObjects({
      gpuNodeGroups: kueueNodeGroups(env.gpuNodeGroups, env.volcano),
      queueing: env.queueing,
    });
    const kueueFlavors = new Set(kueue.resourceFlavors.map((f) => f.metadata.name));
    const volcanoGroups = new Set(
      objects.queues.flatMap(
        (q) =>
          (q.spec as any).affinity.nodeGroupAffinity.requiredDuringSchedulingIgnoredDuringExecution,
      ),
    );
    expect(
      env.gpuNodeGroups.map((g) => [g.name, kueueFlavors.has(g.name), volcanoGroups.has(g.name)]),
    ).toEqual([
      ["g6", true, false],
      ["gang", false, true],
      ["p6e", false, true],
    ]);
  });

  test("add up to the teams' devices of Volcano's groups, no more than the groups hold", () => {
    const total = (key: string) =>
      objects.queues.reduce((sum, q) => sum + Number((q.spec as any).capability[key]), 0);
    const teams = (group: string) =>
      env.queueing!.teams.reduce((sum, t) => sum + t.devices[group], 0);
    const capacity = (name: string) => {
      const group = env.gpuNodeGroups.find((g) => g.name === name)!;
      return group.maxSize * group.instance.gpusPerInstance;
    };
    expect([total("deviceclass/gpu.nvidia.com"), total("nvidia.com/gpu")]).toEqual([
      teams("gang"),
      teams("p6e"),
    ]);
    expect(teams("gang")).toBeLessThanOrEqual(capacity("gang"));
    expect(teams("p6e")).toBeLessThanOrEqual(capacity("p6e"));
  });

  test("are not reclaimable and deserve what they may hold, so a running gang is never evicted in part", () => {
    for (const q of objects.queues) {
      expect((q.spec as any).reclaimable).toBe(false);
      expect((q.spec as any).deserved).toEqual((q.spec as any).capability);
    }
  });
});

describe("the one-admitter policy", () => {
  const [policy, binding] = volcanoObjects(env)!.admissionPolicy as any[];

  test("applies in team namespaces only", () => {
    expect(policy.spec.matchConstraints.namespaceSelector).toEqual({
      matchExpressions: [{ key: TEAM_LABEL, operator: "Exists" }],
    });
  });

  test("covers Kueue's batch Jobs, Volcano Jobs and PodGroups", () => {
    expect(
      policy.spec.matchConstraints.resourceRules.map(
        (r: any) => `${r.apiGroups[0]}/${r.resources[0]}`,
      ),
    ).toEqual(["batch/jobs", "batch.volcano.sh/jobs", "scheduling.volcano.sh/podgroups"]);
  });

  test("refuses a batch Job for Volcano's scheduler, a gang with Kueue's label, a queue of another team", () => {
    const expressions = policy.spec.validations.map((v: any) => v.expression);
    expect(expressions[0]).toContain("object.spec.template.spec.schedulerName != 'volcano'");
    expect(expressions[1]).toContain("'kueue.x-k8s.io/queue-name' in t.template.metadata.labels");
    expect(expressions[2]).toContain(
      `object.spec.queue == namespaceObject.metadata.labels['${TEAM_LABEL}']`,
    );
  });

  test("is bound to deny", () => {
    expect(binding.spec).toEqual({ policyName: policy.metadata.name, validationActions: ["Deny"] });
  });
});
