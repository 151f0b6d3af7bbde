/**
 * What a scanner finds in cdktf.out: Terraform JSON that Checkov's terraform_json parser reads,
 * and the Terraform version constraint in versions.tf beside it, where Terraform enforces it.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unscannableJsonPaths } from "../lib/policy/scannable-json";
import {
  requiredVersionOf,
  TERRAFORM_REQUIRED_VERSION,
  TERRAFORM_VERSION_FILE,
} from "../lib/terraform";
import { synthesizeToOutdir } from "../stacks/blueprint";
import { G6, testEnvironment } from "./helpers";

const outdir = join(mkdtempSync(join(tmpdir(), "scan-")), "cdktf.out");
synthesizeToOutdir(
  [testEnvironment({ gpuNodeGroups: [G6], examples: { include: ["basic"] } })],
  outdir,
);
const stackDirs = readdirSync(join(outdir, "stacks"));
const read = (stack: string, file: string) =>
  readFileSync(join(outdir, "stacks", stack, file), "utf8");

describe("synth output a scanner reads", () => {
  test("writes every stack", () => {
    expect(stackDirs.sort()).toEqual(["test-cluster", "test-examples", "test-platform"]);
  });

  test.each(stackDirs)("%s pins the Terraform version in versions.tf", (stack) => {
    expect(requiredVersionOf(read(stack, TERRAFORM_VERSION_FILE))).toBe(TERRAFORM_REQUIRED_VERSION);
  });

  test.each(stackDirs)("%s has no required_version in cdk.tf.json", (stack) => {
    expect(JSON.parse(read(stack, "cdk.tf.json")).terraform.required_version).toBeUndefined();
  });

  test.each(stackDirs)("%s has cdk.tf.json the terraform_json parser reads", (stack) => {
    expect(unscannableJsonPaths(JSON.parse(read(stack, "cdk.tf.json")))).toEqual([]);
  });
});

describe("the terraform_json parser's limits, as checkov 3.3.13 has them", () => {
  test("a bare value under terraform stops it", () => {
    expect(unscannableJsonPaths({ terraform: { required_version: ">= 1.11" } })).toEqual([
      "terraform.required_version",
    ]);
  });

  test("a provider written as an object instead of a list stops it", () => {
    expect(unscannableJsonPaths({ provider: { aws: { region: "us-east-1" } } })).toEqual([
      "provider.aws",
    ]);
  });

  test("cdktf's metadata comments are skipped, as the parser skips them", () => {
    expect(
      unscannableJsonPaths({
        "//": { metadata: { version: "0.21.0" } },
        resource: { aws_vpc: { main: { cidr_block: "10.0.0.0/16", "//": { metadata: {} } } } },
        terraform: { backend: { s3: { bucket: "b" } }, required_providers: {} },
      }),
    ).toEqual([]);
  });
});

describe("synth with --hcl (SYNTH_HCL_OUTPUT, as cdktf synth --hcl sets it)", () => {
  test("writes versions.tf beside cdk.tf too, and cdk.tf carries no required_version", () => {
    const previous = process.env.SYNTH_HCL_OUTPUT;
    process.env.SYNTH_HCL_OUTPUT = "true";
    try {
      const hclOut = join(mkdtempSync(join(tmpdir(), "scan-hcl-")), "cdktf.out");
      synthesizeToOutdir([testEnvironment()], hclOut);
      const folder = join(hclOut, "stacks", "test-cluster");
      expect(readdirSync(folder)).toEqual(
        expect.arrayContaining(["cdk.tf", TERRAFORM_VERSION_FILE]),
      );
      expect(readFileSync(join(folder, "cdk.tf"), "utf8")).not.toContain("required_version");
      expect(requiredVersionOf(readFileSync(join(folder, TERRAFORM_VERSION_FILE), "utf8"))).toBe(
        TERRAFORM_REQUIRED_VERSION,
      );
    } finally {
      if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = previous;
    }
  });
});
