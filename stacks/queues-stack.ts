import { BlueprintStack } from "./blueprint-stack";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { Construct } from "constructs";
import type { ResolvedEnvironment } from "../lib/environment";
import { queueObjects, type QueueObject } from "../lib/queueing/queue-objects";
import { volcanoObjects } from "../lib/volcano/queues";
import { VOLCANO_SCHEDULER_NAME } from "../lib/volcano/chart";
import { queuedGpuPolicy } from "../lib/queueing/admission-policy";
import { kueueNodeGroups } from "../lib/volcano/resolve";
import { configureBackend } from "./backend";
import { connectToCluster, type PlatformStack } from "./platform-stack";

export interface QueuesStackProps {
  readonly environment: ResolvedEnvironment;
  readonly platformStack: PlatformStack;
}

/**
 * The GPU queues of one environment: ResourceFlavors, ClusterQueues, WorkloadPriorityClasses and
 * each team's namespace with its LocalQueue; with Volcano, each team's Volcano Queue and the admission
 * policy that keeps every workload with one admitter (lib/volcano/queues.ts). They are platform configuration, applied whether or
 * not the environment deploys examples, in a stack of their own because `kubernetes_manifest`
 * needs the Kueue CRDs, which the platform stack's Kueue release installs, at plan time.
 */
export class QueuesStack extends BlueprintStack {
  constructor(scope: Construct, id: string, props: QueuesStackProps) {
    super(scope, id);
    const env = props.environment;
    this.addDependency(props.platformStack);
    configureBackend(this, id, env);
    const connection = connectToCluster(this, env);
    new KubernetesProvider(this, "kubernetes", { ...connection, exec: [connection.exec] });

    const objects = queueObjects({
      gpuNodeGroups: kueueNodeGroups(env.gpuNodeGroups, env.volcano),
      queueing: env.queueing,
    });
    const manifest = (o: QueueObject, dependsOn: Manifest[] = []) =>
      new Manifest(
        this,
        [o.kind.toLowerCase(), o.metadata.namespace, o.metadata.name].filter(Boolean).join("-"),
        {
          manifest: o,
          ...(dependsOn.length ? { dependsOn } : {}),
        },
      );
    // Kueue holds a ClusterQueue inactive until its flavors exist, and a LocalQueue until its
    // ClusterQueue does: create them in that order.
    const flavors = objects.resourceFlavors.map((o) => manifest(o));
    objects.workloadPriorityClasses.forEach((o) => manifest(o));
    const clusterQueues = objects.clusterQueues.map((o) => manifest(o, flavors));
    objects.localQueues.forEach((queue, i) => {
      const namespace = manifest(objects.namespaces[i]);
      manifest(queue, [namespace, ...clusterQueues]);
    });
    // GPU work in team namespaces goes through the queues: no bare GPU pods or Deployments there.
    // A binding names its policy, which must exist first.
    const policy = ([created, ...bindings]: readonly QueueObject[]) => {
      const first = manifest(created);
      bindings.forEach((o) => manifest(o, [first]));
    };
    policy(queuedGpuPolicy(env.volcano ? [VOLCANO_SCHEDULER_NAME] : []));
    // Volcano's team Queues need its CRDs, which the platform stack's Volcano release installs.
    const volcano = volcanoObjects(env);
    volcano?.queues.forEach((o) => manifest(o));
    if (volcano) policy(volcano.admissionPolicy);
  }
}
