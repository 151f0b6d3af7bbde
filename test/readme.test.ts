import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveEnvironments } from "../lib/resolve-environments";
import { TERRAFORM_MINIMUM_VERSION } from "../lib/terraform";
import { readmeWithGeneratedParts } from "../scripts/readme-parts";
import { staging, teamQueues } from "./readme-snippets";

const ROOT = join(__dirname, "..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README", () => {
  test("every TypeScript snippet is code in test/readme-snippets.ts, which tsc checks", () => {
    const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    const source = readFileSync(join(__dirname, "readme-snippets.ts"), "utf8");
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    for (const snippet of snippets)
      expect([snippet, source.includes(snippet)]).toEqual([snippet, true]);
  });

  test("the layout table names every folder of lib/ and only paths that exist", () => {
    const table = readme.slice(readme.indexOf("| path | what it holds |"));
    const rows = table.slice(0, table.indexOf("\n\n")).split("\n").slice(2);
    const paths = rows.flatMap((row) =>
      [...row.split("|")[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]),
    );
    const folders = readdirSync(join(ROOT, "lib"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `lib/${entry.name}/`);
    expect(folders.filter((folder) => !paths.includes(folder))).toEqual([]);
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  test("the snippet environment passes validation", () => {
    expect(
      resolveEnvironments([staging({})]).map((e) => e.gpuNodeGroups.map((g) => g.name)),
    ).toEqual([["g6", "p4d"]]);
  });

  test("the queueing snippet splits the snippet environment's devices as the README says", () => {
    const [env] = resolveEnvironments([{ ...staging({}), queueing: teamQueues }]);
    expect(env.queueing?.teams.map((t) => [t.name, t.namespace, t.devices])).toEqual([
      ["research", "research", { g6: 8, p4d: 40 }],
      ["inference", "serving", { g6: 8, p4d: 72 }],
    ]);
  });

  test("the Terraform prerequisite is the version every stack pins", () => {
    expect(readme).toContain(`| Terraform | ${TERRAFORM_MINIMUM_VERSION} or later |`);
  });

  test("the architecture picture matches the synthesized stacks (regenerate with npm run docs)", () => {
    expect(readmeWithGeneratedParts(readme)).toBe(readme);
  });
});
