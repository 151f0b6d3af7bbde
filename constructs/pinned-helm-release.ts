import { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ChartPin } from "../lib/helm/chart-pin";
import { dropObjectsPostRender, type PostRenderEdit } from "../lib/nvidia/post-render";
import { toYaml } from "../lib/yaml";

export interface PinnedHelmReleaseProps {
  readonly name: string;
  readonly namespace: string;
  readonly chart: ChartPin;
  /** Typed values, rendered to one YAML document. */
  readonly values: object;
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Seconds Helm waits for the release's pods before it rolls back. @default 900 */
  readonly timeoutSeconds?: number;
  /** Objects (`Kind/name`) a post-renderer removes from the rendered chart. @default [] */
  readonly dropObjects?: readonly PostRenderEdit[];
}

/**
 * A Helm release with the settings that make apply and destroy predictable: the chart at an exact
 * version, the namespace created with the release, Helm waiting until pods and jobs are ready, and
 * a failed install or upgrade rolled back instead of left half-applied.
 */
export class PinnedHelmRelease extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: PinnedHelmReleaseProps) {
    super(scope, id);
    this.release = new Release(this, "release", {
      name: props.name,
      namespace: props.namespace,
      createNamespace: true,
      repository: props.chart.repository,
      chart: props.chart.chart,
      version: props.chart.version,
      values: [toYaml(props.values)],
      wait: true,
      waitForJobs: true,
      atomic: true,
      cleanupOnFail: true,
      timeout: props.timeoutSeconds ?? 900,
      maxHistory: 10,
      ...(props.dropObjects?.length
        ? { postrender: dropObjectsPostRender(props.dropObjects) }
        : {}),
      ...(props.dependsOn ? { dependsOn: [...props.dependsOn] } : {}),
    });
  }
}
