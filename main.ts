import { loadEnvironments } from "./config/environments";
import { ConfigError } from "./lib/errors";
import { synthesizeToOutdir } from "./stacks/blueprint";
import { DEFAULT_OUTDIR } from "./stacks/synth-output";

// The cdktf CLI passes its --output folder in CDKTF_OUTDIR; `npm run synth` uses the default.
const outdir = process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR;
try {
  const { warnings, keptStale } = synthesizeToOutdir(loadEnvironments(), outdir);
  for (const warning of warnings) console.warn(`Warning: ${warning}`);
  for (const name of keptStale) {
    console.warn(
      `Warning: ${outdir}/stacks/${name} is no longer synthesized but holds Terraform state; it was ` +
        "kept. Destroy or move that state, then delete the folder.",
    );
  }
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(`Synth failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
