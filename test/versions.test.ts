import { Testing } from "cdktf";
import { loadEnvironments } from "../config/environments";
import { supportReminders, versionWarnings } from "../lib/cluster/version-warnings";
import {
  KUBERNETES_VERSIONS,
  SUPPORTED_KUBERNETES_VERSIONS,
  VERSIONS_CHECKED_ON,
  defaultSupportType,
  pastStandardSupport,
  type KubernetesVersion,
} from "../lib/cluster/versions";
import { resolveEnvironments } from "../lib/resolve-environments";
import { addBlueprint } from "../stacks/blueprint";
import { G6, resource, synthAll, testEnvironment } from "./helpers";

describe.each(SUPPORTED_KUBERNETES_VERSIONS)("Kubernetes %s", (version) => {
  const api = KUBERNETES_VERSIONS[version].resourceApiVersion;
  const stacks = synthAll([
    testEnvironment({
      kubernetesVersion: version,
      gpuNodeGroups: [G6],
      examples: { deploy: true, include: ["basic"] },
    }),
  ]);

  test("creates the control plane and its node groups on the version", () => {
    const cluster = stacks["test-cluster"];
    expect(resource(cluster, "aws_eks_cluster").version).toBe(version);
    expect(resource(cluster, "aws_eks_node_group", "gpu-g6").version).toBe(
      "${aws_eks_cluster.eks_cluster_55B0C966.version}",
    );
  });

  test(`renders the DRA driver values and the example claims for resource.k8s.io/${api}`, () => {
    const release = resource(stacks["test-platform"], "helm_release", "nvidia-dra-gpus");
    expect(release.values[0]).toContain(`resourceApiVersion: resource.k8s.io/${api}\n`);
    const template = resource(
      stacks["test-examples"],
      "kubernetes_manifest",
      "resourceclaimtemplate",
    );
    expect(template.manifest.apiVersion).toBe(`resource.k8s.io/${api}`);
  });
});

describe("support dates", () => {
  test("say whether a version is past standard support on a given day, from the table", () => {
    expect(pastStandardSupport("1.34", "2026-12-02")).toBe(false);
    expect(pastStandardSupport("1.34", "2026-12-03")).toBe(true);
    expect(pastStandardSupport("1.33")).toBe(true);
  });

  test.each(SUPPORTED_KUBERNETES_VERSIONS)(
    "of %s are in order: EKS release, end of standard, end of extended support",
    (version) => {
      const v = KUBERNETES_VERSIONS[version];
      expect(
        v.eksRelease < v.standardSupportEnds && v.standardSupportEnds < v.extendedSupportEnds,
      ).toBe(true);
    },
  );

  test("default production to EXTENDED and others to STANDARD while standard support lasts", () => {
    expect(defaultSupportType("1.35", true)).toBe("EXTENDED");
    expect(defaultSupportType("1.35", false)).toBe("STANDARD");
    expect(defaultSupportType("1.33", false)).toBe("EXTENDED");
  });

  test("give the shipped production cluster the EXTENDED upgrade policy", () => {
    const prod = synthAll(loadEnvironments({}))["prod-cluster"];
    expect(resource(prod, "aws_eks_cluster").upgrade_policy).toEqual({ support_type: "EXTENDED" });
  });
});

describe("version warnings", () => {
  test("on 1.33 state the extended-support cost", () => {
    expect(versionWarnings({ kubernetesVersion: "1.33" }, "environments.dev")).toEqual([
      'environments.dev.kubernetesVersion "1.33": EKS standard support ended on 2026-07-29; the control plane runs ' +
        "on extended support until 2027-07-29 at $0.60/h instead of $0.10/h; plan the upgrade to 1.34 " +
        '(docs/upgrades.md "Upgrading Kubernetes")',
    ]);
  });

  test.each(["1.35", "1.36"] as KubernetesVersion[])("are none on %s", (version) => {
    expect(versionWarnings({ kubernetesVersion: version }, "environments.lab")).toEqual([]);
  });

  test("remind that node groups held one minor behind must be rolled", () => {
    expect(
      versionWarnings(
        { kubernetesVersion: "1.34", nodeGroupsKubernetesVersion: "1.33" },
        "environments.dev",
      ),
    ).toEqual([
      'environments.dev.nodeGroupsKubernetesVersion "1.33" holds the node groups one minor behind the control ' +
        "plane (1.34); once the add-ons are updated, remove it and deploy the cluster stack to roll the nodes",
    ]);
  });

  test("are annotations of the 1.33 cluster stack", () => {
    const app = Testing.app();
    const stacks = addBlueprint(
      app,
      resolveEnvironments([testEnvironment({ kubernetesVersion: "1.33", gpuNodeGroups: [G6] })]),
    );
    const cluster = stacks.get("test")!.cluster;
    const warnings = cluster.node.metadata
      .filter((m) => m.type === "@cdktf/warn")
      .map((m) => String(m.data));
    expect(warnings.some((w) => w.includes("kubernetes/kubernetes#133920"))).toBe(true);
    expect(warnings.some((w) => w.includes("$0.60/h instead of $0.10/h"))).toBe(true);
  });
});

describe("support reminders", () => {
  test("tell a STANDARD cluster that EKS will upgrade it when standard support ends soon", () => {
    expect(
      supportReminders(
        { kubernetesVersion: "1.34", supportType: "STANDARD" },
        "environments.x",
        "2026-11-20",
      ),
    ).toEqual([
      'environments.x.kubernetesVersion "1.34": EKS standard support ends on 2026-12-02 and supportType "STANDARD" ' +
        'lets EKS upgrade the control plane on its own then; upgrade first, or set supportType "EXTENDED" ' +
        "($0.60/h once standard support ends)",
    ]);
  });

  test("are silent for an EXTENDED cluster and far from the end of standard support", () => {
    expect(
      supportReminders(
        { kubernetesVersion: "1.34", supportType: "EXTENDED" },
        "environments.x",
        "2026-11-20",
      ),
    ).toEqual([]);
    expect(
      supportReminders(
        { kubernetesVersion: "1.35", supportType: "STANDARD" },
        "environments.x",
        VERSIONS_CHECKED_ON,
      ),
    ).toEqual([]);
  });

  test("tell an EXTENDED cluster that standard support ended after the table was checked", () => {
    expect(
      supportReminders(
        { kubernetesVersion: "1.35", supportType: "EXTENDED" },
        "environments.x",
        "2027-03-30",
      ),
    ).toEqual([
      'environments.x.kubernetesVersion "1.35": EKS standard support ended on 2027-03-27; the control plane now ' +
        'costs $0.60/h instead of $0.10/h; plan the upgrade to 1.36 (docs/upgrades.md "Upgrading Kubernetes")',
    ]);
  });

  test("ask for a re-check of the support table once it is old", () => {
    expect(
      supportReminders(
        { kubernetesVersion: "1.36", supportType: "EXTENDED" },
        "environments.x",
        "2027-06-01",
      ),
    ).toEqual([
      `the EKS support dates in lib/compat/kubernetes.ts were checked on ${VERSIONS_CHECKED_ON}, 182 days ago; ` +
        "re-check them against the EKS release calendar (aws eks describe-cluster-versions)",
    ]);
  });
});
