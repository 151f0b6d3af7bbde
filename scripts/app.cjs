// The cdktf app (cdktf.json "app") and `npm run synth`: runs main.ts bundled into dist/main.js.
//
// The bundle is rebuilt whenever it is stale, so no synth, diff or deploy can run an old build: the
// content hash of every file esbuild read for the last build (the project's sources and the
// node_modules files they import) is kept in dist/build-inputs.json and compared on each run. A
// fresh bundle costs a few milliseconds of hashing; a rebuild, about a second.
//
// A build that fails (a syntax error in config/environments.ts, a missing package) removes the
// previous run's deployable files, as a failed synth does (stacks/synth-output.ts), so no deploy
// acts on stacks the current sources did not produce.
"use strict";
const { createHash } = require("node:crypto");
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} = require("node:fs");
const { join, relative, resolve } = require("node:path");

const hash = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");

function isFresh(root, bundle, inputsFile) {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return false;
  const recorded = JSON.parse(readFileSync(inputsFile, "utf8"));
  return Object.entries(recorded).every(([file, digest]) => {
    const path = join(root, file);
    return existsSync(path) && hash(path) === digest;
  });
}

function build(root, bundle, inputsFile) {
  // The build's own recipe is an input too: a change to it invalidates the bundle.
  const recipe = [__filename, join(root, "package-lock.json")].filter((f) => existsSync(f));
  const result = require("esbuild").buildSync({
    absWorkingDir: root,
    entryPoints: ["main.ts"],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    metafile: true,
    logLevel: "silent",
  });
  const files = [...Object.keys(result.metafile.inputs).map((f) => join(root, f)), ...recipe];
  const inputs = Object.fromEntries(files.map((f) => [relative(root, f), hash(f)]));
  writeFileSync(inputsFile, `${JSON.stringify(inputs, null, 1)}\n`);
}

/** Removes the manifest and every stack's deployable files, as stacks/synth-output.ts does. */
function clearDeployableOutput(outdir) {
  const outputs = require("../stacks/deployable-outputs.json");
  rmSync(join(outdir, outputs.manifest), { force: true });
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return;
  for (const name of readdirSync(stacks)) {
    const dir = join(stacks, name);
    if (!statSync(dir).isDirectory()) continue;
    for (const output of outputs.perStack)
      rmSync(join(dir, output), { recursive: true, force: true });
  }
}

/** The esbuild errors, one line each, as `file:line: message`. */
function buildErrors(error) {
  const errors = Array.isArray(error.errors) ? error.errors : [];
  if (errors.length === 0) return [String(error.message ?? error)];
  return errors.map((e) =>
    e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text,
  );
}

/**
 * Builds the app under root if its bundle is stale and returns the bundle's path; when the build
 * fails, clears the deployable files in outdir (an absolute path) and returns the errors instead.
 */
function prepare(root, outdir) {
  const dist = join(root, "dist");
  const bundle = join(dist, "main.js");
  const inputsFile = join(dist, "build-inputs.json");
  if (isFresh(root, bundle, inputsFile)) return { bundle };
  mkdirSync(dist, { recursive: true });
  try {
    build(root, bundle, inputsFile);
    return { bundle };
  } catch (error) {
    rmSync(inputsFile, { force: true });
    clearDeployableOutput(outdir);
    return { errors: buildErrors(error) };
  }
}

module.exports = { prepare };

if (require.main === module) {
  const root = join(__dirname, "..");
  // As main.ts reads it: the CLI's --output folder, else cdktf.out under the working directory.
  const outdir = resolve(process.env.CDKTF_OUTDIR || "cdktf.out");
  const result = prepare(root, outdir);
  if (result.errors) {
    console.error(
      [
        "The app could not be built; nothing was synthesized and the previous stacks were removed.",
        ...result.errors.map((e) => `  - ${e}`),
        "Fix the file named above (or run npm ci if a package is missing) and synthesize again.",
      ].join("\n"),
    );
    process.exit(1);
  }
  require(result.bundle);
}
