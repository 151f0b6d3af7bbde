/**
 * The Terraform release the stacks need: S3 native state locking (`use_lockfile`, which the
 * backend sets) is generally available from Terraform 1.11 (experimental in 1.10; HashiCorp's
 * upgrade guides). Every stack pins it as `required_version`, and the prerequisite in docs/deploying.md is
 * checked against it.
 */
export const TERRAFORM_MINIMUM_VERSION = "1.11";

/** The `terraform.required_version` constraint every stack carries. */
export const TERRAFORM_REQUIRED_VERSION = `>= ${TERRAFORM_MINIMUM_VERSION}`;
