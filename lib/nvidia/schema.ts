/** Runtime shape of the NVIDIA settings; {@link schemaFor} keeps it equal to NvidiaConfig. */
import { z } from "zod";
import { chartFields, chartSchema } from "../helm/schema";
import { schemaFor } from "../schema";
import type { NvidiaConfig } from "./settings";

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
    consumableShares: z.union([z.enum(["memory", "unlimited"]), z.number()]).optional(),
  }),
);
