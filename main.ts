import { loadEnvironments } from "./config/environments";
import { formatFailure } from "./lib/errors";
import { SettingSources } from "./lib/provenance";
import { synthesizeBlueprint } from "./stacks/blueprint";

try {
  const sources = new SettingSources();
  synthesizeBlueprint(loadEnvironments(process.env, sources), {}, sources);
} catch (error) {
  console.error(formatFailure(error));
  process.exitCode = 1;
}
