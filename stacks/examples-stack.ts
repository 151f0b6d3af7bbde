import { BlueprintStack } from "./blueprint-stack";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedEnvironment } from "../lib/environment";
import { renderGangExamples } from "../lib/examples/gang";
import { renderQueuedExamples } from "../lib/examples/queued";
import { renderExamples, type KubeObject } from "../lib/examples/render";
import { kueueNodeGroups } from "../lib/volcano/resolve";
import { unwaivedProblems } from "../lib/examples/waivers";
import { configureBackend } from "./backend";
import { connectToCluster } from "./platform-stack";
import type { PlatformStack } from "./platform-stack";

const WORKLOAD_KINDS = ["Pod", "Job", "Deployment"];
/** Objects that act on a workload: applied after it. */
const SCALER_KINDS = ["ScaledObject"];

export interface ExamplesStackProps {
  readonly environment: ResolvedEnvironment;
  readonly platformStack: PlatformStack;
  /** The environment's queues, which the queued examples submit to. */
  readonly queuesStack?: TerraformStack;
}

/**
 * Applies an environment's example workloads, the objects examples/k8s-dra holds for the
 * reference environment. `kubernetes_manifest` plans against the live API, so this stack comes
 * after the platform stack has installed the DRA driver and its CRDs.
 */
export class ExamplesStack extends BlueprintStack {
  constructor(scope: Construct, id: string, props: ExamplesStackProps) {
    super(scope, id);
    const env = props.environment;
    this.addDependency(props.platformStack);
    if (props.queuesStack) this.addDependency(props.queuesStack);
    configureBackend(this, id, env);
    const connection = connectToCluster(this, env);
    new KubernetesProvider(this, "kubernetes", { ...connection, exec: [connection.exec] });

    // Queued examples go to Kueue's node groups only; gangs to Volcano's.
    const kueueEnv = { ...env, gpuNodeGroups: kueueNodeGroups(env.gpuNodeGroups, env.volcano) };
    const examples = [
      ...renderExamples(env),
      ...renderQueuedExamples(kueueEnv),
      ...renderGangExamples(env),
    ];
    // The Kubernetes rules judge what this stack applies: a finding without a written waiver
    // (an example added without the hardening, say) stops synth.
    this.node.addValidation({ validate: () => examples.flatMap(unwaivedProblems) });
    for (const example of examples) {
      const [namespace, ...objects] = example.objects;
      const id = (o: KubeObject) => `${example.name}-${o.kind.toLowerCase()}-${o.metadata.name}`;
      const ns = new Manifest(this, id(namespace), { manifest: namespace });
      const isWorkload = (o: KubeObject) => WORKLOAD_KINDS.includes(o.kind);
      const isScaler = (o: KubeObject) => SCALER_KINDS.includes(o.kind);
      // Claims, the ComputeDomain and the LocalQueue first, then the pods and jobs that use them,
      // then the ScaledObjects that scale them.
      const prerequisites = objects
        .filter((o) => !isWorkload(o) && !isScaler(o))
        .map((o) => new Manifest(this, id(o), { manifest: o, dependsOn: [ns] }));
      const workloads = objects.filter(isWorkload).map(
        (workload) =>
          new Manifest(this, id(workload), {
            manifest: workload,
            dependsOn: [ns, ...prerequisites],
          }),
      );
      for (const scaler of objects.filter(isScaler)) {
        new Manifest(this, id(scaler), { manifest: scaler, dependsOn: [ns, ...workloads] });
      }
    }
  }
}
