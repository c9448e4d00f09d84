/**
 * A sensor program writes an image over tens or hundreds of milliseconds, and
 * some write a placeholder first and fill it later. A file is read only once
 * its size and modification time have stayed the same for `waitMs`, so the
 * bridge never uploads half an image.
 */

export interface FileSnapshot {
  size: number;
  mtimeMs: number;
}

export interface StabilityOptions {
  /** How long size and mtime must stay unchanged. */
  waitMs: number;
  /** How often to look again while waiting. */
  pollMs: number;
  /** Gives up (null) when the file keeps changing for this long; default 10 minutes. */
  maxWaitMs?: number;
  /** Aborting ends the wait with null. */
  signal?: AbortSignal;
  stat?: (path: string) => Promise<FileSnapshot | null>;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Size and mtime of a regular file, or null when it is gone or not a file. */
export async function statFile(path: string): Promise<FileSnapshot | null> {
  try {
    const info = await Deno.stat(path);
    if (!info.isFile) return null;
    return { size: info.size, mtimeMs: info.mtime?.getTime() ?? 0 };
  } catch {
    return null;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Resolves with the settled snapshot, or null when the file disappeared, never
 * settled within `maxWaitMs`, or the wait was aborted.
 */
export async function waitUntilStable(
  path: string,
  options: StabilityOptions,
): Promise<FileSnapshot | null> {
  const stat = options.stat ?? statFile;
  const now = options.now ?? Date.now;
  const pause = options.sleep ?? sleep;
  const started = now();
  const maxWaitMs = options.maxWaitMs ?? 600_000;

  let last = await stat(path);
  let unchangedSince = now();
  while (last) {
    if (options.signal?.aborted) return null;
    const stableFor = now() - unchangedSince;
    // An empty file is a placeholder the sensor has not filled yet.
    if (stableFor >= options.waitMs && last.size > 0) return last;
    if (now() - started >= maxWaitMs) return null;
    const remaining = options.waitMs - stableFor;
    await pause(
      Math.max(1, Math.min(options.pollMs, remaining > 0 ? remaining : options.pollMs)),
      options.signal,
    );
    const next = await stat(path);
    if (!next) return null;
    if (next.size !== last.size || next.mtimeMs !== last.mtimeMs) unchangedSince = now();
    last = next;
  }
  return null;
}
