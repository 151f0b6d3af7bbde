/**
 * The Terraform release the stacks need: S3 native state locking (`use_lockfile`, which the
 * backend sets) is generally available from Terraform 1.11 (experimental in 1.10; HashiCorp's
 * upgrade guides). Every stack pins it as `required_version`, and the prerequisite in docs/deploying.md is
 * checked against it.
 */
export const TERRAFORM_MINIMUM_VERSION = "1.11";

/** The `terraform.required_version` constraint every stack carries. */
export const TERRAFORM_REQUIRED_VERSION = `>= ${TERRAFORM_MINIMUM_VERSION}`;

/**
 * Where the constraint lives: a native-syntax file beside each stack's `cdk.tf.json`, not in it.
 * Terraform reads every `.tf` and `.tf.json` file of the working directory and enforces the
 * `required_version` of each `terraform` block it finds, so the constraint holds as before.
 * Checkov's `terraform_json` parser (3.3.13, checkov/terraform_json/parser.py) reads only
 * `*.tf.json` and fails on any value under `terraform` that is not an object, such as a
 * `required_version` string (bridgecrewio/checkov#7454); its HCL `terraform` framework reads this
 * file without trouble. docs/scanning.md says more.
 */
export const TERRAFORM_VERSION_FILE = "versions.tf";

/** The content of {@link TERRAFORM_VERSION_FILE} for a constraint. */
export function terraformVersionFile(constraint: string = TERRAFORM_REQUIRED_VERSION): string {
  return (
    "# Written by synth (lib/terraform.ts): the Terraform release every stack needs. It lives here,\n" +
    "# not in cdk.tf.json, so that scanners of Terraform JSON can parse that file (docs/scanning.md).\n" +
    `terraform {\n  required_version = ${JSON.stringify(constraint)}\n}\n`
  );
}

/** The `required_version` a version file sets, or undefined when it sets none. */
export function requiredVersionOf(file: string): string | undefined {
  const match = /^\s*required_version\s*=\s*"([^"]*)"\s*$/m.exec(file);
  return match?.[1];
}
