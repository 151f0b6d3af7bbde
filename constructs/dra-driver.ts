import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { DRA_DRIVER_NAMESPACE } from "../lib/nvidia/charts";
import type { NvidiaPlatformInput } from "../lib/nvidia/settings";
import { draDriverReleases } from "../lib/nvidia/dra-driver-values";
import { PinnedHelmRelease } from "./pinned-helm-release";

export interface DraDriverProps {
  /** The cluster version, GPU node groups and NVIDIA settings the releases are rendered from. */
  readonly platform: NvidiaPlatformInput;
  /**
   * Installed after these: the GPU Operator, whose feature discovery labels the nodes and whose
   * MIG manager partitions GPUs before the kubelet plugin lists them.
   */
  readonly after: readonly ITerraformDependable[];
}

/**
 * The NVIDIA DRA driver: a release for GPU allocation on `dra` node groups and a release for
 * ComputeDomains on groups with multi-node NVLink, each with its kubelet plugin limited to those
 * nodes. The ComputeDomain release also runs the driver's controller, on the system nodes.
 */
export class DraDriver extends Construct {
  readonly releases: readonly PinnedHelmRelease[];

  constructor(scope: Construct, id: string, props: DraDriverProps) {
    super(scope, id);
    this.releases = draDriverReleases(props.platform).map(
      (release) =>
        new PinnedHelmRelease(this, release.name, {
          name: release.name,
          namespace: DRA_DRIVER_NAMESPACE,
          chart: props.platform.nvidia.draDriver,
          values: release.values,
          dropObjects: release.dropObjects,
          dependsOn: props.after,
        }),
    );
  }
}
