/**
 * The table of which devices each example's pods get (docs/allocation.md), computed by the
 * allocation proof (lib/allocation/) for the given environments, so it cannot drift from the claims
 * the examples render.
 */
import type { ResolvedEnvironment } from "../environment";
import { proveEnvironment } from "../allocation/environment";

/** `label` names the environment in the table (the rendered examples' environments reuse prod's name). */
export function allocationTable(
  environments: readonly { readonly label: string; readonly env: ResolvedEnvironment }[],
): string {
  const rows = environments.flatMap(({ label, env }) =>
    proveEnvironment(env).flatMap((proof) =>
      proof.outcomes.map((o) => {
        const group = env.gpuNodeGroups.find((g) => g.name === proof.nodeGroup)!;
        const got =
          o.pendingReason !== undefined
            ? `Pending, as intended: ${o.pendingReason}`
            : o.devices.length > 0
              ? `node ${o.node! + 1}: ${o.devices.join("; ")}`
              : `node ${o.node! + 1}: no GPU claim`;
        return `| ${label} | ${proof.example} | \`${proof.nodeGroup}\` (${group.instanceType}) | ${o.pod} | ${got} |`;
      }),
    ),
  );
  return [
    "| environment | example | node group | pod | what the proof allocates |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
