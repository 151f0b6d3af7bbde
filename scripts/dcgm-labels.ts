/**
 * Writes the labels the DCGM exporter's series carry in Prometheus
 * (test/fixtures/dcgm-exporter/labels-<tag>.json), so tests can check the labels of a PromQL query
 * as test/gpu-metrics.test.ts checks its metric names (fixture from scripts/dcgm-metrics.ts).
 *
 *   git -C <NVIDIA/dcgm-exporter clone> show 4.5.3-4.8.2:etc/dcp-metrics-included.csv > /tmp/dcgm.csv
 *   npx tsx scripts/dcgm-labels.ts 4.5.3-4.8.2 /tmp/dcgm.csv
 *
 * The label names below were read in the same tag: internal/pkg/rendermetrics/render_metrics.go (the
 * per-GPU line: gpu, UUID, pci_bus_id, device, modelName, Hostname; GPU_I_PROFILE and GPU_I_ID on
 * MIG devices), internal/pkg/transformation/const.go and kubernetes.go (pod, namespace, container
 * for pods using the GPU; under DRA also dra_claim_name, dra_claim_namespace, dra_driver_name,
 * dra_pool_name, dra_device_name). `label` rows of the CSV become labels, not series. Prometheus
 * renames the exporter's pod, namespace and container to exported_* because the ServiceMonitor
 * (honorLabels false) sets its own; the target labels are those the Prometheus Operator writes for a
 * ServiceMonitor endpoint. The CSV gives the field values exported as labels (`label` rows).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [tag, csvFile] = process.argv.slice(2);
if (!tag || !csvFile) {
  console.error("usage: npx tsx scripts/dcgm-labels.ts <dcgm-exporter tag> <metrics.csv>");
  process.exit(2);
}
const rows = readFileSync(csvFile, "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"))
  .map((line) => line.split(",").map((cell) => cell.trim()));
const fieldLabels = rows.filter(([, type]) => type === "label").map(([name]) => name);

const fixture = {
  source: `NVIDIA/dcgm-exporter ${tag} (derived by scripts/dcgm-labels.ts)`,
  labels: {
    gpu: ["gpu", "UUID", "pci_bus_id", "device", "modelName", "Hostname", ...fieldLabels],
    mig: ["GPU_I_PROFILE", "GPU_I_ID"],
    pod: ["exported_pod", "exported_namespace", "exported_container"],
    dra: [
      "dra_claim_name",
      "dra_claim_namespace",
      "dra_driver_name",
      "dra_pool_name",
      "dra_device_name",
    ],
    target: ["namespace", "service", "pod", "container", "endpoint", "job", "instance"],
  },
};
const out = join(__dirname, "..", "test", "fixtures", "dcgm-exporter", `labels-${tag}.json`);
writeFileSync(out, `${JSON.stringify(fixture, null, 1)}\n`);
console.log(`wrote the labels to ${out}`);
