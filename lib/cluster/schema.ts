/** Runtime shape of the control-plane settings; {@link schemaFor} keeps it equal to ClusterConfig. */
import { z } from "zod";
import { schemaFor } from "../schema";
import type { AccessConfig, ClusterConfig, EndpointConfig, StateBackendConfig } from "./settings";
import { CONTROL_PLANE_PRICE_PER_HOUR, type SupportType } from "./versions";

const SUPPORT_TYPES = Object.keys(CONTROL_PLANE_PRICE_PER_HOUR) as [SupportType, ...SupportType[]];

export const endpointSchema = schemaFor<EndpointConfig>()(
  z.strictObject({ publicAccessCidrs: z.array(z.string()).readonly().optional() }),
);

export const accessSchema = schemaFor<AccessConfig>()(
  z.strictObject({
    adminPrincipalArns: z.array(z.string()).readonly().optional(),
    grantDeployerAdmin: z.boolean().optional(),
  }),
);

export const stateBackendSchema = schemaFor<StateBackendConfig>()(
  z.strictObject({
    bucket: z.string(),
    region: z.string().optional(),
    keyPrefix: z.string().optional(),
  }),
);

/** The cluster's fields, for the environment schema to extend. */
export const clusterFields = {
  region: z.string(),
  clusterName: z.string(),
  kubernetesVersion: z.string().optional(),
  nodeGroupsKubernetesVersion: z.string().optional(),
  supportType: z.enum(SUPPORT_TYPES).optional(),
  serviceIpv4Cidr: z.string().optional(),
  endpoint: endpointSchema.optional(),
  access: accessSchema.optional(),
  stateBackend: stateBackendSchema.optional(),
  logRetentionDays: z.number().optional(),
  deletionProtection: z.boolean().optional(),
};

export const clusterSchema = schemaFor<ClusterConfig>()(z.strictObject(clusterFields));
