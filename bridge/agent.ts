/**
 * The bridge at work: candidates from the watcher wait until stable, are
 * copied into the queue (hashed on the way) and queued; one upload loop
 * drains the queue in arrival order, reading the queue's copy, so the sensor
 * software may move or delete the original as soon as it is queued.
 *
 * When the server is unreachable or failing (network error, 5xx, 408, 429)
 * or refuses the key (401/403), the whole loop pauses with exponential
 * backoff — fifty queued files must not mean fifty failed requests per round.
 * A successful heartbeat ends the pause early. A problem specific to one file
 * (another 4xx) backs off only that file, so it never blocks the rest.
 */
import type { BridgeConfig } from "./config.ts";
import { backoffDelay } from "./backoff.ts";
import { hashFile } from "./hashing.ts";
import { sendHeartbeat } from "./heartbeat.ts";
import type { Logger } from "./log.ts";
import { CaptureQueue, type QueueEntry, type StagedCopy } from "./queue.ts";
import { sleep, statFile, waitUntilStable } from "./stability.ts";
import { type BridgeStatus, formatBytes, initialStatus } from "./status.ts";
import { explainKeyProblem, uploadCapture, type UploadOutcome } from "./uploader.ts";
import { FolderWatcher } from "./watcher.ts";

const HASH_CONCURRENCY = 4;

export class BridgeAgent {
  readonly status: BridgeStatus;
  readonly #config: BridgeConfig;
  readonly #logger: Logger;
  readonly #queue: CaptureQueue;
  readonly #watcher: FolderWatcher;
  readonly #settling = new Set<string>();
  readonly #stop = new AbortController();
  #wake: (() => void) | null = null;
  #serverFailures = 0;
  #pausedUntil = 0;
  #loop: Promise<void> | null = null;
  #lastLoggedAt = 0;
  #hashing = 0;
  readonly #hashWaiters: (() => void)[] = [];
  #heartbeatTimer: ReturnType<typeof setInterval> | undefined;

