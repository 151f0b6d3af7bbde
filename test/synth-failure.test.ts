/**
 * Every failed synth ends the same way: one clear message, exit code 1, and no output that
 * `cdktf deploy --skip-synth` could apply, not even the previous run's.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ConfigError, formatFailure } from "../lib/errors";
import { synthesizeToOutdir } from "../stacks/blueprint";
import { STACK_OUTPUTS } from "../stacks/synth-output";
import { TERRAFORM_VERSION_FILE } from "../lib/terraform";
import { prepare } from "../scripts/app.cjs";
import { G6, testEnvironment } from "./helpers";

const freshOutdir = () => join(mkdtempSync(join(tmpdir(), "synth-")), "cdktf.out");

function failureOf(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the synth to fail");
}

describe("a failed synth", () => {
  test("removes the previous run's stacks and manifest, so nothing stale can be deployed", () => {
    const outdir = freshOutdir();
    synthesizeToOutdir([testEnvironment()], outdir);
    expect(existsSync(join(outdir, "stacks", "test-cluster", "cdk.tf.json"))).toBe(true);

    const error = failureOf(() =>
      synthesizeToOutdir([testEnvironment({ kubernetesVersion: "1.32" })], outdir),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(
      ["stacks/test-cluster/cdk.tf.json", "stacks/test-platform/cdk.tf.json", "manifest.json"].map(
        (file) => existsSync(join(outdir, file)),
      ),
    ).toEqual([false, false, false]);
  });

  test("that fails after the app exists (a stale policy waiver) leaves no output folder", () => {
    const outdir = freshOutdir();
    const stale = testEnvironment({
      policyWaivers: [
        {
          rule: "KMS_KEY_ROTATION",
          resourcePath: "test-cluster/eks/secrets-key/old",
          reason: "legacy",
        },
      ],
    });
    expect(failureOf(() => synthesizeToOutdir([stale], outdir))).toBeInstanceOf(ConfigError);
    expect(existsSync(outdir)).toBe(false);
  });

  test("duplicate example names are a configuration problem, not a construct crash", () => {
    const outdir = freshOutdir();
    const error = failureOf(() =>
      synthesizeToOutdir(
        [testEnvironment({ gpuNodeGroups: [G6], examples: { include: ["basic", "basic"] } })],
        outdir,
      ),
    );
    expect((error as ConfigError).problems).toEqual([
      'environments.test.examples.include lists "basic" more than once: each example is applied once under its own name; list it once',
    ]);
    expect(existsSync(outdir)).toBe(false);
  });
});

describe("formatFailure", () => {
  test("shows a configuration error as its list of problems", () => {
    expect(formatFailure(new ConfigError(["a", "b"]))).toBe(
      "The blueprint configuration is invalid; nothing was synthesized.\n  - a\n  - b",
    );
  });

  test("names the path and the fix when the output cannot be written", () => {
    const file = join(mkdtempSync(join(tmpdir(), "synth-")), "a-file");
    writeFileSync(file, "");
    const error = failureOf(() => synthesizeToOutdir([testEnvironment()], join(file, "out")));
    expect(formatFailure(error)).toBe(
      `Synth could not write "${join(file, "out", "manifest.json")}": a part of the path is a file, not a folder (ENOTDIR); ` +
        "nothing usable was written. Run synth where the project folder is writable, or point CDKTF_OUTDIR at a writable folder.",
    );
  });

  test("explains a read-only file system", () => {
    const readOnly = Object.assign(new Error("EROFS: read-only file system, mkdir 'cdktf.out'"), {
      code: "EROFS",
      path: "cdktf.out",
    });
    expect(formatFailure(readOnly)).toBe(
      'Synth could not write "cdktf.out": the file system is read-only (EROFS); nothing usable was written. ' +
        "Run synth where the project folder is writable, or point CDKTF_OUTDIR at a writable folder.",
    );
  });

  test("reports any other error in one line with where it was thrown", () => {
    const message = formatFailure(
      new TypeError("Cannot read properties of undefined (reading 'x')\nmore"),
    );
    expect(message).toMatch(
      /^Synth failed: Cannot read properties of undefined \(reading 'x'\) \(thrown at .*synth-failure\.test\.ts:\d+:\d+\)\)\. This is an input the blueprint does not check yet, or a bug in it; nothing usable was written\. Please report it with this message\.$/,
    );
  });
});

describe("the synth entry point", () => {
  test("prints one message and exits 1 on a bad variable, writing nothing", () => {
    const outdir = freshOutdir();
    const run = spawnSync(process.execPath, [require.resolve("tsx/cli"), "main.ts"], {
      env: {
        PATH: process.env.PATH,
        CDKTF_OUTDIR: outdir,
        PROD_P4D_CAPACITY_RESERVATION_ID: "CR-0123456789ABCDEF0",
        PROD_P4D_CAPACITY_RESERVATION_AZ: "us-east-1a",
      },
      encoding: "utf8",
    });
    expect({ status: run.status, stderr: run.stderr, wrote: existsSync(outdir) }).toEqual({
      status: 1,
      stderr:
        "The blueprint configuration is invalid; nothing was synthesized.\n" +
        '  - environments.prod.gpuNodeGroups.p4d.capacityReservationId "CR-0123456789ABCDEF0" is not a capacity reservation ID; copy the "cr-" followed by 17 hex digits from the EC2 console\'s Capacity Reservations page (the value comes from PROD_P4D_CAPACITY_RESERVATION_ID, which is "CR-0123456789ABCDEF0"; it takes the reservation ID as EC2 shows it: "cr-" and 17 lowercase hex digits)\n',
      wrote: false,
    });
  });
});

describe("an app that cannot be built", () => {
  // scripts/app.cjs builds main.ts before any TypeScript runs; a syntax error there must not leave
  // the previous run's stacks deployable either.
  function brokenProject(): { root: string; outdir: string } {
    const root = mkdtempSync(join(tmpdir(), "broken-app-"));
    writeFileSync(join(root, "main.ts"), "const environments = [\n");
    const outdir = join(root, "cdktf.out");
    for (const file of [
      "manifest.json",
      "stacks/dev-cluster/cdk.tf.json",
      "stacks/dev-cluster/versions.tf",
    ]) {
      mkdirSync(dirname(join(outdir, file)), { recursive: true });
      writeFileSync(join(outdir, file), "{}");
    }
    mkdirSync(join(outdir, "stacks", "dev-cluster", ".terraform"));
    return { root, outdir };
  }

  test("names the file and line esbuild stopped at", () => {
    const { root, outdir } = brokenProject();
    expect(prepare(root, outdir).errors).toEqual([
      expect.stringMatching(/^main\.ts:2: Unexpected end of file/),
    ]);
  });

  test("removes the previous run's manifest and stack files, keeping Terraform's own folder", () => {
    const { root, outdir } = brokenProject();
    prepare(root, outdir);
    expect(
      [
        "manifest.json",
        "stacks/dev-cluster/cdk.tf.json",
        "stacks/dev-cluster/versions.tf",
        "stacks/dev-cluster/.terraform",
      ].map((file) => existsSync(join(outdir, file))),
    ).toEqual([false, false, false, true]);
  });

  test("removes every file synth writes per stack, the Terraform version file included", () => {
    expect(STACK_OUTPUTS).toContain(TERRAFORM_VERSION_FILE);
  });
});
