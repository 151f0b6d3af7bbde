/** Runtime shape of the Volcano settings; {@link schemaFor} keeps it equal to VolcanoConfig. */
import { z } from "zod";
import { chartSchema } from "../helm/schema";
import { schemaFor } from "../schema";
import type { VolcanoConfig } from "./settings";

export const volcanoSchema = schemaFor<VolcanoConfig>()(
  z.strictObject({
    nodeGroups: z.array(z.string()).readonly(),
    chart: chartSchema.optional(),
  }),
);
