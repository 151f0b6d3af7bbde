/** Runtime shape of the node group settings; {@link schemaFor} keeps each equal to its type. */
import { z } from "zod";
import { existingSubnetSchema } from "../network/schema";
import { schemaFor } from "../schema";
import type { GpuNodeGroupConfig, MigLayout, SystemNodeGroupConfig } from "./settings";

export const systemNodeGroupSchema = schemaFor<SystemNodeGroupConfig>()(
  z.strictObject({
    instanceTypes: z.array(z.string()).readonly().optional(),
    minSize: z.number().optional(),
    desiredSize: z.number().optional(),
    maxSize: z.number().optional(),
    diskSizeGiB: z.number().optional(),
  }),
);

export const gpuNodeGroupSchema = schemaFor<GpuNodeGroupConfig>()(
  z.strictObject({
    name: z.string(),
    instanceType: z.string(),
    capacityType: z.enum(["ON_DEMAND", "CAPACITY_BLOCK"]),
    capacityReservationId: z.string().optional(),
    capacityReservationAz: z.string().optional(),
    scaledToZero: z.boolean().optional(),
    subnets: z.array(existingSubnetSchema).readonly().optional(),
    allocation: z.enum(["dra", "device-plugin"]),
    computeDomains: z.boolean().optional(),
    migLayout: z.string().optional(),
    amiType: z.string().optional(),
    minSize: z.number().optional(),
    desiredSize: z.number().optional(),
    maxSize: z.number().optional(),
    rootVolumeGiB: z.number().optional(),
    labels: z.record(z.string(), z.string()).readonly().optional(),
  }),
);

export const migLayoutSchema = schemaFor<MigLayout>()(z.record(z.string(), z.number()).readonly());
