/** Production stacks never run silently on local state: synth warns and plan/apply stop. */
import { DataResource, Testing } from "cdktf";
import { resolveEnvironments } from "../lib/resolve-environments";
import { addBlueprint } from "../stacks/blueprint";
import { synthAll, testEnvironment, type SynthJson } from "./helpers";

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
