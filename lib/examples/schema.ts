/** Runtime shape of the example settings; {@link schemaFor} keeps it equal to ExamplesConfig. */
import { z } from "zod";
import { schemaFor } from "../schema";
import type { ExamplesConfig } from "./catalog";

export const examplesSchema = schemaFor<ExamplesConfig>()(
  z.strictObject({
    deploy: z.boolean().optional(),
    include: z.array(z.string()).readonly().optional(),
    timeSlicingInterval: z.string().optional(),
    mps: z
      .strictObject({
        activeThreadPercentage: z.number().optional(),
        pinnedDeviceMemoryLimit: z.string().optional(),
      })
      .optional(),
    inference: z
      .strictObject({
        workloadType: z.string().optional(),
        thresholds: z
          .strictObject({ scaleUp: z.number().optional(), scaleDown: z.number().optional() })
          .optional(),
        minReplicas: z.number().optional(),
        maxReplicas: z.number().optional(),
        fallbackReplicas: z.number().optional(),
      })
      .optional(),
  }),
);
