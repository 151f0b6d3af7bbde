import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { GPU_OPERATOR_NAMESPACE } from "../lib/nvidia/charts";
import type { NvidiaPlatformInput } from "../lib/nvidia/settings";
import { gpuOperatorValues } from "../lib/nvidia/gpu-operator-values";
import { PinnedHelmRelease } from "./pinned-helm-release";

export interface GpuOperatorProps {
  /** The GPU node groups and NVIDIA settings the values are rendered from. */
  readonly platform: NvidiaPlatformInput;
  /** Installed after these (the monitoring stack, whose ServiceMonitor CRD the operator looks for). @default [] */
  readonly after?: readonly ITerraformDependable[];
}

/**
 * The NVIDIA GPU Operator without driver, toolkit (the EKS AMI has both) and device plugin (the
 * standalone chart serves device-plugin groups): node feature discovery, GPU feature discovery,
 * DCGM metrics and the MIG manager for MIG node groups. Its operator pod runs on the system nodes.
 */
export class GpuOperator extends Construct {
  readonly helm: PinnedHelmRelease;

  constructor(scope: Construct, id: string, props: GpuOperatorProps) {
    super(scope, id);
    this.helm = new PinnedHelmRelease(this, "gpu-operator", {
      name: "gpu-operator",
      namespace: GPU_OPERATOR_NAMESPACE,
      chart: props.platform.nvidia.gpuOperator,
      values: gpuOperatorValues(props.platform),
      ...(props.after?.length ? { dependsOn: props.after } : {}),
    });
  }
}
