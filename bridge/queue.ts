/**
 * The durable upload queue in the bridge's state folder.
 *
 *   files/<sha256>        the queue's own copy of each waiting capture, so the
 *                         sensor software may move or delete the original at
 *                         any time; copied to a temporary name while hashed,
 *                         fsynced, then renamed
 *   queue/<sha256>.json   one file per capture waiting for the server,
 *                         written to a temporary name, fsynced, then renamed
 *                         (after its copy is in place)
 *   acknowledged.jsonl    append-only journal of captures the server has,
 *                         one fsynced JSON line each
 *
 * Queueing is copy → rename copy → write entry → rename entry, and a capture
 * counts as queued only once its entry is renamed into place. A kill before
 * that leaves a temporary or orphan copy, removed on the next open; the
 * original is still where the sensor put it (it was stable a moment ago), and
 * the start-up scan queues it again because its SHA-256 is not in the journal.
 *
 * Acknowledging appends to the journal first, then removes the queue file and
 * the copy, so a kill at any moment leaves one of: the entry still queued (it
 * is sent again and the server answers "duplicate"), or leftovers whose
 * SHA-256 is journalled (removed on the next start). A torn last journal line
 * is cut off on open. Once a SHA-256 is in the journal it is never uploaded again.
 *
 * Copies cost disk space: up to `maxQueueBytes` of the state folder. Past
 * that, new captures are queued without a copy and read from the watched
 * folder at upload time, as older bridges did; the agent warns about it.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";

export interface QueueEntry {
  sha256: string;
  path: string;
  fileName: string;
  size: number;
  mtimeMs: number;
  /** ISO 8601; the file's modification time, which is when the sensor wrote it. */
  capturedAt: string;
  enqueuedAt: string;
  attempts: number;
  /** Epoch ms; 0 means now. */
  nextAttemptAt: number;
  lastError?: string;
  /** True when the queue holds its own copy (files/<sha256>); false/absent: read `path` at upload. */
  copied?: boolean;
}

/** A file copied into the queue's folder and hashed, not yet queued. */
export interface StagedCopy {
  sha256: string;
  size: number;
  temporaryPath: string;
}

export interface Acknowledgement {
  sha256: string;
  captureId: string;
  path: string;
  size: number;
  mtimeMs: number;
  at: string;
  duplicate?: boolean;
}

/** The points where a crash can cut an operation short; tests stop the queue at each. */
export type QueueStep =
  | "copy-file"
  | "rename-copy"
  | "write-entry"
  | "rename-entry"
  | "append-journal"
  | "remove-entry"
  | "remove-copy";

export interface QueueOptions {
  /** Called before each disk step; a test throws here to simulate the process dying. */
  beforeStep?: (step: QueueStep, sha256: string) => void;
}

const SHA256 = /^[0-9a-f]{64}$/;
const JOURNAL = "acknowledged.jsonl";

export class CaptureQueue {
  readonly #dir: string;
  readonly #options: QueueOptions;
  readonly #pending = new Map<string, QueueEntry>();
  readonly #acknowledged = new Map<string, Acknowledgement>();
  /** path → last known size/mtime/sha, so a rescan does not hash unchanged files again. */
  readonly #known = new Map<string, { size: number; mtimeMs: number; sha256: string }>();
  #lastAcknowledgement: Acknowledgement | null = null;

  private constructor(dir: string, options: QueueOptions) {
    this.#dir = dir;
    this.#options = options;
  }

