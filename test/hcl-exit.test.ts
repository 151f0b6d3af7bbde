/**
 * `cdktf synth --hcl` is the exit off the archived cdktf: every stack's HCL must parse with a real
 * HCL parser (@cdktf/hcl2json, HashiCorp's hcl library compiled to WebAssembly) and mean what the
 * JSON stack means: the same resources, arguments, providers, outputs and backend. No Terraform
 * binary is needed.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";
import { App } from "cdktf";
import { loadEnvironments } from "../config/environments";
import { envVariable } from "../lib/naming";
import { TERRAFORM_REQUIRED_VERSION, TERRAFORM_VERSION_FILE } from "../lib/terraform";
import { resolveEnvironments } from "../lib/resolve-environments";
import { addBlueprint } from "../stacks/blueprint";
import type { SynthJson } from "./helpers";

/** Meta-arguments whose values are references: bare in HCL, strings in JSON. */
const REFERENCES = ["depends_on", "ignore_changes", "provider"];
const isObject = (v: unknown): v is SynthJson =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * One form for what Terraform reads the same from JSON and HCL: a block written once is an object
 * in JSON and a one-element list in hcl2json's output; numbers and booleans may be strings in JSON;
 * a heredoc always ends with a newline.
 */
function meaning(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => meaning(v, key));
    return items.length === 1 && isObject(items[0]) ? items[0] : items;
  }
  if (isObject(value))
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "//")
        .map(([k, v]) => [k, meaning(v, k)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  const text = String(value).replace(/\n$/, "");
  return REFERENCES.includes(key) ? text.replace(/^\$\{(.*)\}$/s, "$1") : text;
}

const outdir = join(mkdtempSync(join(tmpdir(), "hcl-exit-")), "cdktf.out");
const json: Record<string, SynthJson> = {};
const hcl: Record<string, string> = {};

beforeAll(() => {
  const environments = loadEnvironments({});
  // A state bucket adds the state stack, so every kind of stack is written.
  const withState = loadEnvironments({
    [envVariable(environments[0].name, "STATE_BUCKET")]: "my-state",
  });
  // cdktf reads the CLI's --hcl switch from the environment when the app and its stacks are made.
  process.env.SYNTH_HCL_OUTPUT = "true";
  let stacks: ReturnType<typeof addBlueprint>;
  try {
    const app = new App({ outdir });
    stacks = addBlueprint(app, resolveEnvironments(withState));
    app.synth();
  } finally {
    delete process.env.SYNTH_HCL_OUTPUT;
  }
  for (const stack of [...stacks.values()].flatMap((set) => Object.values(set))) {
    json[stack.node.id] = stack.toTerraform();
    hcl[stack.node.id] = readFileSync(join(outdir, "stacks", stack.node.id, "cdk.tf"), "utf8");
  }
}, 120_000);

describe("cdktf synth --hcl", () => {
  test("writes every stack, the state stack included", () => {
    expect(Object.keys(hcl).some((name) => name.endsWith("-state"))).toBe(true);
    expect(Object.keys(hcl).sort()).toEqual(Object.keys(json).sort());
  });

  test("every stack parses and means what its JSON means", async () => {
    const differing: string[] = [];
    for (const [name, text] of Object.entries(hcl)) {
      const parsed = await parse(`${name}/cdk.tf`, text);
      expect(meaning(parsed)).toEqual(meaning(json[name]));
      if (JSON.stringify(meaning(parsed)) !== JSON.stringify(meaning(json[name])))
        differing.push(name);
    }
    expect(differing).toEqual([]);
  }, 120_000);

  test("the terraform block names the backend as attributes", async () => {
    const [name, text] = Object.entries(hcl)[0];
    const parsed = (await parse(`${name}/cdk.tf`, text)) as SynthJson;
    expect(Object.keys(parsed.terraform[0].backend)).toEqual(
      Object.keys(json[name].terraform.backend),
    );
  });

  test("every stack's versions.tf beside cdk.tf parses and names the Terraform release", async () => {
    for (const name of Object.keys(hcl)) {
      const file = join(outdir, "stacks", name, TERRAFORM_VERSION_FILE);
      const parsed = (await parse(file, readFileSync(file, "utf8"))) as SynthJson;
      expect([name, parsed.terraform[0].required_version]).toEqual([
        name,
        TERRAFORM_REQUIRED_VERSION,
      ]);
    }
  });

  test("preconditions are blocks, as Terraform requires, not attributes", () => {
    const guarded = Object.values(hcl).filter((text) => text.includes("production-state-guard"));
    expect(guarded.length).toBeGreaterThan(0);
    for (const text of guarded) {
      expect(text).toMatch(/^\s*precondition \{$/m);
      expect(text).not.toMatch(/precondition\s*=/);
    }
  });
});
