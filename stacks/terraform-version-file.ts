import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ISynthesisSession, TerraformStack } from "cdktf";
// cdktf exports no public hook for writing a file beside a stack's JSON; TerraformAsset uses this one.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";
import { TERRAFORM_VERSION_FILE, terraformVersionFile } from "../lib/terraform";

/**
 * Writes the stack's Terraform version constraint to `versions.tf` in the stack's folder when the
 * stack is synthesized (by `cdktf synth`, `npm run synth` or `Testing.fullSynth`, with or without
 * `--hcl`). Terraform enforces it from there; lib/terraform.ts says why it is not in cdk.tf.json.
 */
export class TerraformVersionFile extends Construct {
  /** The file's name in the stack folder and its content. */
  readonly fileName = TERRAFORM_VERSION_FILE;
  readonly content = terraformVersionFile();

  constructor(
    private readonly stack: TerraformStack,
    id = "terraform-version",
  ) {
    super(stack, id);
    addCustomSynthesis(this, { onSynthesize: (session) => this.write(session) });
  }

  private write(session: ISynthesisSession): void {
    const folder = join(session.outdir, session.manifest.forStack(this.stack).workingDirectory);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, this.fileName), this.content);
  }

  /** The files beside cdk.tf.json that a stack's version files write, by name. */
  static filesOf(stack: TerraformStack): Record<string, string> {
    return Object.fromEntries(
      stack.node
        .findAll()
        .filter((c): c is TerraformVersionFile => c instanceof TerraformVersionFile)
        .map((f) => [f.fileName, f.content]),
    );
  }
}
