/**
 * Every DCGM query of the alert rules and the GPU dashboard against the metrics the pinned
 * dcgm-exporter collects by default (GPU Operator v26.7.0 reads dcp-metrics-included.csv), with
 * their types and units (test/fixtures/dcgm-exporter, written by scripts/dcgm-metrics.ts).
 */
import exporter from "./fixtures/dcgm-exporter/dcp-metrics-included-4.5.3-4.8.2.json";
import { gpuAlertRules } from "../lib/monitoring/alert-rules";
import { gpuDashboard } from "../lib/monitoring/gpu-dashboard";
import { DCGM, HARDWARE_XIDS } from "../lib/monitoring/queries";

const metrics = new Map(exporter.metrics.map((m) => [m.name, m]));
const rules = gpuAlertRules().flatMap((g) => g.rules);
const panels = gpuDashboard().panels.filter((p) => p.type === "timeseries");
const queries: [string, string][] = [
  ...rules.map((r): [string, string] => [`alert ${r.alert}`, r.expr]),
  ...panels.map((p): [string, string] => [`panel ${p.title}`, p.targets![0].expr]),
];
const dcgmIn = (expr: string) => [...new Set(expr.match(/DCGM_[A-Z0-9_]+/g) ?? [])];

/** Grafana's unit for each unit the exporter's descriptions name. */
const GRAFANA_UNIT: Readonly<Record<string, string>> = {
  MiB: "mbytes",
  "%": "percent",
  ratio: "percentunit",
  W: "watt",
  C: "celsius",
  code: "none",
};

test("the fixture holds the exporter's default metric list", () => {
  expect(exporter.source).toContain("NVIDIA/dcgm-exporter");
  expect(metrics.size).toBeGreaterThan(20);
});

test.each(queries)("%s queries only metrics the exporter collects by default", (_name, expr) => {
  const used = dcgmIn(expr);
  expect(used.filter((name) => !metrics.has(name))).toEqual([]);
});

test.each(queries)("%s takes rates of counters and never of gauges", (_name, expr) => {
  for (const name of dcgmIn(expr)) {
    const inRate = new RegExp(`(rate|irate|increase)\\(${name}`).test(expr);
    expect([name, inRate]).toEqual([name, metrics.get(name)?.type === "counter"]);
  }
});

const dcgmPanels = panels.filter((p) => dcgmIn(p.targets![0].expr).length > 0);

test.each(dcgmPanels.map((p) => [p.title, p]))("panel %s shows its metric's unit", (_t, panel) => {
  const [name] = dcgmIn(panel.targets![0].expr);
  expect(panel.fieldConfig?.defaults.unit).toBe(GRAFANA_UNIT[metrics.get(name)!.unit]);
});

test("GPU memory is in MiB, shown with Grafana's mebibyte unit", () => {
  expect(metrics.get(DCGM.memoryUsed)?.unit).toBe("MiB");
  const memory = panels.filter((p) => p.targets![0].expr.includes(DCGM.memoryUsed));
  expect(memory.map((p) => p.fieldConfig?.defaults.unit)).toEqual(["mbytes", "mbytes"]);
});

test("utilization comes from the profiling metric, which MIG devices report too", () => {
  const utilization = queries.filter(([name]) => /utilization|activity|Idle/i.test(name));
  expect(utilization.length).toBeGreaterThan(2);
  for (const [name, expr] of utilization)
    expect([name, dcgmIn(expr)]).toEqual([name, [DCGM.engineActive]]);
  for (const [name, expr] of queries)
    expect([name, expr.includes("DCGM_FI_DEV_GPU_UTIL")]).toEqual([name, false]);
});

describe("XID", () => {
  const xidQueries = queries.filter(([, expr]) => expr.includes(DCGM.xid));

  test("the exporter's XID metric is the last code, not a count", () => {
    expect(metrics.get(DCGM.xid)).toMatchObject({ type: "gauge", unit: "code" });
  });

  test.each(xidQueries)("%s reads XID only as a change or a code, never as a level", (_n, expr) => {
    const uses = [
      ...expr.matchAll(new RegExp(`(\\w*\\(?)${DCGM.xid}(\\[[^\\]]+\\])?( == \\d+)?`, "g")),
    ];
    for (const [use, fn, window, code] of uses)
      expect([use, fn === "changes(" ? window !== undefined : code !== undefined]).toEqual([
        use,
        true,
      ]);
    expect(expr).toMatch(/changes\(DCGM_FI_DEV_XID_ERRORS\[\d+m\]\) > 0/);
  });

  test.each(xidQueries)("%s matches exactly the hardware codes", (_n, expr) => {
    const codes = [...expr.matchAll(/DCGM_FI_DEV_XID_ERRORS == (\d+)/g)].map((m) => Number(m[1]));
    expect(codes).toEqual([...HARDWARE_XIDS]);
  });

  test("the alert and the dashboard both show hardware XIDs", () => {
    expect(xidQueries.map(([name]) => name)).toEqual([
      "alert GpuHardwareXid",
      "panel Hardware XIDs (code, when a GPU's last XID changed to one)",
    ]);
  });
});
