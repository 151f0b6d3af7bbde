import { loadEnvironments } from "../config/environments";
import { gangReferenceEnvironment, referenceEnvironment } from "../config/reference-environment";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../lib/cluster/versions";
import {
  EXAMPLE_RESOURCES,
  hardenPodSpec,
  hardenWorkload,
  hardenExample,
  imageRef,
  IMAGES,
  podSpecsOf,
} from "../lib/examples/hardening";
import { renderGangExamples } from "../lib/examples/gang";
import { renderExamples } from "../lib/examples/render";
import { resolveEnvironments } from "../lib/resolve-environments";

/* eslint-disable @typescript-eslint/no-explicit-any */
const reference = referenceEnvironment();
const everyRendering = [
  ...SUPPORTED_KUBERNETES_VERSIONS.map((minor) => ({ ...reference, kubernetesVersion: minor })),
  ...resolveEnvironments(loadEnvironments({})),
  gangReferenceEnvironment(),
].flatMap((env) => [...renderExamples(env), ...renderGangExamples(env)]);
const podSpecs = everyRendering.flatMap((e) =>
  e.objects.flatMap((o) =>
    podSpecsOf(o).map((spec) => ({ where: `${e.name}/${o.metadata.name}`, spec })),
  ),
);
const containers = podSpecs.flatMap(({ where, spec }) =>
  spec.containers.map((c: any) => ({ where: `${where}/${c.name}`, container: c })),
);

describe("every example pod", () => {
  test("is found: each example runs at least one", () => {
    expect(new Set(podSpecs.map((p) => p.where.split("/")[0]))).toEqual(
      new Set(everyRendering.map((e) => e.name)),
    );
  });

  test("runs under the RuntimeDefault seccomp profile", () => {
    for (const { where, spec } of podSpecs)
      expect([where, spec.securityContext?.seccompProfile]).toEqual([
        where,
        { type: "RuntimeDefault" },
      ]);
  });

  test("mounts no service-account token", () => {
    for (const { where, spec } of podSpecs)
      expect([where, spec.automountServiceAccountToken]).toEqual([where, false]);
  });
});

describe("every example container", () => {
  test("requests and is limited in cpu and memory", () => {
    for (const { where, container } of containers) {
      const { requests, limits } = container.resources;
      expect([where, requests.cpu, requests.memory, limits.cpu, limits.memory]).toEqual([
        where,
        expect.any(String),
        expect.any(String),
        expect.any(String),
        expect.any(String),
      ]);
    }
  });

  test("cannot escalate privileges and has every capability dropped", () => {
    for (const { where, container } of containers) {
      expect([where, container.securityContext]).toEqual([
        where,
        expect.objectContaining({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
        }),
      ]);
    }
  });

  test("has a read-only root filesystem and a writable /tmp from a size-limited emptyDir", () => {
    for (const { where, spec } of podSpecs) {
      expect([where, spec.volumes]).toEqual([
        where,
        expect.arrayContaining([{ name: "tmp", emptyDir: { sizeLimit: "1Gi" } }]),
      ]);
      for (const c of spec.containers) {
        expect([where, c.securityContext.readOnlyRootFilesystem]).toEqual([where, true]);
        expect([where, c.volumeMounts]).toEqual([
          where,
          expect.arrayContaining([{ name: "tmp", mountPath: "/tmp" }]),
        ]);
      }
    }
  });

  test("runs an image whose user is known", () => {
    const pinned = Object.values(IMAGES).map(imageRef);
    for (const { where, container } of containers)
      expect([where, pinned.includes(container.image)]).toEqual([where, true]);
  });

  test("keeps the image's root user where no non-root UID is verified, and says so", () => {
    for (const image of Object.values(IMAGES)) {
      expect(image).not.toHaveProperty("nonRootUid");
      expect(image.userNote).toMatch(/runs as root/);
    }
    for (const { where, container } of containers)
      expect([where, container.securityContext.runAsNonRoot]).toEqual([where, undefined]);
  });

  test("keeps the GPU claims it asks for", () => {
    const claimed = containers.filter(({ container }) => container.resources.claims?.length > 0);
    expect(claimed.length).toBeGreaterThan(0);
  });
});

describe("every example namespace", () => {
  test("has a NetworkPolicy that selects all its pods and denies ingress and egress", () => {
    for (const e of everyRendering) {
      const namespaces = e.objects.filter((o) => o.kind === "Namespace");
      expect(namespaces.length).toBeGreaterThan(0);
      for (const ns of namespaces) {
        const policies = e.objects.filter(
          (o) => o.kind === "NetworkPolicy" && o.metadata.namespace === ns.metadata.name,
        );
        expect([e.name, policies.map((p) => p.spec)]).toEqual([
          e.name,
          [{ podSelector: {}, policyTypes: ["Ingress", "Egress"] }],
        ]);
      }
    }
  });

  test("gets its policy before any workload, so the examples stack applies it first", () => {
    const objects = hardenExample([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "late" } },
      { apiVersion: "batch/v1", kind: "Job", metadata: { name: "job", namespace: "late" } },
    ]);
    expect(objects.map((o) => o.kind)).toEqual(["Namespace", "NetworkPolicy", "Job"]);
  });
});

describe("the hardening", () => {
  test("keeps a /tmp volume an example brings itself", () => {
    const spec = hardenPodSpec({
      containers: [
        { name: "app", image: "x:1", volumeMounts: [{ name: "big", mountPath: "/tmp" }] },
      ],
      volumes: [{ name: "big", emptyDir: { sizeLimit: "20Gi" } }],
    });
    expect(spec.containers[0].volumeMounts).toEqual([{ name: "big", mountPath: "/tmp" }]);
    expect(spec.volumes.map((v: any) => v.name)).toEqual(["big"]);
  });

  const image = "registry.example.com/cuda-app:1.0";

  test("runs an image verified as non-root as that UID", () => {
    const spec = hardenPodSpec({ containers: [{ name: "app", image }] }, [
      { image, nonRootUid: 1000, userNote: "runs as UID 1000" },
    ]);
    expect(spec.containers[0].securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
    });
  });

  test("lets an example ask for more than the default resources", () => {
    const spec = hardenPodSpec({
      containers: [{ name: "app", image, resources: { limits: { memory: "8Gi" } } }],
    });
    expect(spec.containers[0].resources).toEqual({
      requests: EXAMPLE_RESOURCES.requests,
      limits: { cpu: EXAMPLE_RESOURCES.limits.cpu, memory: "8Gi" },
    });
  });

  test("reaches the pod template of workloads added later", () => {
    const cronJob = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "nightly" },
      spec: {
        jobTemplate: { spec: { template: { spec: { containers: [{ name: "app", image }] } } } },
      },
    };
    const [spec] = podSpecsOf(hardenWorkload(cronJob));
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.containers[0].securityContext.capabilities).toEqual({ drop: ["ALL"] });
  });

  test("leaves objects without pods as they are", () => {
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } };
    expect(hardenWorkload(namespace)).toBe(namespace);
  });
});
