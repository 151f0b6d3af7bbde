import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { resolveEnvironments } from "../lib/resolve-environments";
import { TERRAFORM_MINIMUM_VERSION } from "../lib/terraform";
import { pagesWithGeneratedParts, readPages } from "../scripts/readme-parts";
import { gangScheduling, staging, teamQueues } from "./readme-snippets";
import { volcanoObjects } from "../lib/volcano/queues";
import { kueueNodeGroups } from "../lib/volcano/resolve";

/** The snippet environment's Capacity Block, as a user sets it once the block is purchased. */
const RESERVED = {
  STAGING_P4D_CAPACITY_RESERVATION_ID: "cr-0123456789abcdef0",
  STAGING_P4D_CAPACITY_RESERVATION_AZ: "us-east-1a",
};

const ROOT = join(__dirname, "..");
const pages = readPages(ROOT);
const page = (name: string): string => pages[name];
const allText = Object.values(pages).join("\n");

describe("README and docs/", () => {
  test("every TypeScript snippet is code in test/readme-snippets.ts, which tsc checks", () => {
    const snippets = [...allText.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    const source = readFileSync(join(__dirname, "readme-snippets.ts"), "utf8");
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    for (const snippet of snippets)
      expect([snippet, source.includes(snippet)]).toEqual([snippet, true]);
  });

  test("the layout table names every folder of lib/ and only paths that exist", () => {
    const layout = page("docs/architecture.md");
    const table = layout.slice(layout.indexOf("| path | what it holds |"));
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
      resolveEnvironments([staging(RESERVED)]).map((e) => e.gpuNodeGroups.map((g) => g.name)),
    ).toEqual([["g6", "p4d"]]);
  });

  test("the queueing snippet splits the snippet environment's devices as the README says", () => {
    const [env] = resolveEnvironments([{ ...staging(RESERVED), queueing: teamQueues }]);
    expect(env.queueing?.teams.map((t) => [t.name, t.namespace, t.devices])).toEqual([
      ["research", "research", { g6: 7, p4d: 40 }],
      ["inference", "serving", { g6: 7, p4d: 72 }],
    ]);
  });

  test("the gang snippet gives each team its g6 share in Volcano and leaves p4d to Kueue, as the page says", () => {
    const [env] = resolveEnvironments([{ ...staging(RESERVED), queueing: gangScheduling }]);
    const queues = volcanoObjects(env)!.queues.map((q) => [
      q.metadata.name,
      (q.spec as { capability: Record<string, string> }).capability["deviceclass/gpu.nvidia.com"],
    ]);
    expect(queues).toEqual([
      ["research", "7"],
      ["inference", "7"],
    ]);
    expect(kueueNodeGroups(env.gpuNodeGroups, env.volcano).map((g) => g.name)).toEqual(["p4d"]);
  });

  test("the Terraform prerequisite is the version every stack pins", () => {
    expect(page("docs/deploying.md")).toContain(
      `| Terraform | ${TERRAFORM_MINIMUM_VERSION} or later |`,
    );
  });

  test("every generated block matches the code (regenerate with npm run docs)", () => {
    expect(pagesWithGeneratedParts(pages)).toEqual(pages);
  });

  test("every relative link points at a file that exists", () => {
    const broken = Object.entries(pages).flatMap(([name, text]) =>
      [...text.matchAll(/\]\(([^)\s#]+)(#[^)\s]*)?\)/g)]
        .map((m) => m[1])
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => !existsSync(join(ROOT, dirname(name), target)))
        .map((target) => `${name} -> ${target}`),
    );
    expect(broken).toEqual([]);
  });

  test("every page under docs/ is linked from the README", () => {
    const readme = page("README.md");
    const unlinked = Object.keys(pages)
      .filter((name) => name.startsWith("docs/"))
      .filter((name) => !readme.includes(`](${name})`));
    expect(unlinked).toEqual([]);
  });

  test("the README stays a front page (at most 150 lines)", () => {
    expect(page("README.md").split("\n").length).toBeLessThanOrEqual(150);
  });
});
