/// <reference lib="dom" />
/**
 * Live events in the browser: one EventSource per page on `/api/v1/events`,
 * shared by every island that subscribes (toasts, the appointment X-ray
 * panel, later the lab dashboard).
 *
 * The server ends each stream after about a minute and says when in its first
 * message; this module reconnects five seconds before that, asking the session
 * runtime to refresh the access token first when it is within its lead of
 * expiry, and passes the last event id so the server replays anything missed.
 * Errors reconnect with exponential backoff and jitter. Events are handed on
 * once each, even when a replay overlaps what already arrived.
 *
 * @example
 * ```ts
 * useEffect(() => subscribeLive(["xray.captured"], (event) => show(event.data)), []);
 * ```
 */
import { ensureFreshSession } from "./session-link.ts";

export interface LiveMessage {
  id: string;
  type: string;
  // deno-lint-ignore no-explicit-any
  data: any;
}

type Handler = (event: LiveMessage) => void;
interface Subscriber {
  types: ReadonlySet<string>;
  handler: Handler;
}

const ENDPOINT = "/api/v1/events";
/** Reconnect this long before the server would end the stream. */
const RECONNECT_EARLY_MS = 5_000;
const MIN_RECONNECT_MS = 1_000;
const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
/** Ids remembered to drop a replayed event that had already arrived. */
const SEEN_LIMIT = 500;

const subscribers = new Set<Subscriber>();
const seen = new Set<string>();
let source: EventSource | null = null;
/** The sorted types the open source was asked for. */
let sourceTypes = "";
let lastId: string | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let failures = 0;
/** Bumped on every (re)connect decision; a stale async connect gives up. */
let generation = 0;

/**
 * Calls `handler` for each live event of one of `types` the member may see.
 * Returns the unsubscribe function; the connection closes with the last one.
 */
export function subscribeLive(types: string[], handler: Handler): () => void {
  const subscriber: Subscriber = { types: new Set(types), handler };
  subscribers.add(subscriber);
  // Islands hydrate one after another in the same task: connect once for all of them.
  if (!source || types.some((type) => !sourceTypes.split(",").includes(type))) reconnectIn(0);
  return () => {
    subscribers.delete(subscriber);
    if (!subscribers.size) {
      generation++;
      clearTimeout(timer);
      closeSource();
    }
  };
}

function wantedTypes(): string[] {
  const all = new Set<string>();
  for (const subscriber of subscribers) for (const type of subscriber.types) all.add(type);
  return [...all].sort();
}

function closeSource() {
  source?.close();
  source = null;
  sourceTypes = "";
}

function reconnectIn(ms: number) {
  clearTimeout(timer);
  const mine = ++generation;
  timer = setTimeout(() => connect(mine), ms);
}

function backoffMs(): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (failures - 1));
  return ceiling / 2 + Math.random() * ceiling / 2;
}

async function connect(mine: number) {
  if (!subscribers.size) return;
  // A reconnect must not present an access token about to lapse.
  await ensureFreshSession().catch(() => {});
  if (mine !== generation || !subscribers.size) return;
  closeSource();

  const types = wantedTypes();
  const url = new URL(ENDPOINT, location.href);
  url.searchParams.set("types", types.join(","));
  if (lastId) url.searchParams.set("lastEventId", lastId);
  const es = new EventSource(url);
  source = es;
  sourceTypes = types.join(",");

  es.addEventListener("open", () => {
    failures = 0;
  });
  es.addEventListener("stream", (message) => {
    const info = JSON.parse((message as MessageEvent<string>).data) as {
      endsInMs: number;
      cursor?: string | null;
    };
    // Nothing received yet: start from where the server was, so a gap while reconnecting loses nothing.
    if (lastId === null && info.cursor) lastId = info.cursor;
    reconnectIn(Math.max(MIN_RECONNECT_MS, info.endsInMs - RECONNECT_EARLY_MS));
  });
  for (const type of types) {
    es.addEventListener(type, (message) => deliver(message as MessageEvent));
  }
  es.addEventListener("error", () => {
    if (source !== es) return;
    // The browser would retry on its own, without a token refresh or a backoff.
    closeSource();
    failures++;
    reconnectIn(backoffMs());
  });
}

function deliver(message: MessageEvent<string>) {
  const id = message.lastEventId;
  if (seen.has(id)) return;
  seen.add(id);
  if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value!);
  lastId = id;
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return;
  }
  const event: LiveMessage = { id, type: message.type, data };
  for (const subscriber of subscribers) {
    if (!subscriber.types.has(event.type)) continue;
    try {
      subscriber.handler(event);
    } catch (error) {
      console.error(error);
    }
  }
}
