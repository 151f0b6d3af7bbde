/** Production stacks never run silently on local state: synth warns and plan/apply stop. */
import { DataResource, Testing } from "cdktf";
import { resolveEnvironments } from "../lib/resolve-environments";
import { addBlueprint } from "../stacks/blueprint";
import { shippedEnvironments, synthAll, testEnvironment, type SynthJson } from "./helpers";

const GUARD = "terraform_data.production-state-guard";
const guardsOf = (stack: SynthJson) => Object.values(stack.resource?.terraform_data ?? {});

describe("production on local state", () => {
  const production = testEnvironment({ production: true, systemNodeGroup: { minSize: 2 } });

  test("every production stack carries a precondition that stops plan and names the variable", () => {
    const stacks = synthAll([production]);
    for (const name of ["test-cluster", "test-platform"]) {
      const [guard] = guardsOf(stacks[name]) as SynthJson[];
      expect(guard.lifecycle.precondition).toEqual([
        {
          condition: '${(local.state_backend == "s3")}',
          error_message:
            "Environment test is production and keeps its Terraform state in local files (unlocked, on one machine), so plan and apply stop here. To fix it, set TEST_STATE_BUCKET to an S3 bucket name (or stateBackend in config/environments.ts) and synthesize again; deploy the test-state stack it adds first, which creates the bucket.",
        },
      ]);
      expect(stacks[name].locals.state_backend).toBe("local");
    }
  });

  test("synth warns, naming the variable", () => {
    const warnings = resolveEnvironments([production])[0].warnings;
    expect(warnings.filter((w) => w.includes("stateBackend"))).toEqual([
      "environments.test is production but has no stateBackend, so its state would be local files: cdktf plan and deploy will stop at the production-state-guard precondition; set TEST_STATE_BUCKET to an S3 bucket name (or stateBackend in config/environments.ts) and synthesize again; deploy the test-state stack it adds first, which creates the bucket",
    ]);
  });

  test("the guard is a plain terraform_data resource, so synth needs no Terraform binary", () => {
    // cdktf's DataResource class runs `terraform version` when the stack is validated: on a
    // machine without Terraform every production synth would fail.
    const app = Testing.app();
    const stacks = addBlueprint(app, resolveEnvironments([production]));
    const all = [...stacks.values()].flatMap((set) => Object.values(set));
    expect(
      all.flatMap((stack) => stack.node.findAll()).filter((c) => c instanceof DataResource),
    ).toEqual([]);
    expect(Object.keys(synthAll([production])["test-cluster"].resource.terraform_data)).toEqual([
      "production-state-guard",
    ]);
  });

  test("a production stack on S3 state has no guard", () => {
    const stacks = synthAll([{ ...production, stateBackend: { bucket: "my-state" } }]);
    expect(guardsOf(stacks["test-cluster"])).toEqual([]);
  });

  test("a development stack on local state has no guard", () => {
    expect(guardsOf(synthAll([testEnvironment()])["test-cluster"])).toEqual([]);
  });
});

describe("a targeted plan of a production stack on local state", () => {
  /** Every managed resource, by address, with the addresses it depends on. */
  const dependencies = (stack: SynthJson) =>
    Object.entries(stack.resource ?? {}).flatMap(([type, byId]) =>
      Object.entries(byId as Record<string, SynthJson>).map(
        ([id, body]) => [`${type}.${id}`, (body.depends_on ?? []) as string[]] as const,
      ),
    );

  test("meets the guard: every other resource of every shipped production stack depends on it", () => {
    const production = shippedEnvironments().filter((env) => env.production && !env.stateBackend);
    expect(production.length).toBeGreaterThan(0);
    const stacks = synthAll(shippedEnvironments());
    const guarded = Object.entries(stacks).filter(([name]) =>
      production.some((env) => name.startsWith(`${env.name}-`) && !name.endsWith("-state")),
    );
    expect(guarded.length).toBeGreaterThan(0);
    for (const [, stack] of guarded) {
      const unguarded = dependencies(stack).filter(
        ([address, dependsOn]) => address !== GUARD && !dependsOn.includes(GUARD),
      );
      expect(unguarded).toEqual([]);
    }
  });

  test("a development stack's resources depend on no guard", () => {
    const stack = synthAll([testEnvironment()])["test-cluster"];
    expect(dependencies(stack).filter(([, dependsOn]) => dependsOn.includes(GUARD))).toEqual([]);
  });
});
