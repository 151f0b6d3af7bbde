/**
 * Deployments of the platform that belong on the system nodes only, with the scheduling their
 * chart renders from the blueprint's values: KEDA's operator, metrics server and admission webhook.
 * The KEDA chart (kedacore/charts keda v2.20.2, templates/*\/deployment.yaml) always adds
 * `kubernetes.io/os: linux` to a component's nodeSelector and takes the component's nodeSelector,
 * affinity and tolerations, or the top-level ones when the component's are empty.
 */
import type { NodeAffinity, Toleration } from "../kubernetes";
import { KEDA_DEPLOYMENTS, KEDA_NAMESPACE } from "../keda/release";
import { kedaValues, type KedaValues } from "../keda/values";
import type { Scheduled } from "./daemonsets";

export interface DeploymentModel extends Scheduled {
  /** `namespace/Deployment`. */
  readonly name: string;
}

/** What the system Deployments are rendered from: whether the environment installs KEDA. */
export interface SystemDeploymentsInput {
  readonly autoscaling?: { readonly keda?: unknown };
}

interface ComponentScheduling {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: NodeAffinity;
  readonly tolerations?: readonly Toleration[];
}

const empty = (value: object | undefined) => !value || Object.keys(value).length === 0;

/** Helm's `default`: the component's value unless it is empty. */
function kedaScheduling(component: ComponentScheduling, top: ComponentScheduling): Scheduled {
  const nodeSelector = empty(component.nodeSelector) ? top.nodeSelector : component.nodeSelector;
  const affinity = empty(component.affinity) ? top.affinity : component.affinity;
  const tolerations = empty(component.tolerations) ? top.tolerations : component.tolerations;
  return {
    nodeSelector: { "kubernetes.io/os": "linux", ...nodeSelector },
    ...(affinity && !empty(affinity) ? { affinity } : {}),
    tolerations: tolerations ?? [],
  };
}

export function kedaDeployments(values: KedaValues = kedaValues()): DeploymentModel[] {
  const top = values as ComponentScheduling;
  const at = (name: string) => `${KEDA_NAMESPACE}/${name}`;
  return [
    { name: at(KEDA_DEPLOYMENTS.operator), ...kedaScheduling(values.operator, top) },
    { name: at(KEDA_DEPLOYMENTS.metricsServer), ...kedaScheduling(values.metricsServer, top) },
    { name: at(KEDA_DEPLOYMENTS.webhooks), ...kedaScheduling(values.webhooks, top) },
  ];
}

export function systemDeployments(input: SystemDeploymentsInput): DeploymentModel[] {
  return input.autoscaling?.keda ? kedaDeployments() : [];
}
