import { loadEnvironments } from "./config/environments";
import { formatFailure } from "./lib/errors";
import { SettingSources } from "./lib/provenance";
import { synthesizeToOutdir } from "./stacks/blueprint";
import { DEFAULT_OUTDIR } from "./stacks/synth-output";

// The cdktf CLI passes its --output folder in CDKTF_OUTDIR; `npm run synth` uses the default.
const outdir = process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR;
// Records which setting each environment variable filled, so messages can name the variable.
const sources = new SettingSources();
try {
  const { warnings, keptStale } = synthesizeToOutdir(
    loadEnvironments(process.env, sources),
    outdir,
    sources,
  );
  for (const warning of warnings) console.warn(`Warning: ${warning}`);
  for (const name of keptStale) {
    console.warn(
      `Warning: ${outdir}/stacks/${name} is no longer synthesized but holds Terraform state; it was ` +
        "kept. Destroy or move that state, then delete the folder.",
    );
  }
} catch (error) {
  console.error(formatFailure(error));
  process.exitCode = 1;
}
