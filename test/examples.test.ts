import Ajv from "ajv";
import { podSpecsOf } from "../lib/examples/hardening";
import { Testing } from "cdktf";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironments } from "../config/environments";
import {
  capacityReferenceEnvironment,
  gangReferenceEnvironment,
  inferenceReferenceEnvironment,
  queuedReferenceEnvironment,
  referenceEnvironment,
} from "../config/reference-environment";
import type { GpuNodeGroupConfig } from "../lib/nodes/settings";
import type { ResolvedEnvironment } from "../lib/environment";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../lib/cluster/versions";
import { unknownClaimFields } from "../lib/examples/dra-api";
import { EXAMPLES_DIR, exampleFiles } from "../lib/examples/files";
import { deviceConfigProblems } from "../lib/examples/gpu-config";
import { renderQueuedExamples } from "../lib/examples/queued";
import { renderExamples, type Example, type KubeObject } from "../lib/examples/render";
import { GATE_FOR_STRATEGY } from "../lib/nvidia/feature-gates";
import { draDriverReleases } from "../lib/nvidia/dra-driver-values";
import { GPU_TAINT, LABELS } from "../lib/nodes/labels";
import { resolveEnvironments } from "../lib/resolve-environments";
import { parseYamlStrict } from "../lib/yaml";
import { addBlueprint } from "../stacks/blueprint";
import { resources, synthAll, testEnvironment, type SynthJson } from "./helpers";
import { kubernetesValidator, schemaFixture } from "./support/kubernetes-schemas";
import { crdSchema, strictCrdSchema } from "./support/crd-schema";

const ROOT = join(__dirname, "..");
const reference = referenceEnvironment();
const at134: ResolvedEnvironment = { ...reference, kubernetesVersion: "1.34" };
const examples133 = renderExamples({ ...reference, kubernetesVersion: "1.33" });
const examples134 = renderExamples(at134);
const queuedExamples = renderQueuedExamples(queuedReferenceEnvironment());
const example = (list: Example[], name: string) => list.find((e) => e.name === name) as Example;
const ofKind = (e: Example, kind: string) => e.objects.filter((o) => o.kind === kind);
/* eslint-disable @typescript-eslint/no-explicit-any */
const spec = (o: KubeObject) => o.spec as any;
const claimDevices = (o: KubeObject) =>
  o.kind === "ResourceClaimTemplate" ? spec(o).spec.devices : spec(o).devices;
const claims = (list: Example[]) =>
  list.flatMap((e) =>
    e.objects.filter((o) => o.kind === "ResourceClaim" || o.kind === "ResourceClaimTemplate"),
  );

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

describe("examples/k8s-dra", () => {
  const expected = exampleFiles(
    reference,
    queuedReferenceEnvironment(),
    capacityReferenceEnvironment(),
    gangReferenceEnvironment(),
    inferenceReferenceEnvironment(),
  );

  test("is in sync with lib/examples (regenerate with npm run examples)", () => {
    const onDisk = Object.fromEntries(
      listFiles(join(ROOT, EXAMPLES_DIR)).map((path) => [
        path.slice(ROOT.length + 1),
        readFileSync(path, "utf8"),
      ]),
    );
    expect(onDisk).toEqual(expected);
  });

  test("holds every example for the reference environment", () => {
    expect(examples133.map((e) => e.name)).toEqual([
      "basic",
      "time-slicing",
      "mps",
      "mig",
      "compute-domain",
    ]);
  });

  test("YAML files parse without duplicate keys", () => {
    for (const [path, content] of Object.entries(expected).filter(([p]) => p.endsWith(".yaml"))) {
      expect([path, parseYamlStrict(content).length]).toEqual([path, expect.any(Number)]);
    }
  });

  test("cleanup commands name objects the example creates", () => {
    for (const e of [...examples133, ...queuedExamples]) {
      for (const command of e.cleanup) {
        const words = command
          .split(" ")
          .filter((w) => w !== "--wait" && w !== "--cascade=foreground");
        const named =
          words[1] === "-n" && words[3] === "delete"
            ? words.slice(5).map((name) => [words[4], name, words[2]])
            : words[1] === "delete" && words[2] === "namespace"
              ? [["namespace", words[3], undefined]]
              : [];
        expect([command, named.length > 0]).toEqual([command, true]);
        for (const [kind, name, namespace] of named) {
          const found = e.objects.some(
            (o) =>
              o.kind.toLowerCase() === kind &&
              o.metadata.name === name &&
              o.metadata.namespace === namespace,
          );
          expect([command, name, found]).toEqual([command, name, true]);
        }
      }
    }
  });
});

