/**
 * Every command the docs show exists, and each one that works offline is run by CI (.ci/run) or by a
 * test, so a page cannot keep a command that broke.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { documentationPages } from "../scripts/readme-parts";

const ROOT = join(__dirname, "..");
const scripts = Object.keys(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts);
const text = documentationPages(ROOT)
  .map((page) => readFileSync(join(ROOT, page), "utf8"))
  .join("\n");
const ci = readFileSync(join(ROOT, ".ci", "run"), "utf8");

/** Commands that need AWS, a cluster or minutes, and where their offline part is run instead. */
const NOT_OFFLINE: Record<string, string> = {
  "npm run verify": "needs a cluster; its offline path runs in test/verify.test.ts",
  "npm run bench": "takes minutes; measures, checks nothing",
  "npx cdktf deploy": "needs AWS",
  "npx cdktf destroy": "needs AWS",
  "npx cdktf diff": "needs AWS",
  "npx cdktf output": "needs AWS state",
};

const mentioned = (pattern: RegExp) => [...new Set([...text.matchAll(pattern)].map((m) => m[0]))];

describe("commands in the docs", () => {
  test("every npm run names a script of package.json", () => {
    const missing = mentioned(/npm run ([a-z:-]+)/g)
      .map((c) => c.replace("npm run ", ""))
      .filter((name) => !scripts.includes(name));
    expect(missing).toEqual([]);
  });

  test("every offline command is run by CI", () => {
    const commands = [...mentioned(/npm run [a-z:-]+/g), ...mentioned(/npx cdktf [a-z]+/g)];
    const unrun = commands.filter((c) => !(c in NOT_OFFLINE) && !ci.includes(c));
    expect(unrun).toEqual([]);
  });
});
