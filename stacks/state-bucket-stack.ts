import { BlueprintStack } from "./blueprint-stack";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { StateBucket } from "../constructs/state-bucket";
import type { StateBucket as StateBucketSettings } from "../lib/state/buckets";
import { localStatePath, pinTerraformVersion } from "./backend";

export interface StateBucketStackProps {
  readonly stateBucket: StateBucketSettings;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Bootstrap: the S3 bucket the other stacks keep their state in. Deploy it before them. Its own
 * state stays local (state/<stack>.tfstate), since the bucket cannot hold the state of the apply
 * that creates it.
 */
export class StateBucketStack extends BlueprintStack {
  constructor(scope: Construct, id: string, props: StateBucketStackProps) {
    super(scope, id);
    pinTerraformVersion(this);
    new LocalBackend(this, { path: localStatePath(id) });
    new AwsProvider(this, "aws", {
      region: props.stateBucket.region,
      defaultTags: [{ tags: { ...props.tags } }],
    });
    const state = new StateBucket(this, "state", { bucket: props.stateBucket.bucket });
    new TerraformOutput(this, "bucket", { value: state.bucket.bucket });
  }
}
