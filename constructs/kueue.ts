import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { KUEUE_NAMESPACE } from "../lib/queueing/chart";
import { kueueValues } from "../lib/queueing/kueue-values";
import type { QueueingInput, ResolvedQueueing } from "../lib/queueing/settings";
import { PinnedHelmRelease } from "./pinned-helm-release";

export interface KueueProps {
  /** The GPU node groups whose DeviceClasses Kueue counts, and the resolved queueing settings. */
  readonly input: QueueingInput & { readonly queueing: ResolvedQueueing };
  /**
   * Releases installed before Kueue: Kueue's webhooks refuse what they cover while its controller
   * is not ready, so nothing another release needs may wait on it. @default []
   */
  readonly after?: readonly ITerraformDependable[];
}

/**
 * Kueue, the job queue that admits GPU jobs against team quotas, with its controller on the system
 * nodes. The chart installs the queue CRDs; the queue objects themselves are planned by the
 * queues stack, after this release exists.
 */
export class Kueue extends Construct {
  readonly helm: PinnedHelmRelease;

  constructor(scope: Construct, id: string, props: KueueProps) {
    super(scope, id);
    this.helm = new PinnedHelmRelease(this, "kueue", {
      name: "kueue",
      namespace: KUEUE_NAMESPACE,
      chart: props.input.queueing.kueue,
      values: kueueValues(props.input),
      ...(props.after?.length ? { dependsOn: props.after } : {}),
    });
  }
}
