// The app with the shipped environments repeated BENCH_COPIES times under new names, to show how
// synth grows with the number of environments. Bundled and run by scripts/bench/bench.mjs.
import { loadEnvironments } from "../../config/environments";
import type { EnvironmentConfig } from "../../lib/environment";
import { synthesizeToOutdir } from "../../stacks/blueprint";

const copies = Number(process.env.BENCH_COPIES ?? 1);
const shipped = loadEnvironments({});
const environments: EnvironmentConfig[] = [];
for (let i = 0; i < copies; i++) {
  for (const env of shipped) {
    environments.push({ ...env, name: `${env.name}${i}`, clusterName: `${env.clusterName}-${i}` });
  }
}
synthesizeToOutdir(environments, process.env.CDKTF_OUTDIR ?? "cdktf.out");
console.log(`environments=${environments.length}`);
