/** Runtime shape of the network settings; {@link schemaFor} keeps it equal to NetworkConfig. */
import { z } from "zod";
import { schemaFor } from "../schema";
import type { ExistingSubnet, NetworkConfig } from "./settings";

export const existingSubnetSchema = schemaFor<ExistingSubnet>()(
  z.strictObject({ id: z.string(), availabilityZone: z.string() }),
);

export const networkSchema = schemaFor<NetworkConfig>()(
  z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("new"),
      vpcCidr: z.string(),
      availabilityZones: z.array(z.string()).readonly(),
      natGateways: z.enum(["single", "one-per-az"]).optional(),
      flowLogs: z.boolean().optional(),
    }),
    z.strictObject({
      kind: z.literal("existing"),
      vpcId: z.string(),
      privateSubnets: z.array(existingSubnetSchema).readonly(),
    }),
  ]),
);
