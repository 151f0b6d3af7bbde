/**
 * The Volcano checks of `npm run verify`: the scheduler, controllers and admission are ready, and
 * where the examples stack deployed the DRA gang, it ran whole: all its pods, or none yet, never a
 * part (pure functions of what the cluster returned).
 */
import type { ResolvedEnvironment } from "../environment";
import { renderGangExamples } from "../examples/gang";
import { VOLCANO_NAMESPACE } from "../volcano/chart";
import { VOLCANO_COMPONENTS } from "../volcano/placement";
import { row, type Row } from "./checks";
import type { Deployment, List, Pod, VolcanoJob } from "./kube-objects";

/** The deployed DRA gang the verify checks: its namespace, job name and node group. */
export interface GangTarget {
  readonly namespace: string;
  readonly job: string;
  readonly nodeGroup: string;
}

/** The gang example the examples stack applies in this environment, if it applies one. */
export function deployedGang(env: ResolvedEnvironment): GangTarget | undefined {
  if (!env.volcano || !env.examples.deploy) return undefined;
  const gang = renderGangExamples(env).find((e) => e.name === "gang-gpu");
  const job = gang?.objects.find((o) => o.apiVersion.startsWith("batch.volcano.sh/"));
  return gang && job
    ? { namespace: gang.namespace, job: job.metadata.name, nodeGroup: gang.nodeGroup }
    : undefined;
}

export function checkVolcanoReady(deployments: List<Deployment>): Row[] {
  return Object.values(VOLCANO_COMPONENTS).map((component) => {
    const name = component.split("/")[1];
    const target = `${VOLCANO_NAMESPACE}/${name}`;
    const found = deployments.items.find((d) => d.metadata.name === name);
    if (!found) return row("Volcano", target, "FAIL", "missing: is the Volcano release deployed?");
    const want = found.spec?.replicas ?? 1;
    const ready = found.status?.readyReplicas ?? 0;
    return ready >= want && ready > 0
      ? row("Volcano", target, "PASS", `${ready} of ${want} ready`)
      : row("Volcano", target, "FAIL", `${ready} of ${want} ready`);
  });
}

const DONE = ["Completed"];
const RUNNING = ["Running", "Completing"];
const BROKEN = ["Aborting", "Aborted", "Terminating", "Terminated", "Failed", "Restarting"];

/**
 * The deployed gang: PASS once it runs or has run with every pod on a node of its own; SKIP while it
 * waits whole (no pod started: the group may be growing); FAIL for a partial gang or a broken job.
 */
export function checkGang(
  gang: GangTarget,
  job: VolcanoJob | undefined,
  pods: List<Pod>,
  readyGroupNodes: number,
): Row {
  const check = "gang example";
  const target = `${gang.nodeGroup}: ${gang.namespace}/${gang.job}`;
  if (!job)
    return row(check, target, "FAIL", "the Volcano Job is missing: is the examples stack applied?");
  const phase = job.status?.state?.phase ?? "Pending";
  const size = job.spec.minAvailable ?? 0;
  const mine = pods.items.filter((p) => p.metadata.labels?.["volcano.sh/job-name"] === gang.job);
  const started = mine.filter((p) => p.spec.nodeName);
  const nodes = new Set(started.map((p) => p.spec.nodeName));
  if (started.length > 0 && started.length < size)
    return row(check, target, "FAIL", `a partial gang: ${started.length} of ${size} pods on nodes`);
  if (BROKEN.includes(phase)) return row(check, target, "FAIL", `job phase ${phase}`);
  if (RUNNING.includes(phase) || DONE.includes(phase)) {
    return nodes.size === started.length
      ? row(
          check,
          target,
          "PASS",
          `${phase}: ${started.length} pods on ${nodes.size} nodes, started together`,
        )
      : row(
          check,
          target,
          "FAIL",
          `${phase}, but ${started.length} pods share ${nodes.size} nodes`,
        );
  }
  return row(
    check,
    target,
    "SKIP",
    `${phase} with no pod started (the whole gang waits): ${readyGroupNodes} Ready ${gang.nodeGroup} nodes, it needs ${size}`,
  );
}
