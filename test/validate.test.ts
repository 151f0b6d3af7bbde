import type { EnvironmentConfig } from "../lib/config";
import { resolveEnvironments } from "../lib/validate";
import { problemOf, problemsOf, testEnvironment } from "./helpers";

const existingVpc = (
  subnets: { id: string; availabilityZone: string }[],
): EnvironmentConfig["network"] => ({
  kind: "existing",
  vpcId: "vpc-0123456789abcdef0",
  privateSubnets: subnets,
});

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

describe("rejected configurations", () => {
  test("a Kubernetes version below 1.33", () => {
    expect(problemOf({ kubernetesVersion: "1.32" })).toBe(
      'environments.test.kubernetesVersion "1.32" is not supported: DRA needs EKS 1.33 or later and the blueprint ' +
        "is tested on 1.33, 1.34, 1.35; use one of those",
    );
  });

  test("an unknown Kubernetes version", () => {
    expect(problemOf({ kubernetesVersion: "1.40" })).toMatch(
      /^environments\.test\.kubernetesVersion "1\.40" is not supported/,
    );
  });

  test("STANDARD support on a version past standard support", () => {
    expect(problemOf({ kubernetesVersion: "1.33", supportType: "STANDARD" })).toBe(
      'environments.test.supportType "STANDARD" cannot be used with kubernetesVersion "1.33": its standard support ' +
        'ended on 2026-07-29 and EKS would upgrade the cluster on its own; set supportType "EXTENDED" or use a newer kubernetesVersion',
    );
  });

  test("a malformed VPC CIDR", () => {
    expect(
      problemOf({
        network: {
          kind: "new",
          vpcCidr: "10.0.0.1/16",
          availabilityZones: ["eu-west-1a", "eu-west-1b"],
        },
      }),
    ).toBe(
      'environments.test.network.vpcCidr "10.0.0.1/16" is not a valid IPv4 CIDR (host bits must be zero); write it as "10.0.0.0/16"',
    );
  });

  test("a VPC CIDR too small for pods", () => {
    expect(
      problemOf({
        network: {
          kind: "new",
          vpcCidr: "10.0.0.0/24",
          availabilityZones: ["eu-west-1a", "eu-west-1b"],
        },
      }),
    ).toMatch(/vpcCidr "10\.0\.0\.0\/24" has prefix \/24: .* use a \/16 to \/20$/);
  });

  test("a public VPC CIDR", () => {
    expect(
      problemOf({
        network: {
          kind: "new",
          vpcCidr: "8.8.0.0/16",
          availabilityZones: ["eu-west-1a", "eu-west-1b"],
        },
      }),
    ).toMatch(/vpcCidr "8\.8\.0\.0\/16" is not in private \(RFC 1918\) address space/);
  });

  test("a service CIDR overlapping the VPC", () => {
    expect(problemOf({ serviceIpv4Cidr: "10.0.128.0/20" })).toBe(
      'environments.test.serviceIpv4Cidr "10.0.128.0/20" overlaps network.vpcCidr "10.0.0.0/16": service IPs would ' +
        "shadow node and pod addresses; choose a service range outside the VPC",
    );
  });

  test("a new VPC over a single zone", () => {
    expect(
      problemOf({
        network: { kind: "new", vpcCidr: "10.0.0.0/16", availabilityZones: ["eu-west-1a"] },
      }),
    ).toMatch(
      /availabilityZones \["eu-west-1a"\] has 1 zones: EKS needs subnets in at least two zones/,
    );
  });

  test("a zone outside the environment's region", () => {
    expect(
      problemOf({
        network: {
          kind: "new",
          vpcCidr: "10.0.0.0/16",
          availabilityZones: ["eu-west-1a", "us-east-1b"],
        },
      }),
    ).toBe(
      'environments.test.network.availabilityZones entry "us-east-1b" is not a zone of region "eu-west-1"; use names such as "eu-west-1a"',
    );
  });

  test("an existing VPC with fewer than two subnets", () => {
    expect(
      problemOf({
        network: existingVpc([{ id: "subnet-0123456789abcdef0", availabilityZone: "eu-west-1a" }]),
      }),
    ).toBe(
      "environments.test.network.privateSubnets has 1 subnet(s): EKS needs at least two subnets in different zones; add a subnet",
    );
  });

  test("an existing VPC whose subnets are all in one zone", () => {
    const subnets = [
      { id: "subnet-0123456789abcdef0", availabilityZone: "eu-west-1a" },
      { id: "subnet-0123456789abcdef1", availabilityZone: "eu-west-1a" },
    ];
    expect(problemOf({ network: existingVpc(subnets) })).toBe(
      'environments.test.network.privateSubnets are all in "eu-west-1a": EKS needs subnets in at least two zones; ' +
        "add a subnet from another zone",
    );
  });

  test("an environment name that is not DNS-safe", () => {
    expect(problemOf({ name: "Dev_1" })).toBe(
      'environments[].name "Dev_1" is not DNS-safe: stack and resource names derive from it; use 1-20 lowercase ' +
        "letters, digits or '-', starting with a letter and not ending with '-'",
    );
  });

  test("duplicate environment names", () => {
    const problems = problemsOf([
      testEnvironment({ clusterName: "one" }),
      testEnvironment({ clusterName: "two" }),
    ]);
    expect(problems).toEqual([
      'environments[].name "test" is used by more than one environment: environment names must be unique because ' +
        "stack names derive from them; rename one of them",
    ]);
  });

  test("duplicate cluster names", () => {
    const problems = problemsOf([
      testEnvironment({ name: "one" }),
      testEnvironment({ name: "two" }),
    ]);
    expect(problems).toEqual([
      'environments[].clusterName "gpu-test" is used by more than one environment: cluster names must be unique ' +
        "because IAM role, KMS alias and log group names derive from them; rename one of them",
    ]);
  });

  test("a public endpoint open to the internet in production", () => {
    expect(problemOf({ production: true, endpoint: { publicAccessCidrs: ["0.0.0.0/0"] } })).toBe(
      'environments.test.endpoint.publicAccessCidrs contains "0.0.0.0/0" in a production environment: the Kubernetes ' +
        "API would be reachable from the whole internet; list your office or VPN ranges, or leave it empty for a " +
        "private-only endpoint",
    );
  });

  test("a public endpoint open to the internet outside production is allowed", () => {
    expect(() =>
      resolveEnvironments([testEnvironment({ endpoint: { publicAccessCidrs: ["0.0.0.0/0"] } })]),
    ).not.toThrow();
  });

  test("an invalid public access CIDR", () => {
    expect(problemOf({ endpoint: { publicAccessCidrs: ["203.0.113.7"] } })).toBe(
      'environments.test.endpoint.publicAccessCidrs entry "203.0.113.7" is not a valid IPv4 CIDR; write it as "203.0.113.0/24"',
    );
  });

  test("an admin principal that is an assumed-role session", () => {
    expect(
      problemOf({
        access: { adminPrincipalArns: ["arn:aws:sts::111122223333:assumed-role/admin/jane"] },
      }),
    ).toMatch(/access\.adminPrincipalArns entry ".*" is not an IAM role or user ARN/);
  });

  test("a single system node in production", () => {
    expect(
      problemOf({ production: true, systemNodeGroup: { minSize: 1, desiredSize: 1 } }),
    ).toMatch(
      /^environments\.test\.systemNodeGroup\.minSize 1 is below 2 in a production environment/,
    );
  });

  test("system node sizes out of order", () => {
    expect(problemOf({ systemNodeGroup: { minSize: 3, desiredSize: 2, maxSize: 4 } })).toBe(
      "environments.test.systemNodeGroup sizes min 3, desired 2, max 4 are not valid: EKS needs whole numbers with " +
        "min <= desired <= max and max >= 1; adjust minSize, desiredSize or maxSize",
    );
  });

  test("a log retention CloudWatch does not accept", () => {
    expect(problemOf({ logRetentionDays: 10 })).toMatch(
      /^environments\.test\.logRetentionDays 10 is not a retention/,
    );
  });

  test("an invalid state bucket name", () => {
    expect(problemOf({ stateBackend: { bucket: "My_Bucket" } })).toMatch(
      /stateBackend\.bucket "My_Bucket" is not a valid S3 bucket name/,
    );
  });

  test("every problem is reported at once", () => {
    expect(
      problemsOf([testEnvironment({ kubernetesVersion: "1.30", logRetentionDays: 10 })]),
    ).toHaveLength(2);
  });
});
