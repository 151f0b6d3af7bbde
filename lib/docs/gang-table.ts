/**
 * The table of who admits what per environment (docs/gang-scheduling.md): each GPU node group's
 * admitter, each team's Volcano quota and where Volcano's pods land, computed from the same code
 * the stacks use (lib/volcano), so the page cannot drift from what is deployed.
 */
import type { ResolvedEnvironment } from "../environment";
import { volcanoObjects } from "../volcano/queues";
import { volcanoPlacement } from "../volcano/placement";
import { volcanoValues } from "../volcano/values";

/** `environments`: the name each row shows, and the environment. */
export function gangTable(
  environments: readonly (readonly [string, ResolvedEnvironment])[],
): string {
  const rows = environments.flatMap(([name, env]) => {
    const objects = volcanoObjects(env);
    if (!env.volcano || !objects) return [];
    const owner = (name: string) => (env.volcano!.nodeGroups.includes(name) ? "Volcano" : "Kueue");
    const groups = env.gpuNodeGroups
      .map((g) => `\`${g.name}\`: ${env.queueing ? owner(g.name) : "-"}`)
      .join(", ");
    const quotas = objects.queues
      .map((q) => {
        const capability = (q.spec as { capability: Record<string, string> }).capability;
        const devices = Object.entries(capability)
          .filter(([key]) => key !== "cpu" && key !== "memory")
          .map(([key, n]) => `${n} \`${key}\``)
          .join(", ");
        return `${q.metadata.name}: ${devices}`;
      })
      .join("; ");
    const where = volcanoPlacement(env, volcanoValues(env));
    const onSystem = Object.values(where.system).every(Boolean);
    const onGpu = Object.values(where.gpuGroups).flat();
    const pods = `${onSystem ? "system nodes" : "not all on system nodes"}${onGpu.length ? `, GPU groups ${onGpu.join(", ")}` : ", no GPU node"}`;
    return [`| ${name} | ${env.kubernetesVersion} | ${groups} | ${quotas} | ${pods} |`];
  });
  return [
    "| environment | Kubernetes | node group: admitter | Volcano Queue quota per team | Volcano's pods |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
