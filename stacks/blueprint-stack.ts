import { TerraformStack } from "cdktf";
import { repairHcl } from "../lib/hcl/repair";

/**
 * A stack whose `cdktf synth --hcl` output parses and means what its JSON means (the exit off the
 * archived cdktf): cdktf's HCL is repaired where its renderer goes wrong (lib/hcl/repair.ts).
 * JSON synthesis, which `npm run synth` and deploys use, is unchanged.
 */
export class BlueprintStack extends TerraformStack {
  override toHclTerraform(): { [key: string]: unknown } {
    const rendered = super.toHclTerraform() as { hcl: string };
    return { ...rendered, hcl: repairHcl(rendered.hcl, this.toTerraform()) };
  }
}
