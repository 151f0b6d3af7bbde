import {
  GPU_INSTANCE_TYPES,
  GPU_MODELS,
  MIG_COMPUTE_SLICES,
  MIG_MEMORY_SLICES,
  nvidiaAmiType,
  type GpuInstanceType,
} from "../lib/nodes/gpu-catalog";
import { builtInLayouts } from "../lib/nodes/mig-layouts";

const instances: [string, GpuInstanceType][] = Object.entries(GPU_INSTANCE_TYPES);

describe("GPU catalog", () => {
  test("EFA cards: all four on P4d/P4de, all 32 on P5, one per GPU on P6e-GB200, none on G6", () => {
    const efa = Object.fromEntries(instances.map(([name, i]) => [name, i.efaNetworkCards.length]));
    expect(efa).toMatchObject({
      "p4d.24xlarge": 4,
      "p4de.24xlarge": 4,
      "p5.48xlarge": 32,
      "p6e-gb200.36xlarge": 4,
    });
    expect(GPU_INSTANCE_TYPES["p6e-gb200.36xlarge"].efaNetworkCards.length).toBe(
      GPU_INSTANCE_TYPES["p6e-gb200.36xlarge"].gpusPerInstance,
    );
    expect(
      instances
        .filter(([n]) => n.startsWith("g6."))
        .every(([, i]) => i.efaNetworkCards.length === 0),
    ).toBe(true);
  });

  test.each(Object.entries(GPU_MODELS))(
    "%s: every MIG profile fits in one GPU's slices",
    (_name, model) => {
      for (const p of model.migProfiles) {
        expect(p.computeSlices).toBeLessThanOrEqual(MIG_COMPUTE_SLICES);
        expect(p.memorySlices).toBeLessThanOrEqual(MIG_MEMORY_SLICES);
      }
    },
  );

  test("built-in layouts fill a GPU as NVIDIA's all-<profile> layouts do", () => {
    expect(builtInLayouts(GPU_MODELS["A100-40GB"])).toEqual({
      "all-disabled": {},
      "all-1g.5gb": { "1g.5gb": 7 },
      "all-1g.10gb": { "1g.10gb": 4 },
      "all-2g.10gb": { "2g.10gb": 3 },
      "all-3g.20gb": { "3g.20gb": 2 },
      "all-4g.20gb": { "4g.20gb": 1 },
      "all-7g.40gb": { "7g.40gb": 1 },
    });
  });

  test("only P6e-GB200 is arm64, sold only as UltraServers of 9 or 18, without MIG", () => {
    const arm = instances.filter(([, i]) => i.cpuArchitecture === "arm64");
    expect(
      arm.map(([name, i]) => [
        name,
        nvidiaAmiType(i.cpuArchitecture),
        i.ultraServerSizes,
        i.capacityBlocks,
      ]),
    ).toEqual([["p6e-gb200.36xlarge", "AL2023_ARM_64_NVIDIA", [9, 18], "only"]]);
    expect(GPU_MODELS.GB200.migProfiles).toEqual([]);
  });

  test("G6 is never sold as Capacity Blocks", () => {
    const g6 = instances.filter(([name]) => name.startsWith("g6."));
    expect(g6.every(([, i]) => i.capacityBlocks === "never")).toBe(true);
  });
});
