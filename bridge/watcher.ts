/**
 * Finds candidate files in the watched folder three ways, because each alone
 * misses some: `Deno.watchFs` for speed, a scan at start-up for files that
 * arrived while the bridge was stopped, and a periodic rescan for events a
 * network share or a sleeping laptop never delivered. Candidates may repeat;
 * the agent sorts out what it has already seen.
 */
import { join } from "node:path";
import { compilePatterns, isTransientName } from "./patterns.ts";
import type { Logger } from "./log.ts";

export interface WatcherOptions {
  watchDir: string;
  patterns: string[];
  rescanIntervalMs: number;
  logger: Logger;
  onCandidate: (path: string) => void;
}

export class FolderWatcher {
  readonly #options: WatcherOptions;
  readonly #matches: (fileName: string) => boolean;
  #fsWatcher: Deno.FsWatcher | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopped = false;
  #missingReported = false;

  constructor(options: WatcherOptions) {
    this.#options = options;
    this.#matches = compilePatterns(options.patterns);
  }

  /** Starts watching and runs the first scan; resolves once the scan is done. */
  async start(): Promise<void> {
    this.#watch();
    await this.scan();
    this.#timer = setInterval(() => {
      if (!this.#fsWatcher) this.#watch();
      this.scan().catch((error) => this.#options.logger.error(`rescan failed: ${error}`));
    }, this.#options.rescanIntervalMs);
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    try {
      this.#fsWatcher?.close();
    } catch {
      // Already closed.
    }
    this.#fsWatcher = null;
  }

  /** Offers every matching file under the folder (subfolders too: some sensors file by date). */
  async scan(): Promise<number> {
    let offered = 0;
    const walk = async (dir: string) => {
      for await (const item of Deno.readDir(dir)) {
        const path = join(dir, item.name);
        if (item.isDirectory) await walk(path);
        else if (item.isFile && this.#accepts(item.name)) {
          this.#options.onCandidate(path);
          offered++;
        }
      }
    };
    try {
      await walk(this.#options.watchDir);
      this.#missingReported = false;
    } catch (error) {
      this.#reportMissing(error);
    }
    return offered;
  }

  #accepts(fileName: string): boolean {
    return !isTransientName(fileName) && this.#matches(fileName);
  }

  #watch() {
    if (this.#stopped) return;
    let watcher: Deno.FsWatcher;
    try {
      watcher = Deno.watchFs(this.#options.watchDir, { recursive: true });
    } catch (error) {
      this.#reportMissing(error);
      return;
    }
    this.#fsWatcher = watcher;
    (async () => {
      for await (const event of watcher) {
        if (event.kind !== "create" && event.kind !== "modify" && event.kind !== "rename") continue;
        for (const path of event.paths) {
          const name = path.split(/[\\/]/).pop() ?? "";
          if (this.#accepts(name)) this.#options.onCandidate(path);
        }
      }
    })().catch((error) => {
      if (!this.#stopped) this.#options.logger.warn(`folder watcher stopped: ${error}`);
    }).finally(() => {
      // The folder went away (unplugged drive, share offline): the rescan timer re-arms it.
      if (this.#fsWatcher === watcher) this.#fsWatcher = null;
    });
  }

  #reportMissing(error: unknown) {
    if (this.#missingReported) return;
    this.#missingReported = true;
    const reason = error instanceof Deno.errors.NotFound ? "does not exist" : String(error);
    this.#options.logger.error(
      `watch folder ${this.#options.watchDir} ${reason}; retrying every ${
        Math.round(this.#options.rescanIntervalMs / 1000)
      } s`,
    );
  }
}