  private constructor(config: BridgeConfig, logger: Logger, queue: CaptureQueue) {
    this.#config = config;
    this.#logger = logger;
    this.#queue = queue;
    this.status = initialStatus(config.watchDir, config.serverUrl);
    this.#watcher = new FolderWatcher({
      watchDir: config.watchDir,
      patterns: config.patterns,
      rescanIntervalMs: config.rescanIntervalMs,
      logger,
      onCandidate: (path) => this.#offer(path),
    });
  }

  static async create(config: BridgeConfig, logger: Logger): Promise<BridgeAgent> {
    const agent = new BridgeAgent(config, logger, await CaptureQueue.open(config.stateDir));
    agent.#refreshCounts();
    const last = agent.#queue.lastAcknowledgement;
    if (last) {
      agent.status.lastUpload = {
        fileName: last.path.split(/[\\/]/).pop() ?? last.path,
        at: last.at,
        captureId: last.captureId,
        patientId: null,
        status: "",
        duplicate: last.duplicate ?? false,
      };
    }
    return agent;
  }

  /** Starts the upload loop, the heartbeat and the watcher (whose first scan it awaits). */
  async start(): Promise<void> {
    if (this.#queue.length) {
      this.#logger.info(`${this.#queue.length} capture(s) still queued from the last run`);
    }
    this.#loop = this.#uploadLoop();
    this.#heartbeat();
    this.#heartbeatTimer = setInterval(
      () => this.#heartbeat(),
      this.#config.heartbeatIntervalSeconds * 1000,
    );
    await this.#watcher.start();
  }

  /** Stops taking new work; an upload in flight is cut off and stays queued. */
  async stop(): Promise<void> {
    this.#stop.abort();
    this.#watcher.stop();
    clearInterval(this.#heartbeatTimer);
    this.#wake?.();
    await this.#loop;
  }

  #offer(path: string) {
    if (this.#stop.signal.aborted || this.#settling.has(path)) return;
    this.#settling.add(path);
    this.#intake(path)
      .catch((error) => this.#fail(`could not read ${path}: ${error}`))
      .finally(() => this.#settling.delete(path));
  }

  async #intake(path: string): Promise<void> {
    const before = await statFile(path);
    if (!before) return;
    // Seen before with this exact size and mtime: nothing new to hash.
    const known = this.#queue.knownSha(path, before.size, before.mtimeMs);
    if (known && (this.#queue.isAcknowledged(known) || this.#queue.isQueued(known))) return;

    const settled = await waitUntilStable(path, {
      waitMs: this.#config.stabilityWaitMs,
      pollMs: this.#config.stabilityPollMs,
      signal: this.#stop.signal,
    });
    if (!settled) return;
    const fileName = path.split(/[\\/]/).pop() ?? path;
    let staged: StagedCopy | undefined;
    let sha256: string;
    if (this.#queue.copiedBytes + settled.size <= this.#config.maxQueueBytes) {
      staged = await this.#hashSlot(() => this.#queue.stage(path));
      sha256 = staged.sha256;
    } else {
      this.#fail(
        `the queue's copies fill maxQueueBytes (${
          formatBytes(this.#config.maxQueueBytes)
        }): new captures are read from the watched folder at upload, so leave them there until uploaded`,
      );
      sha256 = await this.#hashSlot(() => hashFile(path));
    }
    const after = await statFile(path);
    const changed = after
      ? after.size !== settled.size || after.mtimeMs !== settled.mtimeMs
      : !staged || staged.size !== settled.size;
    if (changed || (staged && staged.size !== settled.size)) {
      // Written to again while being copied: start over. (Deleted right after a
      // complete copy is fine: the copy is what gets uploaded.)
      if (staged) await this.#queue.discard(staged);
      return after ? await this.#intake(path) : undefined;
    }
    const added = await this.#queue.enqueue({
      sha256,
      path,
      fileName,
      size: settled.size,
      mtimeMs: settled.mtimeMs,
      capturedAt: new Date(settled.mtimeMs).toISOString(),
      enqueuedAt: new Date().toISOString(),
      attempts: 0,
      nextAttemptAt: 0,
    }, staged);
    if (!added) return;
    this.#refreshCounts();
    this.#logger.info(
      `queued ${fileName} (${formatBytes(settled.size)}); ${this.#queue.length} waiting`,
    );
    this.#wake?.();
  }

  async #uploadLoop(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      const now = Date.now();
      const { entry, wakeAt } = now < this.#pausedUntil
        ? { entry: null, wakeAt: this.#pausedUntil }
        : this.#queue.nextDue(now);
      if (!entry) {
        if (this.status.state === "uploading") this.status.state = "idle";
        await this.#idle(wakeAt === null ? null : Math.max(0, wakeAt - now));
        continue;
      }
      await this.#send(entry);
    }
  }

  /** Sleeps until `ms` passes or something is queued (null: until something is queued). */
  async #idle(ms: number | null): Promise<void> {
    const woken = new Promise<void>((resolve) => this.#wake = resolve);
    await Promise.race([woken, ms === null ? new Promise<void>(() => {}) : sleep(ms)]);
    this.#wake = null;
  }

  async #send(entry: QueueEntry): Promise<void> {
    const current = await statFile(this.#queue.sourcePath(entry));
    if (!current) return this.#vanished(entry);
    // Only an uncopied entry reads the original, which the sensor software may rewrite.
    if (!entry.copied && (current.size !== entry.size || current.mtimeMs !== entry.mtimeMs)) {
      return await this.#rehash(entry, "changed since it was queued");
    }

    // A retry during an outage or a key problem must not flash "Uploading" over the real state.
    if (this.status.state === "idle") this.status.state = "uploading";
    this.status.currentUpload = { fileName: entry.fileName, sentBytes: 0, totalBytes: entry.size };
    const large = entry.size >= this.#config.progressMinBytes;
    let reportedTenth = 0;
    if (large) this.#logger.info(`uploading ${entry.fileName} (${formatBytes(entry.size)})`);
    const started = performance.now();
    let outcome: UploadOutcome;
    try {
      outcome = await uploadCapture(entry, {
        serverUrl: this.#config.serverUrl,
        apiKey: this.#config.apiKey,
        category: this.#config.category,
        filePath: this.#queue.sourcePath(entry),
        signal: this.#stop.signal,
        onProgress: (sent, total) => {
          this.status.currentUpload = {
            fileName: entry.fileName,
            sentBytes: sent,
            totalBytes: total,
          };
          const tenth = total > 0 ? Math.floor((sent / total) * 10) : 10;
          if (large && tenth > reportedTenth && tenth < 10) {
            reportedTenth = tenth;
            this.#logger.info(`  ${entry.fileName}: ${tenth * 10}% of ${formatBytes(total)}`);
          }
        },
      });
    } finally {
      this.status.currentUpload = null;
    }
    if (this.#stop.signal.aborted) return;

    switch (outcome.kind) {
      case "accepted": {
        await this.#queue.acknowledge(entry, outcome);
        this.#serverFailures = 0;
        this.status.state = "uploading";
        this.status.lastUpload = {
          fileName: entry.fileName,
          at: new Date().toISOString(),
          captureId: outcome.captureId,
          patientId: outcome.patientId,
          status: outcome.status,
          duplicate: outcome.duplicate,
        };
        this.#refreshCounts();
        const where = outcome.status === "assigned"
          ? "filed to the patient"
          : outcome.status === "unassigned"
          ? "in Unassigned captures"
          : "accepted";
        this.#logger.info(
          `uploaded ${entry.fileName} in ${Math.round(performance.now() - started)} ms: ${where}${
            outcome.duplicate ? " (the server already had it)" : ""
          }; ${this.#queue.length} waiting`,
        );
        return;
      }
      case "unauthorized":
        this.status.state = "key-problem";
        return this.#pause(`${explainKeyProblem(outcome.code, outcome.httpStatus)}`);
      case "sha-mismatch":
        return await this.#rehash(entry, "did not match its SHA-256 on the server");
      case "vanished":
        return await this.#vanished(entry);
      case "retry": {
        const status = outcome.httpStatus;
        const serverWide = status === null || status >= 500 || status === 408 || status === 429;
        if (serverWide) {
          this.status.state = "offline";
          return this.#pause(outcome.message);
        }
        const delay = backoffDelay(entry.attempts, this.#backoff());
        await this.#queue.update({
          ...entry,
          attempts: entry.attempts + 1,
          nextAttemptAt: Date.now() + delay,
          lastError: outcome.message,
        });
        this.#fail(`${entry.fileName}: ${outcome.message}`, delay);
      }
    }
  }

  /** Pauses every upload after a server-wide problem; the delay grows with each one in a row. */
  #pause(message: string) {
    const delay = backoffDelay(this.#serverFailures++, this.#backoff());
    this.#pausedUntil = Date.now() + delay;
    this.#fail(message, delay);
  }

  async #rehash(entry: QueueEntry, reason: string): Promise<void> {
    const source = this.#queue.sourcePath(entry);
    const current = await statFile(source);
    if (!current) return await this.#vanished(entry);
    const sha256 = await hashFile(source);
    if (sha256 === entry.sha256) {
      // Same bytes on disk: the damage happened on the way. Retry after a pause.
      const delay = backoffDelay(entry.attempts, this.#backoff());
      await this.#queue.update({
        ...entry,
        attempts: entry.attempts + 1,
        nextAttemptAt: Date.now() + delay,
        lastError: `${entry.fileName} ${reason}`,
      });
      this.#fail(`${entry.fileName} ${reason}`, delay);
      return;
    }
    if (entry.copied) {
      // The copy itself is damaged (disk trouble): drop it; the rescan copies
      // the original again if the sensor software has not removed it.
      await this.#queue.remove(entry.sha256);
      this.#refreshCounts();
      this.#fail(
        `the queued copy of ${entry.fileName} is damaged; it will be read again from the watched folder`,
      );
      return;
    }
    this.#logger.warn(`${entry.fileName} ${reason}; read it again`);
    await this.#queue.replace(entry, {
      ...entry,
      sha256,
      size: current.size,
      mtimeMs: current.mtimeMs,
      capturedAt: new Date(current.mtimeMs).toISOString(),
      attempts: 0,
      nextAttemptAt: 0,
    });
    this.#refreshCounts();
  }

  async #vanished(entry: QueueEntry): Promise<void> {
    await this.#queue.remove(entry.sha256);
    this.#refreshCounts();
    this.#fail(
      entry.copied
        ? `the queued copy of ${entry.fileName} was removed from the state folder before it could be uploaded`
        : `${entry.fileName} was removed from the watched folder before it could be uploaded`,
    );
  }

  async #heartbeat(): Promise<void> {
    const outcome = await sendHeartbeat({
      serverUrl: this.#config.serverUrl,
      apiKey: this.#config.apiKey,
      queueLength: this.#queue.length,
      lastError: this.status.lastError ?? undefined,
      intervalSeconds: this.#config.heartbeatIntervalSeconds,
    });
    if (this.#stop.signal.aborted) return;
    if (outcome.kind === "ok") {
      const first = !this.status.server;
      this.status.server = {
        deviceName: outcome.deviceName,
        clinicName: outcome.clinicName,
        lastHeartbeatAt: new Date().toISOString(),
      };
      if (first) {
        this.#logger.info(`connected as "${outcome.deviceName}" at ${outcome.clinicName}`);
      }
      // The server is back: no reason to sit out the rest of a long backoff.
      if (this.#pausedUntil > Date.now()) {
        this.#pausedUntil = 0;
        this.#wake?.();
      }
      if (this.status.state === "offline" || this.status.state === "key-problem") {
        this.status.state = "idle";
      }
    } else if (outcome.kind === "unauthorized") {
      this.status.state = "key-problem";
      this.status.server = null;
      this.#fail(explainKeyProblem(outcome.code, outcome.httpStatus));
    }
  }

  /**
   * At most `HASH_CONCURRENCY` files are read at once: the first start on a
   * folder holding years of images must not open thousands of files together.
   */
  async #hashSlot<T>(work: () => Promise<T>): Promise<T> {
    while (this.#hashing >= HASH_CONCURRENCY) {
      await new Promise<void>((resolve) => this.#hashWaiters.push(resolve));
    }
    this.#hashing++;
    try {
      return await work();
    } finally {
      this.#hashing--;
      this.#hashWaiters.shift()?.();
    }
  }

  #backoff() {
    return { initialMs: this.#config.backoffInitialMs, maxMs: this.#config.backoffMaxMs };
  }

  /**
   * Records a problem for the status page and logs it; the same problem again
   * (every retry of a long outage) is logged at most every ten minutes, so
   * the log stays readable.
   */
  #fail(problem: string, retryInMs?: number) {
    const now = Date.now();
    const retryAt = retryInMs === undefined ? null : new Date(now + retryInMs).toISOString();
    const repeat = this.status.lastError?.message === problem &&
      now - this.#lastLoggedAt < 600_000;
    this.status.lastError = { message: problem, at: new Date(now).toISOString(), retryAt };
    if (repeat) return;
    this.#lastLoggedAt = now;
    const queued = this.#queue.length ? `; ${this.#queue.length} capture(s) queued` : "";
    const retry = retryInMs === undefined ? "" : `, next try in ${seconds(retryInMs)}`;
    this.#logger.error(`${problem}${queued}${retry}`);
  }

  #refreshCounts() {
    this.status.queueLength = this.#queue.length;
    this.status.acknowledgedTotal = this.#queue.acknowledgedCount;
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
