import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveEnvironments } from "../lib/resolve-environments";
import { readmeWithGeneratedParts } from "../scripts/readme-parts";
import { staging } from "./readme-snippets";

const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");

describe("README", () => {
  test("every TypeScript snippet is code in test/readme-snippets.ts, which tsc checks", () => {
    const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    const source = readFileSync(join(__dirname, "readme-snippets.ts"), "utf8");
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    for (const snippet of snippets)
      expect([snippet, source.includes(snippet)]).toEqual([snippet, true]);
  });

  test("the snippet environment passes validation", () => {
    expect(
      resolveEnvironments([staging({})]).map((e) => e.gpuNodeGroups.map((g) => g.name)),
    ).toEqual([["g6", "p4d"]]);
  });

  test("the architecture picture matches the synthesized stacks (regenerate with npm run docs)", () => {
    expect(readmeWithGeneratedParts(readme)).toBe(readme);
  });
});