describe("Kubernetes API schemas", () => {
  const byMinor = SUPPORTED_KUBERNETES_VERSIONS.map(
    (minor) => [minor, renderExamples({ ...reference, kubernetesVersion: minor })] as const,
  );

  test("every supported minor has the API schemas of its own Kubernetes release", () => {
    for (const minor of SUPPORTED_KUBERNETES_VERSIONS)
      expect([minor, schemaFixture(minor).source]).toEqual([
        minor,
        expect.stringContaining(`release-${minor}`),
      ]);
  });

  test.each(byMinor)(
    "every object for Kubernetes %s is valid for its API, with no unknown field",
    (minor, rendered) => {
      const validate = kubernetesValidator(minor);
      const objects = rendered.flatMap((e) => e.objects).filter((o) => o.kind !== "ComputeDomain");
      expect(objects.map((o) => [o.kind, o.metadata.name, validate(o)])).toEqual(
        objects.map((o) => [o.kind, o.metadata.name, []]),
      );
    },
  );

  test("every queued example object is valid for its minor's API, with no unknown field", () => {
    // Kueue's own objects are checked against their CRDs in queueing.test.ts.
    const { kubernetesVersion } = queuedReferenceEnvironment();
    const validate = kubernetesValidator(kubernetesVersion);
    const objects = queuedExamples
      .flatMap((e) => e.objects)
      .filter((o) => !o.apiVersion.startsWith("kueue.x-k8s.io/"));
    expect(objects.map((o) => [o.kind, o.metadata.name, validate(o)])).toEqual(
      objects.map((o) => [o.kind, o.metadata.name, []]),
    );
  });

  test("a resource.k8s.io/v1 request with the v1beta1 fields on the request is refused", () => {
    // kubernetes-models 5.1.0 accepted this; the Kubernetes 1.34 API has no such fields on a request.
    const claim = claims(examples134).find((o) => o.kind === "ResourceClaimTemplate")!;
    const beta = {
      ...claim,
      spec: {
        spec: {
          devices: {
            requests: [
              {
                name: "gpu",
                deviceClassName: "gpu.nvidia.com",
                allocationMode: "ExactCount",
                count: 1,
              },
            ],
          },
        },
      },
    };
    expect(kubernetesValidator("1.34")(beta)).toEqual([
      '/spec/spec/devices/requests/0 has unknown field "deviceClassName"',
      '/spec/spec/devices/requests/0 has unknown field "allocationMode"',
      '/spec/spec/devices/requests/0 has unknown field "count"',
    ]);
  });

  test("a v1 claim is refused on Kubernetes 1.33, which serves only the beta API", () => {
    expect(kubernetesValidator("1.33")(claims(examples134)[0])).toEqual([
      "Kubernetes 1.33 serves no resource.k8s.io/v1/ResourceClaimTemplate",
    ]);
  });

  test("a request field of the wrong type is refused", () => {
    const broken = {
      ...claims(examples134)[0],
      spec: { spec: { devices: { requests: [{ name: 7 }] } } },
    };
    expect(kubernetesValidator("1.34")(broken)).toEqual([
      "/spec/spec/devices/requests/0/name must be string",
    ]);
  });

  test("a misspelt container field is refused", () => {
    const job = ofKind(example(examples133, "basic"), "Job")[0];
    const pod = spec(job).template.spec;
    const misspelt = {
      ...job,
      spec: {
        ...spec(job),
        template: { spec: { ...pod, containers: [{ ...pod.containers[0], securityContex: {} }] } },
      },
    };
    expect(kubernetesValidator("1.33")(misspelt)).toEqual([
      '/spec/template/spec/containers/0 has unknown field "securityContex"',
    ]);
  });

  test("Kubernetes 1.33 gets resource.k8s.io/v1beta1 and 1.34 resource.k8s.io/v1", () => {
    expect(new Set(claims(examples133).map((o) => o.apiVersion))).toEqual(
      new Set(["resource.k8s.io/v1beta1"]),
    );
    expect(new Set(claims(examples134).map((o) => o.apiVersion))).toEqual(
      new Set(["resource.k8s.io/v1"]),
    );
  });

  test("the v1beta1 rendering moves each request's exactly fields onto the request", () => {
    const v1 = claims(examples134);
    claims(examples133).forEach((beta, i) => {
      const v1Devices = claimDevices(v1[i]);
      const betaDevices = claimDevices(beta);
      expect(betaDevices.requests).toEqual(
        v1Devices.requests.map(({ name, exactly }: any) => ({ name, ...exactly })),
      );
      expect({ ...betaDevices, requests: undefined }).toEqual({
        ...v1Devices,
        requests: undefined,
      });
    });
  });

  test("every claim field exists in the target API version", () => {
    for (const [list, version] of [
      [examples133, "v1beta1"],
      [examples134, "v1"],
    ] as const) {
      for (const claim of claims(list))
        expect(unknownClaimFields(claimDevices(claim), version)).toEqual([]);
    }
  });

  test("the strict field check catches a v1 field in a v1beta1 claim", () => {
    const v1Devices = claimDevices(claims(examples134)[0]);
    expect(unknownClaimFields(v1Devices, "v1beta1")).toEqual(["devices.requests[0].exactly"]);
  });
});

