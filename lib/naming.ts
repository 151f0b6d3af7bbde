/**
 * Naming rules shared by environments and node groups, and the rule that turns them into the names
 * of environment variables, so config/environments.ts, validation and messages agree.
 */

/** DNS-safe: 1-20 lowercase letters, digits or '-', starting with a letter, not ending with '-'. */
export const NAME_PATTERN = /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/;

/** How {@link NAME_PATTERN} reads in an error message. */
export const NAME_RULE =
  "use 1-20 lowercase letters, digits or '-', starting with a letter and not ending with '-'";

/**
 * The environment variable for a setting of an environment (and optionally one of its node groups):
 * upper case, `-` written as `_`. `envVariable("eu-prod", "p4d", "CAPACITY_RESERVATION_ID")` is
 * `EU_PROD_P4D_CAPACITY_RESERVATION_ID`.
 */
export function envVariable(...parts: readonly string[]): string {
  return parts.map((part) => part.toUpperCase().replace(/-/g, "_")).join("_");
}
