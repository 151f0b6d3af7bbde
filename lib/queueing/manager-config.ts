/**
 * Kueue's manager Configuration. The chart takes it as one string
 * (`managerConfig.controllerManagerConfigYaml`) that replaces its default, so the default is
 * repeated here and extended; test/queueing.test.ts proves every default key and value is kept.
 *
 * Source: kubernetes-sigs/kueue v0.19.2 charts/kueue/values.yaml (the default) and
 * apis/config/v1beta2/configuration_types.go (the fields added).
 */
import { TEAM_LABEL } from "./queue-objects";
import { deviceClassMappings, type DeviceClassMapping } from "./resources";
import type { QueueingInput } from "./settings";

/**
 * The job kinds Kueue manages: the blueprint queues `batch/v1` Jobs only (Volcano Jobs go through
 * Volcano). With `pod`, `deployment` or `statefulset` listed, the chart's webhooks for them turn
 * to failure policy Fail, so a Kueue outage would refuse pods in every namespace they cover.
 */
export const KUEUE_FRAMEWORKS = ["batch/job"] as const;

/**
 * The namespaces Kueue manages jobs in: team namespaces, which carry {@link TEAM_LABEL}. The chart
 * renders it as the namespaceSelector of every job webhook, so system namespaces never meet them
 * (kubernetes-sigs/kueue v0.19.2 charts/kueue/templates/webhook/manifests.yaml).
 */
export const MANAGED_JOBS_NAMESPACE_SELECTOR = {
  matchExpressions: [{ key: TEAM_LABEL, operator: "Exists" }],
} as const;

/** The chart's default Configuration, without its commented-out examples. */
export const CHART_DEFAULT_CONFIGURATION = {
  apiVersion: "config.kueue.x-k8s.io/v1beta2",
  kind: "Configuration",
  health: { healthProbeBindAddress: ":8081" },
  metrics: { bindAddress: ":8443" },
  webhook: { port: 9443 },
  leaderElection: { leaderElect: true, resourceName: "c1f6bfd2.kueue.x-k8s.io" },
  controller: {
    groupKindConcurrency: {
      "Job.batch": 5,
      Pod: 5,
      "Workload.kueue.x-k8s.io": 10,
      "LocalQueue.kueue.x-k8s.io": 5,
      "ClusterQueue.kueue.x-k8s.io": 5,
      "ResourceFlavor.kueue.x-k8s.io": 1,
    },
  },
  clientConnection: { qps: 300, burst: 500 },
  integrations: {
    frameworks: [
      "batch/job",
      "kubeflow.org/mpijob",
      "ray.io/rayjob",
      "ray.io/rayservice",
      "ray.io/raycluster",
      "jobset.x-k8s.io/jobset",
      "workload.codeflare.dev/appwrapper",
      "trainer.kubeflow.org/trainjob",
      "pod",
      "deployment",
      "statefulset",
      "leaderworkerset.x-k8s.io/leaderworkerset",
    ],
  },
} as const;

export interface KueueConfiguration {
  readonly apiVersion: string;
  readonly kind: string;
  readonly [field: string]: unknown;
  readonly manageJobsWithoutQueueName: true;
  readonly managedJobsNamespaceSelector: typeof MANAGED_JOBS_NAMESPACE_SELECTOR;
  readonly integrations: { readonly frameworks: readonly string[] };
  readonly waitForPodsReady: {
    readonly timeout: string;
    readonly blockAdmission: boolean;
    readonly requeuingStrategy: {
      readonly timestamp: "Eviction";
      readonly backoffBaseSeconds: number;
      readonly backoffMaxSeconds: number;
    };
  };
  readonly resources: { readonly deviceClassMappings: readonly DeviceClassMapping[] };
}

/**
 * The chart's default plus what GPU queues need: Jobs only, in team namespaces only, and there every
 * Job queued (one without a queue label is suspended until admitted, and the webhook names the
 * namespace's LocalQueue `default` for it), so no Job of a team runs outside its quota; a mapping
 * for each DeviceClass the node groups offer; and waitForPodsReady. Kueue admits a job when quota is free, not when a device fits a
 * node; a job whose pods cannot start in time is evicted and requeued with backoff (the values are
 * the chart's suggested ones), so it does not hold quota forever.
 */
export function kueueConfiguration(input: QueueingInput): KueueConfiguration {
  const queueing = input.queueing;
  if (!queueing) throw new Error("kueueConfiguration needs resolved queueing settings");
  return {
    ...CHART_DEFAULT_CONFIGURATION,
    manageJobsWithoutQueueName: true,
    managedJobsNamespaceSelector: MANAGED_JOBS_NAMESPACE_SELECTOR,
    integrations: { frameworks: [...KUEUE_FRAMEWORKS] },
    waitForPodsReady: {
      timeout: queueing.podsReadyTimeout,
      blockAdmission: false,
      requeuingStrategy: { timestamp: "Eviction", backoffBaseSeconds: 60, backoffMaxSeconds: 3600 },
    },
    resources: { deviceClassMappings: deviceClassMappings(input.gpuNodeGroups) },
  };
}
