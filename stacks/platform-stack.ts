import { BlueprintStack } from "./blueprint-stack";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ClusterAutoscaler } from "../constructs/cluster-autoscaler";
import { DcgmExporterDraAccess } from "../constructs/dcgm-exporter-dra-access";
import { DraDriver } from "../constructs/dra-driver";
import { EfaDevicePlugin } from "../constructs/efa-device-plugin";
import { GpuOperator } from "../constructs/gpu-operator";
import { Keda } from "../constructs/keda";
import { Kueue } from "../constructs/kueue";
import { NvidiaDevicePlugin } from "../constructs/nvidia-device-plugin";
import { Volcano } from "../constructs/volcano";
import { kueueNodeGroups } from "../lib/volcano/resolve";
import { efaDevicePluginValues } from "../lib/efa/device-plugin-values";
import { devicePluginValues } from "../lib/nvidia/device-plugin-values";
import { Monitoring } from "../constructs/monitoring";
import { attributesDraPods } from "../lib/nvidia/dcgm-exporter";
import type { ResolvedEnvironment } from "../lib/environment";
import { configureBackend } from "./backend";
import type { ClusterStack } from "./cluster-stack";

export interface PlatformStackProps {
  readonly environment: ResolvedEnvironment;
  readonly clusterStack: ClusterStack;
}

/** How the Kubernetes-facing providers of a stack reach an environment's cluster. */
export interface ClusterConnection {
  readonly host: string;
  readonly clusterCaCertificate: string;
  readonly exec: { readonly apiVersion: string; readonly command: string; readonly args: string[] };
}

/**
 * Reads the cluster's endpoint and CA at plan time and authenticates with a short-lived token from
 * `aws eks get-token`, so no credential is stored in state. Needs the AWS CLI where Terraform runs.
 */
export function connectToCluster(
  stack: TerraformStack,
  env: ResolvedEnvironment,
): ClusterConnection {
  new AwsProvider(stack, "aws", { region: env.region });
  const cluster = new DataAwsEksCluster(stack, "cluster", { name: env.clusterName });
  return {
    host: cluster.endpoint,
    clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
    exec: {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", env.clusterName, "--region", env.region],
    },
  };
}

/**
 * The in-cluster software of one environment: monitoring, the Cluster Autoscaler, the GPU
 * Operator, the DRA driver, the standalone device plugin for device-plugin groups, the EFA device
 * plugin for EFA groups, Volcano, KEDA where the environment asks for it and, last, Kueue. It is
 * planned after the cluster stack is applied (`cdktf deploy` follows the dependency), because Helm
 * needs a reachable API server.
 */
export class PlatformStack extends BlueprintStack {
  readonly monitoring: Monitoring;
  readonly clusterAutoscaler: ClusterAutoscaler;
  readonly gpuOperator: GpuOperator;
  readonly draDriver: DraDriver;
  /** Present when the environment queues GPU jobs. */
  readonly kueue?: Kueue;
  /** Present when the environment scales workloads with KEDA. */
  readonly keda?: Keda;
  /** Present when the environment schedules gangs with Volcano. */
  readonly volcano?: Volcano;
  readonly devicePlugin?: NvidiaDevicePlugin;
  readonly efaDevicePlugin?: EfaDevicePlugin;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const env = props.environment;
    this.addDependency(props.clusterStack);
    configureBackend(this, id, env);
    const connection = connectToCluster(this, env);
    new HelmProvider(this, "helm", { kubernetes: connection });
    new KubernetesProvider(this, "kubernetes", { ...connection, exec: [connection.exec] });
    this.monitoring = new Monitoring(this, "monitoring", { input: env });
    this.clusterAutoscaler = new ClusterAutoscaler(this, "cluster-autoscaler", {
      cluster: env,
      chart: env.autoscaling.clusterAutoscaler,
    });
    const keda = env.autoscaling.keda;
    if (keda)
      this.keda = new Keda(this, "keda", {
        chart: keda.chart,
        after: [this.monitoring.helm.release],
      });
    this.gpuOperator = new GpuOperator(this, "gpu-operator", {
      platform: env,
      after: [this.monitoring.helm.release],
    });
    if (attributesDraPods(env.kubernetesVersion)) {
      new DcgmExporterDraAccess(this, "dcgm-exporter-dra-access", {
        after: [this.gpuOperator.helm.release],
      });
    }
    this.draDriver = new DraDriver(this, "dra-driver", {
      platform: env,
      after: [this.gpuOperator.helm.release],
    });
    const devicePlugin = devicePluginValues(env);
    if (devicePlugin) {
      this.devicePlugin = new NvidiaDevicePlugin(this, "nvidia-device-plugin", {
        values: devicePlugin,
        after: [this.gpuOperator.helm.release],
      });
    }
    const efa = efaDevicePluginValues(env.gpuNodeGroups);
    if (efa) this.efaDevicePlugin = new EfaDevicePlugin(this, "efa-device-plugin", { values: efa });
    if (env.volcano)
      this.volcano = new Volcano(this, "volcano", { chart: env.volcano.chart, input: env });
    // Kueue last, after every other release: while its controller is not ready its webhooks refuse
    // the Jobs they cover, and a release's hook Job or a GPU node's plugin pod must never wait on it.
    const queueing = env.queueing;
    if (queueing)
      this.kueue = new Kueue(this, "kueue", {
        input: { gpuNodeGroups: kueueNodeGroups(env.gpuNodeGroups, env.volcano), queueing },
        after: this.node.findAll().filter((c): c is Release => c instanceof Release),
      });
  }
}
