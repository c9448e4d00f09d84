/**
 * A local stand-in for Sentry's ingest: accepts envelopes at
 * `POST /api/<project>/envelope/` (newline-separated JSON: envelope header,
 * then item header and payload pairs) and records them, for tests that check
 * what the server or the browser reported. Answers with CORS headers, as the
 * real ingest does, so a browser's report is not refused.
 *
 * @example
 * ```ts
 * const ingest = startSentryIngest();
 * const dsn = ingest.dsn(7);
 * // … induce an error …
 * const [event] = ingest.events();
 * await ingest.close();
 * ```
 */

export interface SentryEnvelope {
  project: string;
  header: Record<string, unknown>;
  items: { type: string; payload: Record<string, unknown> }[];
  /** The envelope as received, for greps. */
  raw: string;
}

export interface SentryIngest {
  url: string;
  dsn(project: number): string;
  envelopes(): SentryEnvelope[];
  /** The payloads of `event` items (errors), in arrival order. */
  events(): Record<string, unknown>[];
  clear(): void;
  /** Resolves once `count` events have arrived (the caller's test timeout bounds it). */
  waitForEvents(count: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "*",
  "access-control-allow-methods": "POST, OPTIONS",
};

export function startSentryIngest(): SentryIngest {
  let received: SentryEnvelope[] = [];
  let waiters: (() => void)[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS });
    const match = new URL(req.url).pathname.match(/^\/api\/(\d+)\/envelope\/?$/);
    if (req.method !== "POST" || !match) return new Response("not found", { status: 404 });
    let body = req.body ?? new Blob([]).stream();
    if (req.headers.get("content-encoding") === "gzip") {
      body = body.pipeThrough(new DecompressionStream("gzip"));
    }
    const raw = await new Response(body).text();
    const lines = raw.split("\n").filter((line) => line.trim());
    const items: SentryEnvelope["items"] = [];
    for (let i = 1; i + 1 < lines.length; i += 2) {
      const itemHeader = JSON.parse(lines[i]);
      items.push({ type: itemHeader.type, payload: JSON.parse(lines[i + 1]) });
    }
    received.push({ project: match[1], header: JSON.parse(lines[0] ?? "{}"), items, raw });
    for (const wake of waiters) wake();
    return new Response(JSON.stringify({ id: "ok" }), {
      headers: { "content-type": "application/json", ...CORS },
    });
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  const events = () =>
    received.flatMap((e) => e.items.filter((i) => i.type === "event").map((i) => i.payload));
  return {
    url,
    dsn: (project) => `http://publickey@127.0.0.1:${server.addr.port}/${project}`,
    envelopes: () => received,
    events,
    clear: () => {
      received = [];
    },
    async waitForEvents(count) {
      while (events().length < count) {
        await new Promise<void>((resolve) => waiters.push(resolve));
        waiters = [];
      }
      return events();
    },
    close: () => server.shutdown(),
  };
}
