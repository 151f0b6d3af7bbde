// Golden files for the launch-template user data the GPU node groups get. The rendered text is what
// nodeadm reads on every GPU node: review a change to test/golden/ like a change to the nodes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GPU_INSTANCE_TYPES, KNOWN_GPU_INSTANCE_TYPES } from "../lib/nodes/gpu-catalog";
import { gpuNodeConfig, mimeUserData } from "../lib/nodes/user-data";
import { parseYamlStrict } from "../lib/yaml";

const golden = (name: string) => readFileSync(join(__dirname, "golden", name), "utf8");

/** The parts of a MIME multi-part document, by content type. */
function mimeParts(text: string): Record<string, string> {
  const boundary = /boundary="([^"]+)"/.exec(text)?.[1];
  if (!boundary) throw new Error("no MIME boundary");
  const [, ...parts] = text.split(`--${boundary}`);
  expect(parts.pop()).toBe("--\n");
  return Object.fromEntries(
    parts.map((part) => {
      const [headers, ...body] = part.replace(/^\n/, "").split("\n\n");
      return [/Content-Type: (\S+)/.exec(headers)?.[1] ?? "", body.join("\n\n")];
    }),
  );
}

describe("GPU node user data", () => {
  const withNvme = KNOWN_GPU_INSTANCE_TYPES.filter((t) => GPU_INSTANCE_TYPES[t].nvmeDisks > 0);

  test.each(withNvme)("%s stripes its NVMe disks with RAID0, as in the golden file", (type) => {
    const config = gpuNodeConfig(GPU_INSTANCE_TYPES[type]);
    expect(config && mimeUserData(config)).toBe(golden("user-data-raid0.mime"));
  });

  test("the golden user data is one nodeadm NodeConfig part that asks for RAID0", () => {
    const parts = mimeParts(golden("user-data-raid0.mime"));
    expect(Object.keys(parts)).toEqual(["application/node.eks.aws"]);
    expect(parseYamlStrict(parts["application/node.eks.aws"])).toEqual([
      {
        apiVersion: "node.eks.aws/v1alpha1",
        kind: "NodeConfig",
        spec: { instance: { localStorage: { strategy: "RAID0" } } },
      },
    ]);
  });

  test("an instance without instance store gets no user data, so EKS's defaults apply", () => {
    expect(gpuNodeConfig({ ...GPU_INSTANCE_TYPES["g6.xlarge"], nvmeDisks: 0 })).toBeUndefined();
  });
});
