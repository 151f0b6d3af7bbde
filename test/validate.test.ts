import { resolveEnvironments } from "../lib/resolve-environments";
import { problemsOf, testEnvironment } from "./helpers";

describe("environment defaults", () => {
  test("Kubernetes 1.33 is the default version", () => {
    const [env] = resolveEnvironments([testEnvironment()]);
    expect(env.kubernetesVersion).toBe("1.33");
  });

  test("a version past standard support defaults to EXTENDED support", () => {
    const [env] = resolveEnvironments([testEnvironment({ kubernetesVersion: "1.33" })]);
    expect(env.supportType).toBe("EXTENDED");
  });

  test("a version in standard support defaults to STANDARD support", () => {
    const [env] = resolveEnvironments([testEnvironment({ kubernetesVersion: "1.35" })]);
    expect(env.supportType).toBe("STANDARD");
  });

  test("1.34 and 1.35 are accepted", () => {
    expect(() =>
      resolveEnvironments([
        testEnvironment({ name: "a", clusterName: "a", kubernetesVersion: "1.34" }),
        testEnvironment({ name: "b", clusterName: "b", kubernetesVersion: "1.35" }),
      ]),
    ).not.toThrow();
  });
});

describe("accepted edge cases", () => {
  test("a public endpoint open to the internet outside production is allowed", () => {
    expect(() =>
      resolveEnvironments([testEnvironment({ endpoint: { publicAccessCidrs: ["0.0.0.0/0"] } })]),
    ).not.toThrow();
  });

  test("every problem is reported at once", () => {
    expect(
      problemsOf([testEnvironment({ kubernetesVersion: "1.30", logRetentionDays: 10 })]),
    ).toHaveLength(2);
  });
});

describe("names shared by environments", () => {
  test("duplicate environment names are refused", () => {
    const problems = problemsOf([
      testEnvironment({ clusterName: "one" }),
      testEnvironment({ clusterName: "two" }),
    ]);
    expect(problems).toEqual([
      'environments[].name "test" is used by more than one environment: environment names must be unique because ' +
        "stack names derive from them; rename one of them",
    ]);
  });

  test("duplicate cluster names are refused", () => {
    const problems = problemsOf([
      testEnvironment({ name: "one" }),
      testEnvironment({ name: "two" }),
    ]);
    expect(problems).toEqual([
      'environments[].clusterName "gpu-test" is used by more than one environment: cluster names must be unique ' +
        "because IAM role, KMS alias and log group names derive from them; rename one of them",
    ]);
  });
});
