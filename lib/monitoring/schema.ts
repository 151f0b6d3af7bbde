/** Runtime shape of the monitoring settings; {@link schemaFor} keeps it equal to MonitoringConfig. */
import { z } from "zod";
import { chartSchema } from "../helm/schema";
import { schemaFor } from "../schema";
import type { MonitoringConfig } from "./settings";

export const monitoringSchema = schemaFor<MonitoringConfig>()(
  z.strictObject({
    kubePrometheusStack: chartSchema.optional(),
    retentionDays: z.number().optional(),
    storageGiB: z.number().optional(),
  }),
);
