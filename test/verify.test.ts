import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { REFERENCE_VARIABLES } from "../config/reference-environment";
import { loadEnvironments } from "../config/environments";
import type { ResolvedEnvironment } from "../lib/environment";
import { resolveEnvironments } from "../lib/resolve-environments";
import { placement } from "../lib/nvidia/placement";
import { checkServerVersion } from "../lib/verify/checks";
import { expectedDevices, expectedPlugins } from "../lib/verify/expectations";
import { unknownEnvironment } from "../lib/verify/usage";
import { unusedEnvironmentName } from "./helpers";

const ROOT = join(__dirname, "..");
import {
  VERIFY_NAMESPACE,
  VerifyError,
  podNamespaces,
  verifyEnvironment,
  type Kubectl,
  type KubectlResult,
} from "../lib/verify/verify";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function environment(name: string): ResolvedEnvironment {
  const env = resolveEnvironments(loadEnvironments(REFERENCE_VARIABLES)).find(
    (e) => e.name === name,
  );
  if (!env) throw new Error(`no environment ${name}`);
  return env;
}

function recorded(env: string): Record<string, Json> {
  const dir = join(__dirname, "fixtures", "verify", env);
  const read = (file: string) => JSON.parse(readFileSync(join(dir, `${file}.json`), "utf8"));
  const pods = readdirSync(dir)
    .filter((f) => f.startsWith("pods-"))
    .map((f) => f.replace(/^pods-|\.json$/g, ""));
  return {
    ...Object.fromEntries(pods.map((ns) => [`get pods -n ${ns}`, read(`pods-${ns}`)])),
    "get nodes": read("nodes"),
    "get deviceclasses.resource.k8s.io": read("deviceclasses"),
    "get resourceslices.resource.k8s.io": read("resourceslices"),
    "get daemonsets --all-namespaces": read("daemonsets"),
    "get clusterpolicies.nvidia.com": read("clusterpolicies"),
    ...(env === "lab"
      ? {
          "get deployments -n keda": read("deployments-keda"),
          "get apiservices.apiregistration.k8s.io v1beta1.external.metrics.k8s.io": read(
            "apiservice-external-metrics",
          ),
          "get scaledobjects.keda.sh -n dra-inference": read("scaledobjects-dra-inference"),
          "get deployments -n volcano-system": read("deployments-volcano-system"),
          "get jobs.batch.volcano.sh gang-training -n gang-gpu": read(
            "volcanojob-gang-gpu-gang-training",
          ),
        }
      : {}),
  };
}

const ok = (stdout = ""): KubectlResult => ({ status: 0, stdout, stderr: "" });

/** A kubectl that answers from recorded objects and a cluster where the example passes. */
function fakeKubectl(
  clusterName: string,
  objects: Record<string, Json>,
  overrides: Record<string, KubectlResult> = {},
) {
  const calls: { args: string; input?: string }[] = [];
  const kubectl: Kubectl = (args, input) => {
    const line = args.join(" ");
    calls.push({ args: line, ...(input === undefined ? {} : { input }) });
    const override = Object.entries(overrides).find(([prefix]) => line.startsWith(prefix));
    if (override) return override[1];
    if (line.startsWith("version"))
      return ok(`{"serverVersion":{"major":"1","minor":"36","gitVersion":"v1.36.2-eks-3c1f0a7"}}`);
    if (line === "config current-context")
      return ok(`arn:aws:eks:us-east-1:111122223333:cluster/${clusterName}\n`);
    const get = line.replace(/ -o json$/, "");
    if (get in objects) return ok(JSON.stringify(objects[get]));
    if (line.startsWith("logs")) return ok("GPU 0: NVIDIA L4 (UUID: GPU-1)\nTest PASSED\n");
    if (/^(apply|wait|delete)/.test(line)) return ok();
    return { status: 1, stdout: "", stderr: `unexpected kubectl ${line}` };
  };
  return { kubectl, calls };
}

function verify(name: string, change: (objects: Record<string, Json>) => void = () => {}) {
  const env = environment(name);
  const objects = recorded(name);
  change(objects);
  const fake = fakeKubectl(env.clusterName, objects);
  return { result: verifyEnvironment(env, fake.kubectl), calls: fake.calls };
}

