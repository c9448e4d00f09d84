/**
 * A Server-Sent Events client for tests: reads a response body and yields its
 * messages (`id`, `event`, `data`), keeping comment lines apart.
 *
 * @example
 * ```ts
 * const sse = new SseReader((await fetch(url)).body!);
 * const message = await sse.next(2_000); // null once the stream has ended
 * await sse.close();
 * ```
 */
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

export class SseReader {
  readonly comments: string[] = [];
  #reader: ReadableStreamDefaultReader<string>;
  #buffer = "";
  #queued: SseMessage[] = [];
  #ended = false;
  #reading: Promise<ReadableStreamReadResult<string>> | null = null;

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.pipeThrough(
      new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>,
    ).getReader();
  }

  get ended(): boolean {
    return this.#ended && !this.#queued.length;
  }

  /** The next message, or null when the stream ended; throws after `timeoutMs` without one. */
  async next(timeoutMs = 5_000): Promise<SseMessage | null> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#queued.length) {
      if (this.#ended) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE message within ${timeoutMs} ms`);
      this.#reading ??= this.#reader.read();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), left);
      });
      const result = await Promise.race([this.#reading, timeout]);
      clearTimeout(timer);
      if (result === "timeout") continue;
      this.#reading = null;
      if (result.done) {
        this.#ended = true;
        this.#parse(true);
      } else {
        this.#buffer += result.value;
        this.#parse(false);
      }
    }
    return this.#queued.shift()!;
  }

  /** Messages until `done` returns true for one (included); throws on timeout or end. */
  async until(done: (message: SseMessage) => boolean, timeoutMs = 5_000): Promise<SseMessage[]> {
    const deadline = Date.now() + timeoutMs;
    const seen: SseMessage[] = [];
    while (true) {
      const message = await this.next(Math.max(1, deadline - Date.now()));
      if (!message) {
        throw new Error(`stream ended before the awaited message: ${JSON.stringify(seen)}`);
      }
      seen.push(message);
      if (done(message)) return seen;
    }
  }

  /** Everything up to the end of the stream. */
  async rest(timeoutMs = 5_000): Promise<SseMessage[]> {
    const deadline = Date.now() + timeoutMs;
    const seen: SseMessage[] = [];
    for (let m; (m = await this.next(Math.max(1, deadline - Date.now()))) !== null;) seen.push(m);
    return seen;
  }

  async close(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }

  #parse(flush: boolean) {
    const blocks = this.#buffer.replaceAll("\r\n", "\n").split("\n\n");
    this.#buffer = flush ? "" : blocks.pop()!;
    for (const block of blocks) {
      if (!block.trim()) continue;
      let id: string | null = null;
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) {
          this.comments.push(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "id") id = value;
        else if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
      if (data.length || id !== null) this.#queued.push({ id, event, data: data.join("\n") });
    }
  }
}
