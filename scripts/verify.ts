/**
 * Checks a deployed environment against its configuration:
 *   npm run verify -- <environment> [--context <kubeconfig context>] [--timeout <seconds>]
 * Needs kubectl and a kubeconfig for the cluster (the cluster stack's kubeconfig_command output).
 */
import { spawnSync } from "node:child_process";
import { loadEnvironments } from "../config/environments";
import { ConfigError } from "../lib/errors";
import { resolveEnvironments } from "../lib/resolve-environments";
import { unknownEnvironment } from "../lib/verify/usage";
import { VerifyError, verifyEnvironment, type Kubectl } from "../lib/verify/verify";

const kubectl: Kubectl = (args, input) => {
  const result = spawnSync("kubectl", args, {
    input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error)
    throw new VerifyError(
      `cannot run kubectl (${result.error.message}); install kubectl within one minor of the cluster (1.32 to 1.37 for Kubernetes 1.33 to 1.36)`,
    );
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
};

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function main(args: string[]): number {
  const name = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  const environments = resolveEnvironments(loadEnvironments());
  const env = environments.find((e) => e.name === name);
  if (!env) {
    console.error(
      unknownEnvironment(
        name,
        environments.map((e) => e.name),
      ),
    );
    return 2;
  }
  const context = option(args, "--context");
  const timeout = option(args, "--timeout");
  if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout)) {
    console.error(
      `--timeout ${JSON.stringify(timeout)} is not a number of seconds; use e.g. --timeout 900`,
    );
    return 2;
  }
  const result = verifyEnvironment(env, kubectl, {
    ...(context ? { context } : {}),
    ...(timeout ? { exampleTimeoutSeconds: Number(timeout) } : {}),
  });
  console.log(result.table);
  return result.ok ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof VerifyError || error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
