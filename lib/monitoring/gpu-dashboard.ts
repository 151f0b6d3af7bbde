/**
 * The blueprint's GPU dashboard, generated as Grafana dashboard JSON (schema of Grafana 12:
 * panels with a data source, PromQL targets and a grid position). Rows: per node group, per pod
 * where dcgm-exporter attributes GPUs (dcgm-exporter.ts), and DRA claims in use per driver.
 */
import { PROMETHEUS_DATASOURCE } from "./release";
import { XID_WINDOW } from "./alert-rules";
import { DCGM, DRA_CLAIMS_IN_USE_BY_DRIVER, hardwareXidChanges, withNodeGroup } from "./queries";

export const GPU_DASHBOARD_UID = "eks-gpu-dra-gpus";

interface Target {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat: string;
  readonly datasource: typeof PROMETHEUS_DATASOURCE;
}

export interface Panel {
  readonly id: number;
  readonly type: "timeseries" | "row";
  readonly title: string;
  readonly gridPos: {
    readonly x: number;
    readonly y: number;
    readonly w: number;
    readonly h: number;
  };
  readonly datasource?: typeof PROMETHEUS_DATASOURCE;
  readonly targets?: readonly Target[];
  readonly fieldConfig?: { readonly defaults: { readonly unit: string }; readonly overrides: [] };
  readonly description?: string;
}

export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly schemaVersion: number;
  readonly version: number;
  readonly editable: boolean;
  readonly time: { readonly from: string; readonly to: string };
  readonly refresh: string;
  readonly timezone: string;
  readonly templating: { readonly list: readonly never[] };
  readonly annotations: { readonly list: readonly never[] };
  readonly panels: readonly Panel[];
}

interface PanelSpec {
  readonly title: string;
  readonly expr: string;
  readonly legend: string;
  readonly unit: string;
  readonly description?: string;
}

const NODE_GROUP_PANELS: readonly PanelSpec[] = [
  {
    title: "GPU engine activity by node group",
    expr: `avg by (node_group) (${withNodeGroup(DCGM.engineActive)})`,
    legend: "{{node_group}}",
    unit: "percentunit",
    description: "Graphics-engine activity, reported for whole GPUs and MIG devices alike.",
  },
  {
    title: "GPU memory used by node group",
    expr: `sum by (node_group) (${withNodeGroup(DCGM.memoryUsed)})`,
    legend: "{{node_group}}",
    unit: "mbytes",
  },
  {
    title: "GPU power by node group",
    expr: `sum by (node_group) (${withNodeGroup(DCGM.power)})`,
    legend: "{{node_group}}",
    unit: "watt",
  },
  {
    title: "Hottest GPU by node group",
    expr: `max by (node_group) (${withNodeGroup(DCGM.temperature)})`,
    legend: "{{node_group}}",
    unit: "celsius",
  },
  {
    title: "Hardware XIDs (code, when a GPU's last XID changed to one)",
    expr: `max by (node_group, node, gpu) (${withNodeGroup(hardwareXidChanges(XID_WINDOW))})`,
    legend: "{{node_group}} {{node}} GPU {{gpu}}",
    unit: "none",
    description:
      "XIDs that NVIDIA's Xid catalog resolves with a GPU reset or node service; application XIDs are left out.",
  },
];

const POD_PANELS: readonly PanelSpec[] = [
  {
    title: "GPU engine activity by pod",
    expr: `avg by (exported_namespace, exported_pod) (${DCGM.engineActive}{exported_pod!=""})`,
    legend: "{{exported_namespace}}/{{exported_pod}}",
    unit: "percentunit",
    description:
      "Only GPUs dcgm-exporter attributes to a pod: device-plugin GPUs, and DRA GPUs on Kubernetes 1.34 and later.",
  },
  {
    title: "GPU memory used by namespace",
    expr: `sum by (exported_namespace) (${DCGM.memoryUsed}{exported_pod!=""})`,
    legend: "{{exported_namespace}}",
    unit: "mbytes",
  },
];

const DRA_PANELS: readonly PanelSpec[] = [
  {
    title: "DRA claims in use by driver",
    expr: DRA_CLAIMS_IN_USE_BY_DRIVER,
    legend: "{{driver_name}}",
    unit: "none",
    description:
      "ResourceClaims prepared for running pods, summed over nodes (kubelet metric, Kubernetes 1.34 and later). " +
      "gpu.nvidia.com covers the gpu.nvidia.com and mig.nvidia.com DeviceClasses; compute-domain.nvidia.com the " +
      "ComputeDomain channels and daemons.",
  },
];

const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;

export function gpuDashboard(): Dashboard {
  const panels: Panel[] = [];
  let y = 0;
  const section = (title: string, specs: readonly PanelSpec[]) => {
    panels.push({ id: panels.length + 1, type: "row", title, gridPos: { x: 0, y, w: 24, h: 1 } });
    y += 1;
    specs.forEach((spec, i) => {
      panels.push({
        id: panels.length + 1,
        type: "timeseries",
        title: spec.title,
        ...(spec.description ? { description: spec.description } : {}),
        datasource: PROMETHEUS_DATASOURCE,
        gridPos: {
          x: (i % 2) * PANEL_WIDTH,
          y: y + Math.floor(i / 2) * PANEL_HEIGHT,
          w: PANEL_WIDTH,
          h: PANEL_HEIGHT,
        },
        targets: [
          {
            refId: "A",
            expr: spec.expr,
            legendFormat: spec.legend,
            datasource: PROMETHEUS_DATASOURCE,
          },
        ],
        fieldConfig: { defaults: { unit: spec.unit }, overrides: [] },
      });
    });
    y += Math.ceil(specs.length / 2) * PANEL_HEIGHT;
  };
  section("Node groups", NODE_GROUP_PANELS);
  section("Pods", POD_PANELS);
  section("DRA allocation", DRA_PANELS);
  return {
    uid: GPU_DASHBOARD_UID,
    title: "GPUs (EKS DRA blueprint)",
    tags: ["gpu", "dcgm", "dra"],
    schemaVersion: 41,
    version: 1,
    editable: false,
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    timezone: "utc",
    templating: { list: [] },
    annotations: { list: [] },
    panels,
  };
}