const failures = (rows: readonly { status: string; check: string; detail: string }[]) =>
  rows.filter((r) => r.status === "FAIL").map((r) => `${r.check}: ${r.detail}`);

const node = (objects: Record<string, Json>, group: string) =>
  objects["get nodes"].items.find(
    (n: Json) => n.metadata.labels["eks-gpu-dra.blueprint/node-group"] === group,
  );

describe("verify KEDA", () => {
  test("fails a KEDA component with a replica not ready", () => {
    const { result } = verify("lab", (o) => {
      o["get deployments -n keda"].items[2].status.readyReplicas = 1;
    });
    expect(failures(result.rows)).toEqual(["KEDA: 1 of 2 ready"]);
  });

  test("fails when the external metrics API is not Available", () => {
    const { result } = verify("lab", (o) => {
      const api = o["get apiservices.apiregistration.k8s.io v1beta1.external.metrics.k8s.io"];
      api.status.conditions[0] = {
        type: "Available",
        status: "False",
        reason: "FailedDiscoveryCheck",
      };
    });
    expect(failures(result.rows)).toEqual([
      "KEDA metrics API: not Available (FailedDiscoveryCheck): HPAs of ScaledObjects read no metric",
    ]);
  });

  test("fails the ScaledObject while its query fails and fallback holds the replicas", () => {
    const { result } = verify("lab", (o) => {
      const conditions = o["get scaledobjects.keda.sh -n dra-inference"].items[0].status.conditions;
      conditions.find((c: Json) => c.type === "Fallback").status = "True";
      conditions.find((c: Json) => c.type === "Fallback").message =
        "At least one trigger is falling back";
    });
    expect(failures(result.rows)).toEqual([
      "ScaledObject: in fallback, the GPU utilization query fails: At least one trigger is falling back",
    ]);
  });

  test("passes an idle but scaling ScaledObject, and says it is not Active", () => {
    const row = verify("lab").result.rows.find((r) => r.check === "ScaledObject");
    expect(row?.detail).toBe(
      "Ready, HPA scaling, not Active (GPUs below the activation threshold: idle)",
    );
  });

  test("reads nothing of KEDA where the environment does not install it", () => {
    const { calls } = verify("prod");
    expect(calls.some((c) => c.args.includes("keda"))).toBe(false);
  });
});

