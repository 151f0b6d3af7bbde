/**
 * Where Volcano's pods land, computed the way its chart renders them: each component takes its own
 * nodeSelector, tolerations and affinity (`custom.<component>_ns`, `_tolerations`, `_affinity`) or
 * else the `default_` one (templates/scheduler.yaml, controllers.yaml, admission.yaml,
 * admission-init.yaml: `or .Values.custom.<component>_ns .Values.custom.default_ns`). Synth refuses
 * a configuration unless every component lands on the system nodes and on no GPU node.
 *
 * Source: volcano-sh/volcano v1.15.1 installer/helm/chart/volcano.
 */
import { show } from "../errors";
import { nodeMatches, toleratesAll, type NodeAffinity, type Toleration } from "../kubernetes";
import { placement, systemNode, type NodeModel, type PlacementInput } from "../nvidia/placement";
import { VOLCANO_RELEASE } from "./chart";

/**
 * The pods of the chart with scheduler, controllers and admission enabled (the defaults). Its other
 * pods (agent, agent scheduler, Prometheus, Grafana, kube-state-metrics) render only with
 * `custom.colocation_enable`, `agent_scheduler_enable` or `metrics_enable`, all off by default and
 * left off by the blueprint's values.
 */
export const VOLCANO_COMPONENTS = {
  scheduler: `Deployment/${VOLCANO_RELEASE}-scheduler`,
  controller: `Deployment/${VOLCANO_RELEASE}-controllers`,
  admission: `Deployment/${VOLCANO_RELEASE}-admission`,
} as const;

/** The admission's pre-install Job renders with the admission's placement. */
const ADMISSION_INIT = `Job/${VOLCANO_RELEASE}-admission-init`;

export interface VolcanoPod {
  readonly name: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly affinity?: NodeAffinity;
}

type Custom = Readonly<Record<string, unknown>>;

function component(custom: Custom, key: keyof typeof VOLCANO_COMPONENTS, name: string): VolcanoPod {
  const pick = <T>(suffix: string): T | undefined =>
    (custom[`${key}_${suffix}`] ?? custom[`default_${suffix}`] ?? undefined) as T | undefined;
  const affinity = pick<NodeAffinity>("affinity");
  return {
    name,
    nodeSelector: pick<Record<string, string>>("ns") ?? {},
    tolerations: pick<Toleration[]>("tolerations") ?? [],
    ...(affinity ? { affinity } : {}),
  };
}

/** Volcano's pods as the chart renders them from these values' `custom` section. */
export function volcanoPods(values: { readonly custom: object }): VolcanoPod[] {
  const custom = values.custom as Custom;
  return [
    ...(Object.keys(VOLCANO_COMPONENTS) as (keyof typeof VOLCANO_COMPONENTS)[]).map((key) =>
      component(custom, key, VOLCANO_COMPONENTS[key]),
    ),
    component(custom, "admission", ADMISSION_INIT),
  ];
}

export function podLands(pod: VolcanoPod, node: NodeModel): boolean {
  return (
    nodeMatches(node.labels, pod.nodeSelector, pod.affinity) &&
    toleratesAll(pod.tolerations, node.taints)
  );
}

export interface VolcanoPlacement {
  /** Pod name -> whether it may land on a system node. */
  readonly system: Readonly<Record<string, boolean>>;
  /** Pod name -> the GPU node groups it may land on. */
  readonly gpuGroups: Readonly<Record<string, readonly string[]>>;
}

export function volcanoPlacement(
  input: PlacementInput,
  values: { readonly custom: object },
): VolcanoPlacement {
  const gpuNodes = placement(input).groups.map((g) => [g.nodeGroup, g.node] as const);
  const system = systemNode(input);
  const pods = volcanoPods(values);
  return {
    system: Object.fromEntries(pods.map((p) => [p.name, podLands(p, system)])),
    gpuGroups: Object.fromEntries(
      pods.map((p) => [p.name, gpuNodes.filter(([, node]) => podLands(p, node)).map(([n]) => n)]),
    ),
  };
}

export function volcanoPlacementProblems(
  input: PlacementInput,
  values: { readonly custom: object },
  at: string,
): string[] {
  const result = volcanoPlacement(input, values);
  return Object.keys(result.system).flatMap((pod) => [
    ...(result.system[pod]
      ? []
      : [
          `${at}.queueing.volcano: Volcano's ${pod} could not run on the system nodes, so gangs would never be ` +
            "scheduled; its nodeSelector must match the system node group's labels",
        ]),
    ...(result.gpuGroups[pod].length > 0
      ? [
          `${at}.queueing.volcano: Volcano's ${pod} could run on GPU node group(s) ` +
            `${result.gpuGroups[pod].map((g) => show(g)).join(", ")} and take a GPU node's CPU from GPU jobs; it ` +
            "must select the system nodes only",
        ]
      : []),
  ]);
}
