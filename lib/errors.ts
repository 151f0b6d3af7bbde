/**
 * Raised when a configuration cannot be synthesized. It carries every problem found, so a user
 * fixes them in one pass instead of one synth per mistake. Each problem names the setting, the
 * value, why it is wrong and what to do.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The blueprint configuration is invalid; nothing was synthesized.\n${problems
        .map((p) => `  - ${p}`)
        .join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/** Collects problems while a configuration is checked, then throws them together. */
export class Problems {
  private readonly list: string[] = [];

  add(problem: string): void {
    this.list.push(problem);
  }

  get all(): readonly string[] {
    return this.list;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ConfigError(this.list);
  }
}

/** Formats a value the way it appears in a config file, for error messages. */
export function show(value: unknown): string {
  return JSON.stringify(value);
}