describe("ComputeDomain", () => {
  const validate = new Ajv({ strict: false, allErrors: true }).compile(
    strictCrdSchema(
      crdSchema(
        "dra-driver-nvidia-gpu-0.5.0.schemas.json",
        "resource.nvidia.com/v1beta1/ComputeDomain",
      ),
    ),
  );
  const domain = ofKind(example(examples133, "compute-domain"), "ComputeDomain")[0];

  test("validates against the pinned chart's CRD schema", () => {
    expect([validate(domain), validate.errors]).toEqual([true, null]);
  });

  test("the CRD schema rejects a ComputeDomain without a channel template name", () => {
    expect(
      validate({ ...domain, spec: { numNodes: 0, channel: { resourceClaimTemplate: {} } } }),
    ).toBe(false);
  });

  test("its workload claims the channel template the ComputeDomain names", () => {
    const job = ofKind(example(examples133, "compute-domain"), "Job")[0];
    const podSpec = spec(job).template.spec;
    expect(podSpec.resourceClaims).toContainEqual({
      name: "imex",
      resourceClaimTemplateName: spec(domain).channel.resourceClaimTemplate.name,
    });
  });

  test("its pods share an NVLink clique and spread over nodes", () => {
    const affinity = spec(ofKind(example(examples133, "compute-domain"), "Job")[0]).template.spec
      .affinity;
    expect(affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe(
      "nvidia.com/gpu.clique",
    );
    expect(
      affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey,
    ).toBe("kubernetes.io/hostname");
  });

  test("on device-plugin P6e nodes, its GPUs come from nvidia.com/gpu, four per node from the catalog", () => {
    const container = spec(ofKind(example(examples133, "compute-domain"), "Job")[0]).template.spec
      .containers[0];
    expect(container.resources.limits["nvidia.com/gpu"]).toBe(4);
  });
});

describe("GPU sharing configs", () => {
  const opaqueConfigs = claims(examples133).flatMap((c) =>
    (claimDevices(c).config ?? []).map((x: any) => x.opaque),
  );

  test("use only what the pinned driver accepts", () => {
    expect(opaqueConfigs).toHaveLength(2);
    for (const opaque of opaqueConfigs) {
      expect(opaque.driver).toBe("gpu.nvidia.com");
      expect(deviceConfigProblems(opaque.parameters, "config")).toEqual([]);
    }
  });

  test("each strategy's feature gate is on in the environment's DRA driver values", () => {
    const gates =
      draDriverReleases(reference).find((r) => r.capability === "gpus")?.values.featureGates ?? {};
    for (const opaque of opaqueConfigs) {
      const strategy = opaque.parameters.sharing.strategy as keyof typeof GATE_FOR_STRATEGY;
      expect([strategy, gates[GATE_FOR_STRATEGY[strategy]]]).toEqual([strategy, true]);
    }
  });

  test.each(["time-slicing", "mps"])(
    "%s: two pods of one Job, running together, reference one shared ResourceClaim",
    (name) => {
      const e = example(examples133, name);
      const claim = ofKind(e, "ResourceClaim");
      const jobs = ofKind(e, "Job");
      expect(claim).toHaveLength(1);
      expect(jobs).toHaveLength(1);
      expect([spec(jobs[0]).parallelism, spec(jobs[0]).completions]).toEqual([2, 2]);
      expect(spec(jobs[0]).template.spec.resourceClaims).toEqual([
        { name: "gpu", resourceClaimName: claim[0].metadata.name },
      ]);
    },
  );

  const base = { apiVersion: "resource.nvidia.com/v1beta1", kind: "GpuConfig" };
  test.each([
    [
      { strategy: "Exclusive" },
      'config.sharing.strategy "Exclusive" is not a sharing strategy; use "TimeSlicing" or "MPS"',
    ],
    [
      { strategy: "TimeSlicing", mpsConfig: {} },
      'config.sharing has strategy "TimeSlicing" and an mpsConfig; remove mpsConfig or use strategy "MPS"',
    ],
    [
      { strategy: "MPS", timeSlicingConfig: { interval: "Long" } },
      'config.sharing has strategy "MPS" and a timeSlicingConfig; remove timeSlicingConfig or use strategy "TimeSlicing"',
    ],
    [
      { strategy: "TimeSlicing", timeSlicingConfig: { interval: "Forever" } },
      'config.sharing.timeSlicingConfig.interval "Forever" is not a time-slice interval; use "Default", "Short", "Medium", "Long"',
    ],
    [
      { strategy: "MPS", mpsConfig: { defaultActiveThreadPercentage: 101 } },
      "config.sharing.mpsConfig.defaultActiveThreadPercentage 101 is outside 0-100; use a whole percentage",
    ],
    [
      { strategy: "MPS", mpsConfig: { defaultPinnedDeviceMemoryLimit: "512Ki" } },
      'config.sharing.mpsConfig.defaultPinnedDeviceMemoryLimit "512Ki" is not a memory quantity of at least 1Mi; use a value such as "10Gi"',
    ],
    [
      { strategy: "MPS", mpsConfig: { defaultPerDevicePinnedMemoryLimit: { "0": "lots" } } },
      'config.sharing.mpsConfig.defaultPerDevicePinnedMemoryLimit.0 "lots" is not a memory quantity of at least 1Mi; use a value such as "10Gi"',
    ],
    [
      { strategy: "MPS", mpsConfig: { multiUser: "yes" } },
      'config.sharing.mpsConfig.multiUser "yes" must be true or false',
    ],
    [
      { strategy: "MPS", priority: "high" },
      "config.sharing.priority is not a field the DRA driver knows; it rejects the config, so remove it",
    ],
  ])("the driver's rules refuse %j", (sharing, message) => {
    expect(deviceConfigProblems({ ...base, sharing }, "config")).toEqual([message]);
  });

  test("MPS may run its control daemon for several users (0.5.0's multiUser)", () => {
    expect(
      deviceConfigProblems(
        { ...base, sharing: { strategy: "MPS", mpsConfig: { multiUser: true } } },
        "config",
      ),
    ).toEqual([]);
  });

  test("MigDeviceConfig time-slices without a timeSlicingConfig, which it does not have", () => {
    const mig = (sharing: object) =>
      deviceConfigProblems({ ...base, kind: "MigDeviceConfig", sharing }, "config");
    expect(mig({ strategy: "TimeSlicing" })).toEqual([]);
    expect(mig({ strategy: "TimeSlicing", timeSlicingConfig: { interval: "Long" } })).toEqual([
      "config.sharing.timeSlicingConfig is not a field the DRA driver knows; it rejects the config, so remove it",
    ]);
  });
});

describe("MIG example", () => {
  const profilesOf = (e: Example) =>
    claimDevices(ofKind(e, "ResourceClaimTemplate")[0]).requests.map(
      (r: any) => /profile == '(.+)'/.exec(r.selectors[0].cel.expression)?.[1],
    );

  test("asks for profiles the node group's GPU has, from its layout", () => {
    const group = reference.gpuNodeGroups.find((g) => g.name === "p4d");
    const known = group?.gpu.migProfiles.map((p) => p.name);
    expect(profilesOf(example(examples133, "mig"))).toEqual(["3g.20gb", "1g.5gb"]);
    for (const profile of profilesOf(example(examples133, "mig"))) expect(known).toContain(profile);
  });

  test("differs on P4de, whose A100 80 GB has other profiles", () => {
    const p4de: GpuNodeGroupConfig = {
      name: "p4de",
      instanceType: "p4de.24xlarge",
      capacityType: "CAPACITY_BLOCK",
      capacityReservationId: "cr-0123456789abcdef0",
      capacityReservationAz: "us-east-1a",
      allocation: "dra",
      migLayout: "mixed",
    };
    const env = resolveEnvironments([
      testEnvironment({
        migLayouts: { mixed: { "3g.40gb": 1, "1g.10gb": 2 } },
        gpuNodeGroups: [p4de],
      }),
    ])[0];
    expect(profilesOf(example(renderExamples(env), "mig"))).toEqual(["3g.40gb", "1g.10gb"]);
  });

  test("keeps both MIG devices on one physical GPU", () => {
    const devices = claimDevices(ofKind(example(examples133, "mig"), "ResourceClaimTemplate")[0]);
    expect(devices.constraints).toEqual([
      { requests: ["large", "small"], matchAttribute: "gpu.nvidia.com/parentUUID" },
    ]);
  });
});

describe("example pods", () => {
  test("select their node group by the label the node group sets and tolerate the GPU taint", () => {
    const checked = examples133.flatMap((e) =>
      e.objects.flatMap(podSpecsOf).map((pod) => {
        expect(pod.nodeSelector).toEqual({ [LABELS.nodeGroup]: e.nodeGroup });
        expect(pod.tolerations).toEqual([
          { key: GPU_TAINT.key, operator: "Exists", effect: GPU_TAINT.effect },
        ]);
        return e.name;
      }),
    );
    expect(new Set(checked)).toEqual(new Set(examples133.map((e) => e.name)));
  });

  test("use pinned image tags", () => {
    const images = examples133.flatMap((e) =>
      e.objects.flatMap((o) => {
        const podSpec =
          o.kind === "Job" ? spec(o).template.spec : o.kind === "Pod" ? spec(o) : undefined;
        return podSpec ? podSpec.containers.map((c: any) => c.image as string) : [];
      }),
    );
    for (const image of images)
      expect(image).toMatch(/^nvcr\.io\/nvidia\/[a-z0-9/-]+:[0-9a-z.-]*\d[0-9a-z.-]*$/);
  });
});

describe("examples stack", () => {
  const shipped = synthAll(loadEnvironments({}));

  test("is deployed by every non-production environment and by no production one, by default", () => {
    const configs = loadEnvironments({});
    const withExamples = configs
      .filter((c) => c.examples?.deploy === undefined)
      .map((c) => [c.name, !c.production]);
    expect(withExamples.length).toBeGreaterThan(1);
    expect(withExamples.map(([name]) => [name, `${name}-examples` in shipped])).toEqual(
      withExamples,
    );
  });

  test("applies every object of dev's examples, with no ComputeDomain without a P6e group", () => {
    const manifests = Object.values(resources(shipped["dev-examples"], "kubernetes_manifest")).map(
      (m: SynthJson) => `${m.manifest.kind}/${m.manifest.metadata.name}`,
    );
    expect(manifests.sort()).toEqual(
      [
        "Namespace/dra-basic",
        "NetworkPolicy/default-deny",
        "ResourceClaimTemplate/single-gpu",
        "Job/gpu-job",
        "Namespace/dra-time-slicing",
        "NetworkPolicy/default-deny",
        "ResourceClaim/shared-gpu",
        "Job/time-slicing-job",
        "Namespace/dra-mps",
        "NetworkPolicy/default-deny",
        "ResourceClaim/shared-gpu",
        "Job/mps-job",
      ].sort(),
    );
  });

  test("creates jobs after the claims they use and the namespace's network policy", () => {
    const all = resources(shipped["dev-examples"], "kubernetes_manifest");
    const [claimId] = Object.entries(all).find(
      ([, m]) => m.manifest.kind === "ResourceClaim" && m.manifest.metadata.namespace === "dra-mps",
    )!;
    const [policyId] = Object.entries(all).find(
      ([, m]) => m.manifest.kind === "NetworkPolicy" && m.manifest.metadata.namespace === "dra-mps",
    )!;
    const job = Object.values(all).find((m) => m.manifest.metadata.name === "mps-job")!;
    expect(job.depends_on).toEqual(
      expect.arrayContaining([`kubernetes_manifest.${claimId}`, `kubernetes_manifest.${policyId}`]),
    );
  });

  test("is applied after the platform stack", () => {
    const stacks = addBlueprint(Testing.app(), resolveEnvironments(loadEnvironments({}))).get(
      "dev",
    );
    expect(stacks?.examples?.dependencies).toEqual([stacks?.platform]);
  });
});
