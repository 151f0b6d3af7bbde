/**
 * A Mermaid picture of the synthesized stacks: each environment's stacks, its node groups (instance
 * type, GPUs, allocation mode), Helm releases and example workloads. Built from the Terraform JSON,
 * so it shows what synth produced, not what the code meant to produce.
 */
import { GPU_INSTANCE_TYPES, type GpuInstanceTypeName } from "../nodes/gpu-catalog";
import { LABELS } from "../nodes/labels";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const values = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});
const id = (...parts: string[]) => parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");

function nodeGroupLabel(group: Json, templates: Json[]): string {
  const template = templates.find((t) =>
    String(group.launch_template?.id ?? "").includes(`.${t.__id}.`),
  );
  const instanceType: string = group.instance_types?.[0] ?? template?.instance_type ?? "?";
  const gpus = GPU_INSTANCE_TYPES[instanceType as GpuInstanceTypeName]?.gpusPerInstance;
  const allocation = group.labels?.[LABELS.gpuAllocation];
  const capacity =
    { CAPACITY_BLOCK: "Capacity Block", SPOT: "Spot" }[group.capacity_type as string] ?? "on demand";
  const types: string[] = group.instance_types ?? [];
  const typeList = types.length > 1 ? types.join(" / ") : instanceType;
  const details = [
    typeList,
    gpus ? `${gpus} GPU${gpus > 1 ? "s" : ""}` : undefined,
    capacity,
    allocation ? `GPUs: ${allocation}` : undefined,
    group.labels?.[LABELS.computeDomains] ? "ComputeDomains" : undefined,
    group.labels?.[LABELS.migConfig] ? `MIG ${group.labels[LABELS.migConfig]}` : undefined,
  ].filter(Boolean);
  return `${group.node_group_name}<br/>${details.join(", ")}`;
}

/** `stacks`: stack name -> synthesized Terraform JSON, for every stack of every environment. */
export function architectureDiagram(stacks: Readonly<Record<string, Json>>): string {
  const lines = ["flowchart LR"];
  const environments = [
    ...new Set(
      Object.keys(stacks).map((name) => name.replace(/-(cluster|platform|queues|examples)$/, "")),
    ),
  ];
  for (const env of environments) {
    lines.push(`  subgraph ${id(env)}["environment ${env}"]`);
    const cluster = stacks[`${env}-cluster`];
    const platform = stacks[`${env}-platform`];
    const queues = stacks[`${env}-queues`];
    const examples = stacks[`${env}-examples`];
    if (cluster) {
      const eks = values(cluster, "aws_eks_cluster")[0];
      lines.push(`    subgraph ${id(env, "cluster")}["${env}-cluster: EKS ${eks?.version}"]`);
      const templates = Object.entries(cluster.resource?.aws_launch_template ?? {}).map(
        ([key, t]) => ({
          ...(t as Json),
          __id: key,
        }),
      );
      for (const group of values(cluster, "aws_eks_node_group")) {
        lines.push(
          `      ${id(env, "ng", group.node_group_name)}["${nodeGroupLabel(group, templates)}"]`,
        );
      }
      lines.push("    end");
    }
    if (platform) {
      lines.push(`    subgraph ${id(env, "platform")}["${env}-platform: Helm"]`);
      for (const release of values(platform, "helm_release")) {
        lines.push(
          `      ${id(env, "helm", release.name)}["${release.name}<br/>${release.chart} ${release.version}"]`,
        );
      }
      lines.push("    end");
      lines.push(`    ${id(env, "cluster")} --> ${id(env, "platform")}`);
    }
    if (queues) {
      const gangQueues = values(queues, "kubernetes_manifest").some(
        (m) => m.manifest.kind === "Queue",
      );
      const title = gangQueues ? "Kueue ClusterQueues, Volcano Queues" : "Kueue ClusterQueues";
      lines.push(`    subgraph ${id(env, "queues")}["${env}-queues: ${title}"]`);
      const clusterQueues = values(queues, "kubernetes_manifest")
        .map((m) => m.manifest)
        .filter((m) => m.kind === "ClusterQueue")
        .map((m) => m.metadata.name as string);
      for (const queue of clusterQueues)
        lines.push(`      ${id(env, "cq", queue)}["team ${queue}"]`);
      lines.push("    end");
      lines.push(`    ${id(env, "platform")} --> ${id(env, "queues")}`);
    }
    if (examples) {
      lines.push(`    subgraph ${id(env, "examples")}["${env}-examples: kubectl-ready workloads"]`);
      const namespaces = values(examples, "kubernetes_manifest")
        .map((m) => m.manifest)
        .filter((m) => m.kind === "Namespace")
        .map((m) => m.metadata.name as string);
      for (const ns of namespaces) lines.push(`      ${id(env, "ex", ns)}["${ns}"]`);
      lines.push("    end");
      lines.push(`    ${id(env, "platform")} --> ${id(env, "examples")}`);
    }
    lines.push("  end");
  }
  return lines.join("\n");
}
