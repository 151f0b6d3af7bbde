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

/**
 * The one message a failed synth prints, for any error: the configuration's problems as they are;
 * a file system error with the path and what to do; anything else as a bug report, with where it
 * was thrown. The entry point prints it and exits 1.
 */
export function formatFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  const path = (error as { path?: unknown } | null)?.path;
  if (typeof code === "string" && FILE_SYSTEM_ERRORS[code]) {
    return (
      `Synth could not write ${typeof path === "string" ? show(path) : "its output"}: ${FILE_SYSTEM_ERRORS[code]} ` +
      `(${code}); nothing usable was written. Run synth where the project folder is writable, or point ` +
      "CDKTF_OUTDIR at a writable folder."
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const where = error instanceof Error ? firstFrame(error) : undefined;
  return (
    `Synth failed: ${message.split("\n")[0]}${where ? ` (thrown at ${where})` : ""}. This is an input the ` +
    "blueprint does not check yet, or a bug in it; nothing usable was written. Please report it with this message."
  );
}

const FILE_SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  EROFS: "the file system is read-only",
  EACCES: "permission denied",
  EPERM: "the operation is not permitted",
  ENOSPC: "the disk is full",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "a file is in the way",
};

function firstFrame(error: Error): string | undefined {
  const frame = (error.stack ?? "").split("\n").find((line) => line.trim().startsWith("at "));
  return frame
    ?.trim()
    .replace(/^at /, "")
    .replace(process.cwd() + "/", "");
}
