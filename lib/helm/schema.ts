/** Runtime shape of a chart override; {@link schemaFor} keeps it equal to ChartConfig. */
import { z } from "zod";
import { schemaFor } from "../schema";
import type { ChartConfig } from "./chart-pin";

/** A chart override's fields, for schemas that extend it. */
export const chartFields = {
  repository: z.string().optional(),
  chart: z.string().optional(),
  version: z.string().optional(),
  allowUntestedVersion: z.boolean().optional(),
};

export const chartSchema = schemaFor<ChartConfig>()(z.strictObject(chartFields));
