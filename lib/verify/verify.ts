/**
 * `npm run verify -- <environment>`: reads the live cluster through kubectl, checks it against
 * what the environment deploys (lib/verify/checks.ts; Volcano and the deployed gang example in
 * lib/verify/volcano-checks.ts), runs the basic example in a namespace of its own, and returns the
 * result table. kubectl runs behind {@link Kubectl}, so tests replay
 * recorded API responses.
 */
import { EXTERNAL_METRICS_API_SERVICE, KEDA_NAMESPACE } from "../keda/release";
import { checkKeda, inferenceNamespace, type KedaState } from "./keda-checks";
import type { ResolvedEnvironment } from "../environment";
import { renderExamples } from "../examples/render";
import { GPU_OPERATOR_NAMESPACE } from "../nvidia/charts";
import { toYaml } from "../yaml";
import { pluginDaemonSets } from "./expectations";
import {
  checkServerVersion,
  clusterChecks,
  formatTable,
  readyNodes,
  row,
  type ClusterState,
  type Row,
  type ServerVersion,
} from "./checks";
import type { Deployment, List, Pod, VolcanoJob } from "./kube-objects";
import { VOLCANO_NAMESPACE } from "../volcano/chart";
import { checkGang, checkVolcanoReady, deployedGang } from "./volcano-checks";

export interface KubectlResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `kubectl <args>` with `input` on stdin. */
export type Kubectl = (args: readonly string[], input?: string) => KubectlResult;

export interface VerifyOptions {
  /** kubeconfig context to use; by default the current one, which must be the cluster's. */
  readonly context?: string;
  /** How long the example pod may take to become Ready. @default 600 */
  readonly exampleTimeoutSeconds?: number;
}

export interface VerifyResult {
  readonly rows: readonly Row[];
  readonly ok: boolean;
  readonly table: string;
}

/** Thrown when the cluster cannot be checked at all; the message says what to do. */
export class VerifyError extends Error {}

/** Not the examples stack's `dra-basic`: verify must never delete objects Terraform manages. */
export const VERIFY_NAMESPACE = "dra-verify";

function kubeconfigCommand(env: ResolvedEnvironment): string {
  return `aws eks update-kubeconfig --region ${env.region} --name ${env.clusterName}`;
}

export function verifyEnvironment(
  env: ResolvedEnvironment,
  kubectl: Kubectl,
  options: VerifyOptions = {},
): VerifyResult {
  const run = (args: readonly string[], input?: string) =>
    kubectl(options.context ? ["--context", options.context, ...args] : args, input);
  const server = connect(env, run, options.context);

  const getJson = <T>(args: readonly string[]): T => {
    const result = run([...args, "-o", "json"]);
    if (result.status !== 0)
      throw new VerifyError(`kubectl ${args.join(" ")} failed: ${firstLine(result.stderr)}`);
    return JSON.parse(result.stdout) as T;
  };
  const pods = (namespace: string) => getJson<List<Pod>>(["get", "pods", "-n", namespace]).items;
  const state: ClusterState = {
    nodes: getJson(["get", "nodes"]),
    deviceClasses: getJson(["get", "deviceclasses.resource.k8s.io"]),
    resourceSlices: getJson(["get", "resourceslices.resource.k8s.io"]),
    daemonSets: getJson(["get", "daemonsets", "--all-namespaces"]),
    pods: { items: podNamespaces(env).flatMap(pods) },
    clusterPolicies: getJson(["get", "clusterpolicies.nvidia.com"]),
  };
  const inference = inferenceNamespace(env);
  const keda: KedaState | undefined = env.autoscaling.keda
    ? {
        deployments: getJson(["get", "deployments", "-n", KEDA_NAMESPACE]),
        apiService: getJson([
          "get",
          "apiservices.apiregistration.k8s.io",
          EXTERNAL_METRICS_API_SERVICE,
        ]),
        ...(inference
          ? { scaledObjects: getJson(["get", "scaledobjects.keda.sh", "-n", inference]) }
          : {}),
      }
    : undefined;
  const rows = [
    checkServerVersion(env, server),
    ...clusterChecks(env, state),
    ...checkKeda(env, keda),
    ...volcanoChecks(env, state, run, getJson),
    runBasicExample(env, state, run, options.exampleTimeoutSeconds ?? 600),
  ];
  return { rows, ok: rows.every((r) => r.status !== "FAIL"), table: formatTable(rows) };
}

