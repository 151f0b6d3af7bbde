// npm test: the type check, lint, format check and test suite, run side by side so that the static
// checks overlap jest's start-up and module loading instead of waiting in line. Each command's
// output is printed whole, in a fixed order, once it has finished; the exit code is the first
// non-zero one.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", ".bin");

const steps = [
  ["typecheck", "tsc", ["--noEmit"]],
  ["lint", "eslint", ["."]],
  ["format", "prettier", ["--check", "."]],
  ["jest", "jest", ["--ci", ...process.argv.slice(2)]],
];

function run([name, command, args]) {
  return new Promise((resolve) => {
    const child = spawn(join(bin, command), args, {
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "0" },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ name, code: code ?? 1, output }));
  });
}

const results = await Promise.all(steps.map(run));
let exitCode = 0;
for (const { name, code, output } of results) {
  process.stdout.write(`\n> ${name}${code === 0 ? "" : ` failed (exit ${code})`}\n${output}`);
  if (code !== 0 && exitCode === 0) exitCode = code;
}
process.exitCode = exitCode;
