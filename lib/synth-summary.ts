/**
 * The closing line of a synth: what was written where, per environment, and how many warnings the
 * run printed, so a successful run says it succeeded even when warnings scrolled past.
 */
export interface SynthSummaryInput {
  readonly outdir: string;
  readonly stacksByEnvironment: readonly { environment: string; stacks: readonly string[] }[];
  readonly warnings: number;
}

export function synthSummary(input: SynthSummaryInput): string {
  const total = input.stacksByEnvironment.reduce((n, e) => n + e.stacks.length, 0);
  const perEnvironment = input.stacksByEnvironment
    .map((e) => `${e.environment} (${e.stacks.join(", ")})`)
    .join("; ");
  const warnings = `${input.warnings} warning${input.warnings === 1 ? "" : "s"}`;
  return `Synthesized ${total} stack${total === 1 ? "" : "s"} into ${input.outdir}: ${perEnvironment}. ${warnings}.`;
}
