/**
 * The Terraform release the stacks need: S3 native state locking (`use_lockfile`, which the
 * backend sets) arrived in Terraform 1.10. Every stack pins it as `required_version`, and the
 * README's prerequisite is checked against it.
 */
export const TERRAFORM_MINIMUM_VERSION = "1.10";

/** The `terraform.required_version` constraint every stack carries. */
export const TERRAFORM_REQUIRED_VERSION = `>= ${TERRAFORM_MINIMUM_VERSION}`;