describe("verify", () => {
  test("passes every check on a healthy lab cluster publishing v1 ResourceSlices, with Volcano", () => {
    const { result } = verify("lab");
    expect(failures(result.rows)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.rows.map((r) => `${r.check} ${r.target}`)).toEqual([
      "Kubernetes version control plane",
      "nodes Ready system",
      "nodes Ready g6",
      // lab's g6-shared group has no node in the recorded cluster, so its checks are skipped.
      "nodes Ready g6-shared",
      "nodes Ready gang",
      "nodes Ready g6-spot",
      "DeviceClass gpu.nvidia.com",
      "DeviceClass mig.nvidia.com",
      "ResourceSlices g6/ip-10-30-2-40.ec2.internal",
      "ResourceSlices g6-shared",
      "ResourceSlices gang/ip-10-30-3-21.ec2.internal",
      "ResourceSlices gang/ip-10-30-19-8.ec2.internal",
      "ResourceSlices g6-spot/ip-10-30-3-57.ec2.internal",
      "plugins g6/ip-10-30-2-40.ec2.internal",
      "plugins g6-shared",
      "plugins gang/ip-10-30-3-21.ec2.internal",
      "plugins gang/ip-10-30-19-8.ec2.internal",
      "plugins g6-spot/ip-10-30-3-57.ec2.internal",
      "ClusterPolicy cluster-policy",
      "KEDA keda/keda-operator",
      "KEDA keda/keda-operator-metrics-apiserver",
      "KEDA keda/keda-admission-webhooks",
      "KEDA metrics API v1beta1.external.metrics.k8s.io",
      "ScaledObject dra-inference/inference-server",
      "Volcano volcano-system/volcano-scheduler",
      "Volcano volcano-system/volcano-controllers",
      "Volcano volcano-system/volcano-admission",
      "gang example gang: gang-gpu/gang-training",
      `basic example g6: ${VERIFY_NAMESPACE}/job/gpu-job`,
    ]);
  });

  test("passes on a cluster recorded on 1.33 with v1beta1 slices, MIG devices and a device-plugin group", () => {
    const { result } = verify("prod");
    expect(failures(result.rows)).toEqual([]);
    expect(
      result.rows.find((r) => r.check === "ResourceSlices" && r.target.startsWith("p4d/"))?.detail,
    ).toBe("16 x 1g.5gb, 8 x 2g.10gb, 8 x 3g.20gb");
  });

  test("passes a p4d node whose MIG layout the MIG manager applied", () => {
    const { result } = verify("prod");
    expect(result.rows.find((r) => r.check === "MIG layout")).toMatchObject({
      status: "PASS",
      detail: "a100-40gb-mixed applied",
    });
  });

  const migState = (state: string, change: (o: Record<string, Json>) => void = () => {}) =>
    failures(
      verify("prod", (o) => {
        node(o, "p4d").metadata.labels["nvidia.com/mig.config.state"] = state;
        change(o);
      }).result.rows.filter((r) => r.check === "MIG layout"),
    );

  test("reports a failed layout with its cause when the ClusterPolicy lacks WITH_REBOOT, and the fix", () => {
    const [failure] = migState("failed", (o) => {
      o["get clusterpolicies.nvidia.com"].items[0].spec.migManager.env = [];
    });
    expect(failure).toBe(
      'MIG layout: a100-40gb-mixed failed: applying MIG layout "a100-40gb-mixed" turns MIG mode on, which on ' +
        "p4d.24xlarge needs a node reboot, and the MIG manager reboots only with WITH_REBOOT=true in the GPU " +
        "Operator's migManager.env, which the deployed ClusterPolicy lacks; deploy the platform stack (its GPU " +
        "Operator values set it), then restart the MIG manager on the node: kubectl delete pod -n gpu-operator " +
        "-l app=nvidia-mig-manager --field-selector spec.nodeName=ip-10-20-3-50.ec2.internal",
    );
  });

  test("points a failed layout with WITH_REBOOT set to the MIG manager's log", () => {
    expect(migState("failed")).toEqual([
      expect.stringContaining("the MIG manager could not apply it; read why in its log"),
    ]);
  });

  test.each(["pending", "rebooting"])("reports a layout still %s as not applied yet", (state) => {
    expect(migState(state)).toEqual([
      expect.stringContaining(
        `a100-40gb-mixed not applied yet (nvidia.com/mig.config.state=${state})`,
      ),
    ]);
  });

  test("fails an API server on another minor than the environment's", () => {
    const env = { ...environment("lab"), kubernetesVersion: "1.35" as const };
    expect(
      checkServerVersion(env, { major: "1", minor: "36", gitVersion: "v1.36.2-eks-1" }),
    ).toMatchObject({
      status: "FAIL",
      detail: "the API server runs 1.36, the environment says 1.35: deploy the cluster stack",
    });
  });

  test("fails a 1.34 API server below the patch DRA GPU allocation needs", () => {
    const env = { ...environment("lab"), kubernetesVersion: "1.34" as const };
    expect(
      checkServerVersion(env, { major: "1", minor: "34+", gitVersion: "v1.34.1-eks-1" }),
    ).toMatchObject({
      status: "FAIL",
      detail: expect.stringMatching(
        /^v1\.34\.1-eks-1 is below 1\.34\.2, which DRA GPU allocation needs/,
      ),
    });
    expect(
      checkServerVersion(env, { major: "1", minor: "34+", gitVersion: "v1.34.2-eks-1" }).status,
    ).toBe("PASS");
  });

  test("expects whole GPUs from the catalog and MIG devices from the layout", () => {
    const lab = environment("lab").gpuNodeGroups[0];
    const p4d = environment("prod").gpuNodeGroups.find((g) => g.name === "p4d")!;
    expect(expectedDevices(lab)).toEqual({ gpu: 4 });
    expect(expectedDevices(p4d)).toEqual({ "3g.20gb": 8, "2g.10gb": 8, "1g.5gb": 16 });
  });

  test("fails a node group with a node that is not Ready", () => {
    const { result } = verify("lab", (o) => {
      node(o, "g6").status.conditions.find((c: Json) => c.type === "Ready").status = "False";
    });
    expect(failures(result.rows)).toEqual(["nodes Ready: not Ready: ip-10-30-2-40.ec2.internal"]);
  });

  test("fails a DRA node that publishes fewer GPUs than its instance has", () => {
    const { result } = verify("lab", (o) => {
      o["get resourceslices.resource.k8s.io"].items[0].spec.devices.pop();
    });
    expect(failures(result.rows)).toEqual(["ResourceSlices: publishes 3 x gpu; expected 4 x gpu"]);
  });

  test("fails a MIG node whose devices do not match its layout", () => {
    const { result } = verify("prod", (o) => {
      const slice = o["get resourceslices.resource.k8s.io"].items.find(
        (s: Json) => s.spec.nodeName === node(o, "p4d").metadata.name,
      );
      slice.spec.devices[0].basic.attributes.profile.string = "7g.40gb";
    });
    expect(failures(result.rows)).toEqual([
      "ResourceSlices: publishes 16 x 1g.5gb, 8 x 2g.10gb, 7 x 3g.20gb, 1 x 7g.40gb; expected " +
        "16 x 1g.5gb, 8 x 2g.10gb, 8 x 3g.20gb (MIG layout a100-40gb-mixed)",
    ]);
  });

  test("fails a DRA node on which the device plugin runs too", () => {
    const { result } = verify("prod", (o) => {
      o["get pods -n nvidia-device-plugin"].items[0].spec.nodeName = node(o, "g6").metadata.name;
    });
    expect(failures(result.rows)).toEqual([
      "plugins: device-plugin runs but must not",
      "plugins: device-plugin not running",
    ]);
  });

  test("expects on each group exactly the plugins the placement proof puts there", () => {
    const env = environment("prod");
    expect(
      Object.fromEntries([...expectedPlugins(env)].map(([g, p]) => [g, [...p].sort()])),
    ).toEqual({
      g6: ["dra-gpu"],
      p4d: ["dra-gpu", "efa-device-plugin"],
      p6e: ["device-plugin", "dra-compute-domain", "efa-device-plugin"],
    });
    const efa = placement(env).groups.map((g) => g.efaOwners.map((ds) => ds.name));
    expect(efa).toEqual([
      [],
      ["aws-efa-k8s-device-plugin/aws-efa-k8s-device-plugin"],
      ["aws-efa-k8s-device-plugin/aws-efa-k8s-device-plugin"],
    ]);
  });

  test("reads the EFA plugin's pods in kube-system only where an EFA group exists", () => {
    expect(podNamespaces(environment("prod"))).toEqual([
      "gpu-operator",
      "nvidia-dra-driver-gpu",
      "nvidia-device-plugin",
      "kube-system",
    ]);
    expect(podNamespaces(environment("lab"))).toEqual(["gpu-operator", "nvidia-dra-driver-gpu"]);
  });

  test("fails an EFA node on which the EFA device plugin does not run", () => {
    const { result } = verify("prod", (o) => {
      o["get pods -n kube-system"].items[0].status.phase = "Pending";
    });
    expect(failures(result.rows)).toEqual(["plugins: efa-device-plugin not running"]);
  });

  test("fails a node without EFA interfaces on which the EFA device plugin runs", () => {
    const { result } = verify("prod", (o) => {
      o["get pods -n kube-system"].items[1].spec.nodeName = node(o, "g6").metadata.name;
    });
    expect(failures(result.rows)).toEqual([
      "plugins: efa-device-plugin runs but must not",
      "plugins: efa-device-plugin not running",
    ]);
  });

  test("does not count a plugin DaemonSet of the right name that its release did not install", () => {
    const { result } = verify("prod", (o) => {
      const ds = o["get daemonsets --all-namespaces"].items.find(
        (d: Json) => d.metadata.name === "aws-efa-k8s-device-plugin",
      );
      delete ds.metadata.annotations;
    });
    expect(failures(result.rows)).toEqual([
      "plugins: efa-device-plugin not running",
      "plugins: efa-device-plugin not running",
    ]);
  });

  test("fails a DRA node without the GPU kubelet plugin", () => {
    const { result } = verify("lab", (o) => {
      o["get pods -n nvidia-dra-driver-gpu"].items[0].status.phase = "Pending";
    });
    expect(failures(result.rows)).toEqual(["plugins: dra-gpu not running"]);
  });

  test("fails a gpu.nvidia.com DeviceClass that still maps nvidia.com/gpu", () => {
    const { result } = verify("lab", (o) => {
      const gpu = o["get deviceclasses.resource.k8s.io"].items.find(
        (c: Json) => c.metadata.name === "gpu.nvidia.com",
      );
      gpu.spec = { ...gpu.spec, extendedResourceName: "nvidia.com/gpu" };
    });
    expect(failures(result.rows)).toEqual([
      expect.stringMatching(
        /^DeviceClass: maps nvidia\.com\/gpu, so DRA nodes would serve pods that ask for it/,
      ),
    ]);
  });

  test("fails a missing DeviceClass and a ClusterPolicy that is not ready", () => {
    const { result } = verify("lab", (o) => {
      o["get deviceclasses.resource.k8s.io"].items.shift();
      o["get clusterpolicies.nvidia.com"].items[0].status.state = "notReady";
    });
    expect(failures(result.rows)).toEqual([
      "DeviceClass: missing: is the DRA driver release deployed?",
      "ClusterPolicy: state notReady",
    ]);
    expect(result.ok).toBe(false);
  });

  test("skips the device and example checks of a group at zero nodes", () => {
    const { result, calls } = verify("lab", (o) => {
      o["get nodes"].items = o["get nodes"].items.filter(
        (n: Json) => !n.metadata.labels["eks-gpu-dra.blueprint/node-group"],
      );
    });
    // All four of lab's GPU groups (g6, g6-shared, gang, g6-spot) are at zero nodes.
    expect(result.rows.filter((r) => r.status === "SKIP").map((r) => r.check)).toEqual([
      ...Array(4).fill("nodes Ready"),
      ...Array(4).fill("ResourceSlices"),
      ...Array(4).fill("plugins"),
      "basic example",
    ]);
    expect(calls.some((c) => c.args.startsWith("apply"))).toBe(false);
  });

  test("runs the basic example in its own namespace with the cluster's API, then deletes it", () => {
    const { calls } = verify("lab");
    const apply = calls.find((c) => c.args === "apply -f -");
    expect(apply?.input).toContain(`namespace: ${VERIFY_NAMESPACE}`);
    expect(apply?.input).toContain("apiVersion: resource.k8s.io/v1\n");
    expect(apply?.input).not.toMatch(/(name|namespace): dra-basic/);
    expect(calls.map((c) => c.args.split(" ")[0]).slice(-4)).toEqual([
      "apply",
      "wait",
      "logs",
      "delete",
    ]);
    expect(calls.at(-1)?.args).toMatch(new RegExp(`^delete namespace ${VERIFY_NAMESPACE} `));
  });

  test("deletes the example namespace when the pod does not become Ready in time", () => {
    const env = environment("lab");
    const fake = fakeKubectl(env.clusterName, recorded("lab"), {
      wait: {
        status: 1,
        stdout: "",
        stderr: "error: timed out waiting for the condition on jobs/gpu-job",
      },
    });
    const result = verifyEnvironment(env, fake.kubectl, { exampleTimeoutSeconds: 5 });
    expect(failures(result.rows)).toEqual([
      "basic example: not Ready within 5s (a group at zero nodes must scale up first): " +
        "error: timed out waiting for the condition on jobs/gpu-job",
    ]);
    expect(fake.calls.at(-1)?.args).toMatch(new RegExp(`^delete namespace ${VERIFY_NAMESPACE} `));
  });

  test("fails fast, naming the kubeconfig command, when no API server answers", () => {
    const env = environment("lab");
    const fake = fakeKubectl(env.clusterName, recorded("lab"), {
      version: {
        status: 1,
        stdout: "",
        stderr: "The connection to the server localhost:8080 was refused\n",
      },
    });
    expect(() => verifyEnvironment(env, fake.kubectl)).toThrow(
      new VerifyError(
        "cannot reach a Kubernetes API server (The connection to the server localhost:8080 was refused). " +
          "Write the kubeconfig of gpu-dra-lab with the cluster stack's kubeconfig_command output: " +
          "aws eks update-kubeconfig --region us-east-1 --name gpu-dra-lab",
      ),
    );
    expect(fake.calls.map((c) => c.args)).toEqual(["version --output=json --request-timeout=10s"]);
  });

  test("refuses to run against another cluster's context", () => {
    const env = environment("lab");
    const fake = fakeKubectl("gpu-dra-prod", recorded("lab"));
    expect(() => verifyEnvironment(env, fake.kubectl)).toThrow(
      'the current kubeconfig context is "arn:aws:eks:us-east-1:111122223333:cluster/gpu-dra-prod", not the ' +
        "EKS cluster gpu-dra-lab; run aws eks update-kubeconfig --region us-east-1 --name gpu-dra-lab, or pass " +
        "--context <name> to use another context name",
    );
    expect(fake.calls.some((c) => c.args.startsWith("apply"))).toBe(false);
  });

  test("passes a given context to every kubectl call", () => {
    const env = environment("lab");
    const inner = fakeKubectl(env.clusterName, recorded("lab")).kubectl;
    const prefixes: string[] = [];
    const result = verifyEnvironment(
      env,
      (args, input) => {
        prefixes.push(args.slice(0, 2).join(" "));
        return inner(args.slice(2), input);
      },
      { context: "lab" },
    );
    expect(new Set(prefixes)).toEqual(new Set(["--context lab"]));
    expect(result.ok).toBe(true);
  });

  test("fails a Volcano scheduler that is not ready", () => {
    const { result } = verify("lab", (o) => {
      const scheduler = o["get deployments -n volcano-system"].items.find(
        (d: Json) => d.metadata.name === "volcano-scheduler",
      );
      scheduler.status.readyReplicas = 0;
    });
    expect(failures(result.rows)).toEqual(["Volcano: 0 of 1 ready"]);
  });

  test("fails a partial gang: one pod on a node while the other is not", () => {
    const { result } = verify("lab", (o) => {
      delete o["get pods -n gang-gpu"].items[1].spec.nodeName;
      o["get pods -n gang-gpu"].items[1].status.phase = "Pending";
    });
    expect(failures(result.rows)).toEqual(["gang example: a partial gang: 1 of 2 pods on nodes"]);
  });

  test("skips a gang that waits whole, with no pod started", () => {
    const { result } = verify("lab", (o) => {
      o["get jobs.batch.volcano.sh gang-training -n gang-gpu"].status.state.phase = "Pending";
      o["get pods -n gang-gpu"].items = [];
    });
    expect(result.rows.find((r) => r.check === "gang example")).toMatchObject({
      status: "SKIP",
      detail: "Pending with no pod started (the whole gang waits): 2 Ready gang nodes, it needs 2",
    });
  });

  test("checks no Volcano where the environment has none", () => {
    const { calls } = verify("prod");
    expect(calls.filter((c) => /volcano|gang-gpu/.test(c.args))).toEqual([]);
  });
});

describe("npm run verify with an environment that is not configured", () => {
  test("names the unknown environment and the configured ones, and exits 2", () => {
    const names = loadEnvironments({}).map((e) => e.name);
    const unknown = unusedEnvironmentName("staging", names);
    const run = spawnSync(
      join(ROOT, "node_modules", ".bin", "tsx"),
      ["scripts/verify.ts", unknown],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { PATH: process.env.PATH },
      },
    );
    expect([run.status, run.stderr.trim()]).toEqual([
      2,
      `unknown environment ${unknown}; environments: ${names.join(", ")}`,
    ]);
  });

  test("without a name, prints the usage and the configured environments", () => {
    expect(unknownEnvironment(undefined, ["dev", "prod"])).toBe(
      "usage: npm run verify -- <environment> [--context <name>] [--timeout <seconds>]; environments: dev, prod",
    );
  });
});
