/**
 * The table of what runs where (docs/nvidia-platform.md), computed by the placement proof (lib/nvidia/placement.ts)
 * for the given environments, so the table cannot drift from the values the stacks install.
 */
import type { ResolvedEnvironment } from "../environment";
import { placement, type DaemonSetModel } from "../nvidia/placement";

const release = (ds: DaemonSetModel) => `\`${ds.name}\``;

export function placementTable(environments: readonly ResolvedEnvironment[]): string {
  const rows = environments.flatMap((env) => {
    const p = placement(env);
    return [
      ...p.groups.map((g) => {
        const others = g.daemonSets.filter((ds) => !ds.gpuOwner);
        return `| ${env.name} | \`${g.nodeGroup}\` (${g.group.instanceType}${g.group.mig ? `, MIG \`${g.group.mig.layoutName}\`` : ""}) | \`${g.group.allocation}\` | ${g.gpuOwners.map(release).join(", ")} | ${g.servesGpuExtendedResource ? "yes" : "no"} | ${others.map(release).join(", ")} |`;
      }),
      `| ${env.name} | system nodes | | | no | ${p.system.map(release).join(", ")} |`,
    ];
  });
  return [
    "| environment | node group | allocation | GPU owner (`release/DaemonSet`) | serves `nvidia.com/gpu` requests | other DaemonSets on its nodes |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
