import { loadEnvironments } from "./config/environments";
import { ConfigError } from "./lib/errors";
import { SettingSources } from "./lib/provenance";
import { synthesizeBlueprint } from "./stacks/blueprint";

try {
  const sources = new SettingSources();
  synthesizeBlueprint(loadEnvironments(process.env, sources), {}, sources);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