  /** Opens (creating if needed) the queue in `stateDir` and recovers from any interrupted step. */
  static async open(stateDir: string, options: QueueOptions = {}): Promise<CaptureQueue> {
    const queue = new CaptureQueue(stateDir, options);
    await Deno.mkdir(queue.#entriesDir, { recursive: true });
    await Deno.mkdir(queue.#filesDir, { recursive: true });
    await queue.#loadJournal();
    await queue.#loadEntries();
    await queue.#sweepCopies();
    return queue;
  }

  get length(): number {
    return this.#pending.size;
  }

  /** Bytes of the copies the queue holds in the state folder. */
  get copiedBytes(): number {
    let total = 0;
    for (const entry of this.#pending.values()) if (entry.copied) total += entry.size;
    return total;
  }

  /** Where the upload reads the capture from: the queue's copy, or the original for uncopied entries. */
  sourcePath(entry: QueueEntry): string {
    return entry.copied ? this.#copyPath(entry.sha256) : entry.path;
  }

  /**
   * Copies `path` into the queue's folder, hashing the bytes as they pass and
   * fsyncing the copy. The copy is not queued yet: hand it to `enqueue`, or
   * `discard` it.
   */
  async stage(path: string): Promise<StagedCopy> {
    const temporaryPath = join(this.#filesDir, `${crypto.randomUUID()}.tmp`);
    const hash = createHash("sha256");
    let size = 0;
    this.#step("copy-file", "");
    using source = await Deno.open(path, { read: true });
    const target = await Deno.open(temporaryPath, { write: true, create: true, truncate: true });
    try {
      for await (const chunk of source.readable) {
        hash.update(chunk);
        size += chunk.byteLength;
        await writeAll(target, chunk);
      }
      await target.sync();
    } catch (error) {
      target.close();
      await Deno.remove(temporaryPath).catch(() => {});
      throw error;
    }
    target.close();
    return { sha256: hash.digest("hex"), size, temporaryPath };
  }

  async discard(staged: StagedCopy): Promise<void> {
    await Deno.remove(staged.temporaryPath).catch(() => {});
  }

  get lastAcknowledgement(): Acknowledgement | null {
    return this.#lastAcknowledgement;
  }

  get acknowledgedCount(): number {
    return this.#acknowledged.size;
  }

  isAcknowledged(sha256: string): boolean {
    return this.#acknowledged.has(sha256);
  }

  isQueued(sha256: string): boolean {
    return this.#pending.has(sha256);
  }

  /** The SHA-256 recorded for this path when it had exactly this size and mtime, if any. */
  knownSha(path: string, size: number, mtimeMs: number): string | null {
    const known = this.#known.get(path);
    return known && known.size === size && known.mtimeMs === mtimeMs ? known.sha256 : null;
  }

  /** Entries in arrival order. */
  entries(): QueueEntry[] {
    return [...this.#pending.values()].sort((a, b) =>
      a.enqueuedAt < b.enqueuedAt ? -1 : a.enqueuedAt > b.enqueuedAt ? 1 : 0
    );
  }

  /** The oldest entry whose retry time has come, or null; `wakeAt` says when the next one will be due. */
  nextDue(now: number): { entry: QueueEntry | null; wakeAt: number | null } {
    let wakeAt: number | null = null;
    for (const entry of this.entries()) {
      if (entry.nextAttemptAt <= now) return { entry, wakeAt: now };
      wakeAt = wakeAt === null ? entry.nextAttemptAt : Math.min(wakeAt, entry.nextAttemptAt);
    }
    return { entry: null, wakeAt };
  }

  /**
   * Adds a capture unless the same content is already queued or acknowledged;
   * true when added. With `staged` (from `stage`, same SHA-256) the queue
   * keeps that copy and uploads from it; otherwise the copy is dropped.
   */
  async enqueue(entry: QueueEntry, staged?: StagedCopy): Promise<boolean> {
    this.#remember(entry.path, entry.size, entry.mtimeMs, entry.sha256);
    if (this.#acknowledged.has(entry.sha256) || this.#pending.has(entry.sha256)) {
      if (staged) await this.discard(staged);
      return false;
    }
    if (staged) {
      if (staged.sha256 !== entry.sha256) {
        await this.discard(staged);
        throw new Error(`staged copy ${staged.sha256} does not belong to ${entry.sha256}`);
      }
      this.#step("rename-copy", entry.sha256);
      await Deno.rename(staged.temporaryPath, this.#copyPath(entry.sha256));
      entry = { ...entry, copied: true };
    }
    await this.#writeEntry(entry);
    this.#pending.set(entry.sha256, entry);
    return true;
  }

  /** Persists retry bookkeeping (attempts, next attempt, last error). */
  async update(entry: QueueEntry): Promise<void> {
    if (!this.#pending.has(entry.sha256)) return;
    await this.#writeEntry(entry);
    this.#pending.set(entry.sha256, entry);
  }

  /** Replaces an entry whose file changed under it (the server saw another SHA-256). */
  async replace(old: QueueEntry, next: QueueEntry): Promise<boolean> {
    await this.remove(old.sha256);
    return await this.enqueue(next);
  }

  /** Records that the server has this capture; from now on it is never sent again. */
  async acknowledge(
    entry: QueueEntry,
    result: { captureId: string; duplicate?: boolean },
  ): Promise<void> {
    const record: Acknowledgement = {
      sha256: entry.sha256,
      captureId: result.captureId,
      path: entry.path,
      size: entry.size,
      mtimeMs: entry.mtimeMs,
      at: new Date().toISOString(),
      ...(result.duplicate ? { duplicate: true } : {}),
    };
    this.#step("append-journal", entry.sha256);
    const file = await Deno.open(join(this.#dir, JOURNAL), { append: true, create: true });
    try {
      await writeAll(file, new TextEncoder().encode(JSON.stringify(record) + "\n"));
      await file.sync();
    } finally {
      file.close();
    }
    this.#acknowledged.set(record.sha256, record);
    this.#lastAcknowledgement = record;
    this.#step("remove-entry", entry.sha256);
    await this.remove(entry.sha256);
  }

  /** Forgets a queued entry and its copy (its file vanished, or it was replaced). */
  async remove(sha256: string): Promise<void> {
    this.#pending.delete(sha256);
    await removeIfPresent(this.#entryPath(sha256));
    this.#step("remove-copy", sha256);
    await removeIfPresent(this.#copyPath(sha256));
  }

  get #entriesDir(): string {
    return join(this.#dir, "queue");
  }

  get #filesDir(): string {
    return join(this.#dir, "files");
  }

  #copyPath(sha256: string): string {
    return join(this.#filesDir, sha256);
  }

  #entryPath(sha256: string): string {
    return join(this.#entriesDir, `${sha256}.json`);
  }

  #step(step: QueueStep, sha256: string) {
    this.#options.beforeStep?.(step, sha256);
  }

  #remember(path: string, size: number, mtimeMs: number, sha256: string) {
    this.#known.set(path, { size, mtimeMs, sha256 });
  }

  async #writeEntry(entry: QueueEntry): Promise<void> {
    const target = this.#entryPath(entry.sha256);
    const temporary = `${target}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    this.#step("write-entry", entry.sha256);
    const file = await Deno.open(temporary, { write: true, create: true, truncate: true });
    try {
      await writeAll(file, new TextEncoder().encode(JSON.stringify(entry)));
      await file.sync();
    } finally {
      file.close();
    }
    this.#step("rename-entry", entry.sha256);
    await Deno.rename(temporary, target);
  }

  async #loadJournal(): Promise<void> {
    const path = join(this.#dir, JOURNAL);
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    // A kill during an append leaves a line without its newline: cut it off,
    // or the next append would be glued to it and both would be unreadable.
    const end = bytes.lastIndexOf(10) + 1;
    if (end < bytes.length) await Deno.truncate(path, end);
    const text = new TextDecoder().decode(bytes.subarray(0, end));
    for (const line of text.split("\n")) {
      if (!line) continue;
      let record: Acknowledgement;
      try {
        record = JSON.parse(line);
      } catch {
        continue;
      }
      if (typeof record?.sha256 !== "string" || !SHA256.test(record.sha256)) continue;
      this.#acknowledged.set(record.sha256, record);
      this.#remember(record.path, record.size, record.mtimeMs, record.sha256);
      this.#lastAcknowledgement = record;
    }
  }

  async #loadEntries(): Promise<void> {
    for await (const item of Deno.readDir(this.#entriesDir)) {
      const path = join(this.#entriesDir, item.name);
      if (item.name.endsWith(".tmp")) {
        // Never renamed into place: the capture was not queued yet; the scan finds its file again.
        await Deno.remove(path).catch(() => {});
        continue;
      }
      const sha256 = item.name.replace(/\.json$/, "");
      if (!SHA256.test(sha256)) continue;
      if (this.#acknowledged.has(sha256)) {
        // Killed between the journal append and this removal.
        await Deno.remove(path).catch(() => {});
        continue;
      }
      let entry: QueueEntry;
      try {
        entry = JSON.parse(await Deno.readTextFile(path));
      } catch {
        await Deno.remove(path).catch(() => {});
        continue;
      }
      if (entry.sha256 !== sha256) continue;
      this.#pending.set(sha256, entry);
      this.#remember(entry.path, entry.size, entry.mtimeMs, entry.sha256);
    }
  }

  /**
   * Removes copies no queued entry owns: half-written ones (`.tmp`), ones
   * whose entry was never written (the scan queues the original again), and
   * ones left behind by a kill after the acknowledgement.
   */
  async #sweepCopies(): Promise<void> {
    for await (const item of Deno.readDir(this.#filesDir)) {
      if (this.#pending.get(item.name)?.copied) continue;
      await removeIfPresent(join(this.#filesDir, item.name));
    }
  }
}

async function removeIfPresent(path: string): Promise<void> {
  await Deno.remove(path).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) written += await file.write(bytes.subarray(written));
}
