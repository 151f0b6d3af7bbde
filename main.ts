import { loadEnvironments } from "./config/environments";
import { formatFailure } from "./lib/errors";
import { SettingSources } from "./lib/provenance";
import { synthSummary } from "./lib/synth-summary";
import { synthesizeToOutdir } from "./stacks/blueprint";
import { DEFAULT_OUTDIR, runByCdktfCli } from "./stacks/synth-output";

// The cdktf CLI passes its --output folder in CDKTF_OUTDIR; `npm run synth` uses the default.
const outdir = process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR;
// Under the CLI, everything on stderr is shown as "[ERROR]" and the cluster stacks' warning
// annotations are printed by the CLI itself ("WARN [dev-cluster]: ..."): the app then prints only
// what is not an annotation, on stdout. Run directly, it prints every warning on stderr.
const underCli = runByCdktfCli();
const warn = (message: string) =>
  underCli ? console.log(`Warning: ${message}`) : console.warn(`Warning: ${message}`);
// Records which setting each environment variable filled, so messages can name the variable.
const sources = new SettingSources();
try {
  const result = synthesizeToOutdir(loadEnvironments(process.env, sources), outdir, sources, {
    pruneStale: !underCli,
  });
  const printed = [...(underCli ? [] : result.warnings), ...result.reminders, ...result.staleState];
  for (const message of printed) warn(message);
  const warnings = result.warnings.length + result.reminders.length + result.staleState.length;
  console.log(synthSummary({ outdir, stacksByEnvironment: result.stacksByEnvironment, warnings }));
} catch (error) {
  console.error(formatFailure(error));
  process.exitCode = 1;
}
