/**
 * Where settings came from. config/environments.ts reads account-specific values from environment
 * variables; it records each one here against the setting it fills, so a message about that
 * setting also names the variable, the text it held and the form it takes: the user fixes the
 * variable, not a file they never edited.
 */
import { show } from "./errors";

export interface SettingSource {
  readonly variable: string;
  /** The variable's text as given (before trimming or splitting). */
  readonly value: string;
  /** The accepted form, for the message: `comma-separated CIDRs such as "203.0.113.0/24"`. */
  readonly form: string;
}

/** Setting path (`environments.prod.endpoint.publicAccessCidrs`) -> the variable that filled it. */
export class SettingSources {
  private readonly sources = new Map<string, SettingSource>();

  record(setting: string, source: SettingSource): void {
    this.sources.set(setting, source);
  }

  /** The source of the setting a problem starts with; the longest matching setting path wins. */
  sourceOf(problem: string): SettingSource | undefined {
    let best: [string, SettingSource] | undefined;
    for (const entry of this.sources) {
      const [setting] = entry;
      const next = problem.charAt(setting.length);
      const matches = problem.startsWith(setting) && [" ", ".", "[", ""].includes(next);
      if (matches && (!best || setting.length > best[0].length)) best = entry;
    }
    return best?.[1];
  }

  /** The problem, followed by the variable that set the value, its text and accepted form. */
  attribute(problem: string): string {
    const source = this.sourceOf(problem);
    if (!source) return problem;
    const given = source.value.trim() === "" ? "is set but empty" : `is ${show(source.value)}`;
    return `${problem} (the value comes from ${source.variable}, which ${given}; it takes ${source.form})`;
  }
}
