/** Runtime shape of the NVIDIA settings; {@link schemaFor} keeps it equal to NvidiaConfig. */
import { z } from "zod";
import type { ChartConfig } from "../helm/chart-pin";
import { schemaFor } from "../schema";
import type { NvidiaConfig } from "./settings";

const chartFields = {
  repository: z.string().optional(),
  chart: z.string().optional(),
  version: z.string().optional(),
  allowUntestedVersion: z.boolean().optional(),
};

export const chartSchema = schemaFor<ChartConfig>()(z.strictObject(chartFields));

export const nvidiaSchema = schemaFor<NvidiaConfig>()(
  z.strictObject({
    gpuOperator: chartSchema.optional(),
    draDriver: z
      .strictObject({
        ...chartFields,
        featureGates: z.record(z.string(), z.boolean()).readonly().optional(),
      })
      .optional(),
    gpuSharing: z
      .array(z.enum(["TimeSlicing", "MPS"]))
      .readonly()
      .optional(),
  }),
);
