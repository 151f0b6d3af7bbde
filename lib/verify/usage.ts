/** What `npm run verify` says when it is not told which configured environment to check. */
export const VERIFY_USAGE =
  "usage: npm run verify -- <environment> [--context <name>] [--timeout <seconds>]";

export function unknownEnvironment(name: string | undefined, known: readonly string[]): string {
  const environments = `environments: ${known.join(", ")}`;
  return name === undefined
    ? `${VERIFY_USAGE}; ${environments}`
    : `unknown environment ${name}; ${environments}`;
}
