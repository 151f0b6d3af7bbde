import { loadEnvironments } from "./config/environments";
import { ConfigError } from "./lib/errors";
import { synthesizeBlueprint } from "./stacks/blueprint";

try {
  synthesizeBlueprint(loadEnvironments());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
