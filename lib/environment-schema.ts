/**
 * The runtime shape of a whole environment, composed of each concern's schema. A new setting is
 * added to its concern's settings type and to the schema beside it (lib/<concern>/schema.ts);
 * a new top-level setting also gets one line here. `schemaFor` refuses to compile until the
 * type and the schema agree.
 */
import { z } from "zod";
import { autoscalingSchema } from "./autoscaling/schema";
import { clusterFields } from "./cluster/schema";
import type { EnvironmentConfig } from "./environment";
import { examplesSchema } from "./examples/schema";
import { monitoringSchema } from "./monitoring/schema";
import { networkSchema } from "./network/schema";
import { gpuNodeGroupSchema, migLayoutSchema, systemNodeGroupSchema } from "./nodes/schema";
import { nvidiaSchema } from "./nvidia/schema";
import { policyWaiverSchema } from "./policy/waiver-schema";
import { queueingSchema } from "./queueing/schema";
import { schemaFor } from "./schema";

export const environmentSchema = schemaFor<EnvironmentConfig>()(
  z.strictObject({
    name: z.string(),
    production: z.boolean(),
    ...clusterFields,
    network: networkSchema,
    systemNodeGroup: systemNodeGroupSchema.optional(),
    tags: z.record(z.string(), z.string()).readonly().optional(),
    gpuNodeGroups: z.array(gpuNodeGroupSchema).readonly().optional(),
    migLayouts: z.record(z.string(), migLayoutSchema).readonly().optional(),
    nvidia: nvidiaSchema.optional(),
    examples: examplesSchema.optional(),
    policyWaivers: z.array(policyWaiverSchema).readonly().optional(),
    autoscaling: autoscalingSchema.optional(),
    monitoring: monitoringSchema.optional(),
    queueing: queueingSchema.optional(),
  }),
);
