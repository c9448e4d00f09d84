/**
 * The bridge's log: each line goes to the console and to `bridge.log` in the
 * state folder, which is what support asks for when a capture "never
 * arrived". The file is rotated once at 5 MB, so a chairside PC running for
 * years keeps at most two files.
 */
import { join } from "node:path";

export type LogLevel = "info" | "warn" | "error";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Resolves when every line so far is on disk. */
  flush(): Promise<void>;
}

const MAX_BYTES = 5 * 1024 * 1024;

export function createLogger(stateDir: string, options: { console?: boolean } = {}): Logger {
  const path = join(stateDir, "bridge.log");
  const toConsole = options.console ?? true;
  let pending: Promise<void> = Promise.resolve();

  const write = (level: LogLevel, message: string) => {
    const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}`;
    if (toConsole) (level === "info" ? console.log : console.error)(line);
    pending = pending.then(async () => {
      try {
        const size = await Deno.stat(path).then((info) => info.size, () => 0);
        if (size > MAX_BYTES) await Deno.rename(path, `${path}.1`);
        await Deno.writeTextFile(path, line + "\n", { append: true, create: true });
      } catch {
        // A full or read-only disk must not stop uploads; the console still has the line.
      }
    });
  };

  return {
    info: (message) => write("info", message),
    warn: (message) => write("warn", message),
    error: (message) => write("error", message),
    flush: () => pending,
  };
}
