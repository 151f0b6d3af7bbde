/** Runtime shape of a policy waiver; {@link schemaFor} keeps it equal to PolicyWaiver. */
import { z } from "zod";
import { schemaFor } from "../schema";
import type { PolicyWaiver } from "./security-policy";

export const policyWaiverSchema = schemaFor<PolicyWaiver>()(
  z.strictObject({ rule: z.string(), resourcePath: z.string(), reason: z.string() }),
);
