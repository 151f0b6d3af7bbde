/** Runtime shape of the autoscaling settings; {@link schemaFor} keeps it equal to AutoscalingConfig. */
import { z } from "zod";
import { chartSchema } from "../helm/schema";
import { schemaFor } from "../schema";
import type { AutoscalingConfig } from "./settings";

export const autoscalingSchema = schemaFor<AutoscalingConfig>()(
  z.strictObject({
    clusterAutoscaler: chartSchema.optional(),
    keda: z.strictObject({ chart: chartSchema.optional() }).optional(),
    scaleDown: z
      .strictObject({
        unneededTime: z.string().optional(),
        utilizationThreshold: z.number().optional(),
        gpuUtilizationThreshold: z.number().optional(),
        delayAfterAdd: z.string().optional(),
      })
      .optional(),
  }),
);
