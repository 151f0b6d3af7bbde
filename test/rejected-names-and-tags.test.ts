/**
 * Names and tags AWS or Kubernetes would refuse, or that would silently unpin a chart, are refused
 * at synth.
 */
import { P4D, problemsOrNone } from "./helpers";

describe("chart overrides", () => {
  test("an empty chart name is refused", () => {
    expect(problemsOrNone({ monitoring: { kubePrometheusStack: { chart: "" } } })).toEqual([
      'environments.test.monitoring.kubePrometheusStack.chart "" is empty: Helm would have no chart to install; ' +
        'remove chart to use the pinned "kube-prometheus-stack", or set a value',
    ]);
  });

  test("an empty version is refused even with allowUntestedVersion", () => {
    expect(
      problemsOrNone({
        monitoring: { kubePrometheusStack: { version: " ", allowUntestedVersion: true } },
      }),
    ).toEqual([
      'environments.test.monitoring.kubePrometheusStack.version " " is empty: Helm would install whatever chart ' +
        'version is newest in the repository, unpinned; remove version to use the pinned "88.5.3", or set an ' +
        "exact version",
    ]);
  });

  test("an empty repository is refused", () => {
    expect(problemsOrNone({ monitoring: { kubePrometheusStack: { repository: "" } } })).toEqual([
      'environments.test.monitoring.kubePrometheusStack.repository "" is empty: Helm would look for the chart in ' +
        'no repository; remove repository to use the pinned "https://prometheus-community.github.io/helm-charts", ' +
        "or set a value",
    ]);
  });
});

describe("MIG layout names, which become the node label nvidia.com/mig.config", () => {
  const withLayout = (name: string) => ({
    migLayouts: { [name]: { "1g.5gb": 7 } },
    gpuNodeGroups: [{ ...P4D, migLayout: name }],
  });

  test("a name with characters a label value cannot hold is refused", () => {
    expect(problemsOrNone(withLayout("small slices!"))).toEqual([
      'environments.test.gpuNodeGroups.p4d.migLayout "small slices!" holds characters a label value cannot, and ' +
        "the layout name becomes the value of the node label nvidia.com/mig.config, which allows at most 63 letters, " +
        "digits, '-', '_' or '.', starting and ending with a letter or digit; rename the layout in migLayouts and here",
    ]);
  });

  test("a name longer than 63 characters is refused", () => {
    const name = `a100-${"x".repeat(60)}`;
    expect(problemsOrNone(withLayout(name))).toEqual([
      `environments.test.gpuNodeGroups.p4d.migLayout "${name}" is 65 characters long, and the layout name becomes ` +
        "the value of the node label nvidia.com/mig.config, which allows at most 63 letters, digits, '-', '_' or " +
        "'.', starting and ending with a letter or digit; rename the layout in migLayouts and here",
    ]);
  });

  test("a 63-character name of label characters is accepted", () => {
    expect(problemsOrNone(withLayout(`a100.${"x".repeat(56)}_1`))).toEqual([]);
  });
});

describe("tags", () => {
  const tags = (count: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`team-${i}`, "gpu"]));

  test("more tags than fit beside the blueprint's own are refused", () => {
    expect(problemsOrNone({ tags: tags(48) })).toEqual([
      "environments.test.tags has 48 tags, but AWS allows 50 per resource and the blueprint adds up to 3 itself " +
        "(eks-gpu-dra/environment, Name, kubernetes.io/role/elb), so at most 47 fit; drop 1 of them or merge " +
        "several into one",
    ]);
  });

  test("47 tags fit", () => {
    expect(problemsOrNone({ tags: tags(47) })).toEqual([]);
  });
});