/** Volcano's components, and the gang example where the examples stack deployed it. */
function volcanoChecks(
  env: ResolvedEnvironment,
  state: ClusterState,
  run: Kubectl,
  getJson: <T>(args: readonly string[]) => T,
): Row[] {
  if (!env.volcano) return [];
  const rows = checkVolcanoReady(
    getJson<List<Deployment>>(["get", "deployments", "-n", VOLCANO_NAMESPACE]),
  );
  const gang = deployedGang(env);
  if (!gang) return rows;
  const got = run(["get", "jobs.batch.volcano.sh", gang.job, "-n", gang.namespace, "-o", "json"]);
  const job = got.status === 0 ? (JSON.parse(got.stdout) as VolcanoJob) : undefined;
  const pods = getJson<List<Pod>>(["get", "pods", "-n", gang.namespace]);
  return [...rows, checkGang(gang, job, pods, readyNodes(state, gang.nodeGroup).length)];
}

/** The GPU Operator's namespace and those of the plugins the placement proof puts on GPU nodes. */
export function podNamespaces(env: ResolvedEnvironment): string[] {
  return [...new Set([GPU_OPERATOR_NAMESPACE, ...pluginDaemonSets(env).map((p) => p.namespace)])];
}

function connect(
  env: ResolvedEnvironment,
  run: Kubectl,
  context: string | undefined,
): ServerVersion {
  const version = run(["version", "--output=json", "--request-timeout=10s"]);
  if (version.status !== 0) {
    throw new VerifyError(
      `cannot reach a Kubernetes API server (${firstLine(version.stderr)}). Write the kubeconfig of ` +
        `${env.clusterName} with the cluster stack's kubeconfig_command output: ${kubeconfigCommand(env)}`,
    );
  }
  const server = (JSON.parse(version.stdout || "{}") as { serverVersion?: ServerVersion })
    .serverVersion;
  if (context) return server ?? {};
  const current = run(["config", "current-context"]).stdout.trim();
  // aws eks update-kubeconfig names the context after the cluster ARN, ".../cluster/<name>".
  if (!current.endsWith(`:cluster/${env.clusterName}`)) {
    throw new VerifyError(
      `the current kubeconfig context is ${JSON.stringify(current)}, not the EKS cluster ${env.clusterName}; ` +
        `run ${kubeconfigCommand(env)}, or pass --context <name> to use another context name`,
    );
  }
  return server ?? {};
}

/** The basic example's objects, moved into {@link VERIFY_NAMESPACE}. */
export function verifyExample(env: ResolvedEnvironment) {
  const [example] = renderExamples({ ...env, examples: { ...env.examples, include: ["basic"] } });
  const objects = example.objects.map((o) =>
    o.kind === "Namespace"
      ? { ...o, metadata: { ...o.metadata, name: VERIFY_NAMESPACE } }
      : { ...o, metadata: { ...o.metadata, namespace: VERIFY_NAMESPACE } },
  );
  const job = objects.find((o) => o.kind === "Job");
  if (!job) throw new Error("the basic example has no Job");
  return { nodeGroup: example.nodeGroup, objects, jobName: job.metadata.name };
}

function runBasicExample(
  env: ResolvedEnvironment,
  state: ClusterState,
  run: Kubectl,
  timeoutSeconds: number,
): Row {
  const check = "basic example";
  const hasDraGroup = env.gpuNodeGroups.some((g) => g.allocation === "dra");
  if (!hasDraGroup) return row(check, "-", "SKIP", "no DRA GPU node group");
  const example = verifyExample(env);
  const target = `${example.nodeGroup}: ${VERIFY_NAMESPACE}/job/${example.jobName}`;
  // The Cluster Autoscaler cannot scale a DRA-only group up from zero for a claim.
  if (readyNodes(state, example.nodeGroup).length === 0)
    return row(
      check,
      target,
      "SKIP",
      `no Ready node in ${example.nodeGroup}: scale the group to 1 first`,
    );
  const yaml = example.objects.map((o) => `---\n${toYaml(o)}`).join("");
  try {
    const applied = run(["apply", "-f", "-"], yaml);
    if (applied.status !== 0)
      return row(check, target, "FAIL", `kubectl apply failed: ${firstLine(applied.stderr)}`);
    // A Job's pod has a generated name; the Job counts its Ready pods (status.ready, batch/v1).
    const ready = run([
      "wait",
      "--for=jsonpath={.status.ready}=1",
      `job/${example.jobName}`,
      "-n",
      VERIFY_NAMESPACE,
      `--timeout=${timeoutSeconds}s`,
    ]);
    if (ready.status !== 0)
      return row(
        check,
        target,
        "FAIL",
        `not Ready within ${timeoutSeconds}s (a group at zero nodes must scale up first): ${firstLine(ready.stderr)}`,
      );
    const logs = run(["logs", `job/${example.jobName}`, "-n", VERIFY_NAMESPACE]);
    return logs.stdout.includes("Test PASSED")
      ? row(check, target, "PASS", firstLine(logs.stdout))
      : row(check, target, "FAIL", `no "Test PASSED" in the log: ${firstLine(logs.stdout)}`);
  } finally {
    run([
      "delete",
      "namespace",
      VERIFY_NAMESPACE,
      "--ignore-not-found",
      "--wait=true",
      "--timeout=180s",
    ]);
  }
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}
