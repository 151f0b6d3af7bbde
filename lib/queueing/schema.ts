/** Runtime shape of the queueing settings; {@link schemaFor} keeps it equal to QueueingConfig. */
import { z } from "zod";
import { chartSchema } from "../helm/schema";
import { schemaFor } from "../schema";
import { volcanoSchema } from "../volcano/schema";
import type { QueueingConfig, TeamConfig } from "./settings";

export const teamSchema = schemaFor<TeamConfig>()(
  z.strictObject({
    name: z.string(),
    namespace: z.string().optional(),
    devices: z.record(z.string(), z.number()).readonly().optional(),
  }),
);

export const queueingSchema = schemaFor<QueueingConfig>()(
  z.strictObject({
    teams: z.array(teamSchema).readonly(),
    podsReadyTimeout: z.string().optional(),
    kueue: chartSchema.optional(),
    volcano: volcanoSchema.optional(),
  }),
);
