import { Construct } from "constructs";
import type { ChartPin } from "../lib/helm/chart-pin";
import { VOLCANO_NAMESPACE, VOLCANO_RELEASE } from "../lib/volcano/chart";
import { volcanoValues, type VolcanoValuesInput } from "../lib/volcano/values";
import { PinnedHelmRelease } from "./pinned-helm-release";

export interface VolcanoProps {
  /** The Volcano chart, pinned or overridden per environment (`queueing.volcano.chart`). */
  readonly chart: ChartPin;
  /** What the values depend on (the DRA driver's consumable shares); a resolved environment is one. */
  readonly input: VolcanoValuesInput;
}

/**
 * Volcano, the gang scheduler: its scheduler, controllers and admission on the system nodes, with
 * DRA on and webhooks that see only the team namespaces. The chart installs the Volcano CRDs; the
 * team Queues are planned by the queues stack, after this release exists.
 */
export class Volcano extends Construct {
  readonly helm: PinnedHelmRelease;

  constructor(scope: Construct, id: string, props: VolcanoProps) {
    super(scope, id);
    this.helm = new PinnedHelmRelease(this, "volcano", {
      name: VOLCANO_RELEASE,
      namespace: VOLCANO_NAMESPACE,
      chart: props.chart,
      values: volcanoValues(props.input),
    });
  }
}
