// The cdktf app (cdktf.json "app") and `npm run synth`: runs main.ts bundled into dist/main.js.
//
// The bundle is rebuilt whenever it is stale, so no synth, diff or deploy can run an old build: the
// content hash of every file esbuild read for the last build (the project's sources and the
// node_modules files they import) is kept in dist/build-inputs.json and compared on each run. A
// fresh bundle costs a few milliseconds of hashing; a rebuild, about a second.
"use strict";
const { createHash } = require("node:crypto");
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const { join, relative } = require("node:path");

const root = join(__dirname, "..");
const dist = join(root, "dist");
const bundle = join(dist, "main.js");
const inputsFile = join(dist, "build-inputs.json");
// The build's own recipe is an input too: a change to it invalidates the bundle.
const recipe = [__filename, join(root, "package-lock.json")];

const hash = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");

function isFresh() {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return false;
  const recorded = JSON.parse(readFileSync(inputsFile, "utf8"));
  return Object.entries(recorded).every(([file, digest]) => {
    const path = join(root, file);
    return existsSync(path) && hash(path) === digest;
  });
}

function build() {
  const result = require("esbuild").buildSync({
    absWorkingDir: root,
    entryPoints: ["main.ts"],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    metafile: true,
    logLevel: "warning",
  });
  const files = [...Object.keys(result.metafile.inputs).map((f) => join(root, f)), ...recipe];
  const inputs = Object.fromEntries(files.map((f) => [relative(root, f), hash(f)]));
  writeFileSync(inputsFile, `${JSON.stringify(inputs, null, 1)}\n`);
}

if (!isFresh()) {
  mkdirSync(dist, { recursive: true });
  build();
}
require(bundle);
