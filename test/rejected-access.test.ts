/** Settings that leave a cluster without admins or system nodes are refused at synth. */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../lib/errors";
import { synthesizeBlueprint } from "../stacks/blueprint";
import { problemsOrNone, testEnvironment } from "./helpers";

const ADMIN = "arn:aws:iam::111122223333:role/admin";

test("an admin principal from another AWS partition is refused", () => {
  expect(
    problemsOrNone({
      access: { adminPrincipalArns: [ADMIN, "arn:aws-cn:iam::111122223333:role/admin"] },
    }),
  ).toEqual([
    'environments.test.access.adminPrincipalArns entry "arn:aws-cn:iam::111122223333:role/admin" is in the AWS ' +
      'partition "aws-cn", but region "us-east-1" is in "aws", and EKS grants access only to principals of its own ' +
      'partition; use the principal\'s ARN in "aws" ("arn:aws:iam::<account-id>:role/<name>")',
  ]);
});

test("an environment nobody could reach is refused", () => {
  expect(problemsOrNone({ access: { adminPrincipalArns: [], grantDeployerAdmin: false } })).toEqual(
    [
      "environments.test.access.grantDeployerAdmin is false and environments.test.access.adminPrincipalArns is " +
        "empty: no principal would have an access entry, so nobody could reach the cluster (the platform stack's " +
        "deploy included); list at least one admin principal, or leave grantDeployerAdmin on",
    ],
  );
});

test("an admin principal without the deployer's access is enough", () => {
  expect(
    problemsOrNone({ access: { adminPrincipalArns: [ADMIN], grantDeployerAdmin: false } }),
  ).toEqual([]);
});

test("a system node group that may shrink to no nodes is refused", () => {
  expect(
    problemsOrNone({
      systemNodeGroup: { instanceTypes: ["m7i.xlarge"], minSize: 0, desiredSize: 0, maxSize: 2 },
    }),
  ).toEqual([
    "environments.test.systemNodeGroup.minSize 0 lets the system node group shrink to no nodes: GPU nodes are " +
      "tainted, so CoreDNS, the operators, Kueue and the Cluster Autoscaler itself (which could not scale it back " +
      "up) would have nowhere to run; set minSize and desiredSize to at least 1 (2 for CoreDNS's two replicas)",
  ]);
});

test("a refused environment writes no synth output", () => {
  const outdir = join(mkdtempSync(join(tmpdir(), "access-")), "cdktf.out");
  const nobody = testEnvironment({ access: { adminPrincipalArns: [], grantDeployerAdmin: false } });
  expect(() => synthesizeBlueprint([nobody], { outdir })).toThrow(ConfigError);
  expect(existsSync(outdir)).toBe(false);
});
