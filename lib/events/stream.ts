/**
 * One staff member's Server-Sent Events stream: their clinic's events that
 * their permissions allow, live from the hub, after a replay of what they
 * missed since `Last-Event-ID`.
 *
 * The hub subscription exists before the replay query runs, so an event
 * committed in between is in the replay, live, or both; every delivery goes
 * through one queue, and ids already replayed are skipped when they arrive
 * live: no gap and no duplicate. The stream ends after a fixed time; the
 * client reconnects a little earlier with its last id.
 *
 * Ids come from an identity column, so two concurrent transactions can commit
 * out of id order; an event whose id is below the client's last id and that
 * commits exactly while the client is between two streams is not replayed.
 * The window is the few milliseconds of a reconnect.
 *
 * A member's permissions can change while a stream is open, so they are
 * re-read when an event needs them and the copy is older than `accessTtlMs`;
 * a member who lost access to the clinic gets the stream closed.
 */
import type { Db } from "../db/client.ts";
import type { Access } from "../permissions/access.ts";
import { type EventHub, eventsAfter, latestEventId, type LiveEvent } from "./hub.ts";

export interface EventStreamOptions {
  hub: EventHub;
  db: Db;
  clinicId: string;
  /** The member's access now, and how to read it again. */
  access: Access;
  reloadAccess: () => Promise<Access | null>;
  /** Replay events after this id; null starts live. */
  lastEventId: number | null;
  /** Only these event types; null for all. */
  types: ReadonlySet<string> | null;
  streamMs: number;
  heartbeatMs: number;
  accessTtlMs?: number;
  /** At most this many missed events are replayed; older ones are skipped. */
  replayLimit?: number;
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store",
  // Ask reverse proxies (nginx) not to buffer the stream.
  "x-accel-buffering": "no",
};

const encoder = new TextEncoder();

/** `id`, `event` and `data` lines; JSON.stringify never emits a raw newline, so one data line. */
export function formatSseEvent(event: Pick<LiveEvent, "id" | "type" | "data">): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * Subscribes first (so the caller can answer an error status if the database
 * is unreachable), then returns the streaming body.
 */
export async function openEventStream(options: EventStreamOptions): Promise<ReadableStream> {
  const {
    hub,
    db,
    clinicId,
    lastEventId,
    types,
    streamMs,
    heartbeatMs,
    accessTtlMs = 10_000,
    replayLimit = 1_000,
  } = options;

  let access: Access | null = options.access;
  let accessReadAt = Date.now();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let queue: Promise<void> = Promise.resolve();
  const replayed = new Set<number>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let ending: ReturnType<typeof setTimeout> | undefined;

  const write = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close(); // the client went away without the stream being cancelled
    }
  };
  const close = () => {
    if (closed) return;
    closed = true;
    subscription.close();
    clearInterval(heartbeat);
    clearTimeout(ending);
    try {
      controller.close();
    } catch {
      // Already cancelled by the client.
    }
  };
  const run = (task: () => Promise<void>) => {
    queue = queue.then(task).catch((error) => {
      console.error("events: stream failed", error);
      close();
    });
  };

  const currentAccess = async (): Promise<Access | null> => {
    if (Date.now() - accessReadAt > accessTtlMs) {
      access = await options.reloadAccess();
      accessReadAt = Date.now();
    }
    return access;
  };

  const send = async (event: LiveEvent) => {
    if (closed || (types && !types.has(event.type))) return;
    const now = await currentAccess();
    if (!now) return close();
    if (event.permission && !now.permissions.has(event.permission)) return;
    write(formatSseEvent(event));
  };

  const subscription = await hub.subscribe(clinicId, (event) => {
    run(async () => {
      if (!replayed.has(event.id)) await send(event);
    });
  });

  // Read after subscribing: anything newer reaches this stream live.
  let cursor: number | null;
  try {
    cursor = lastEventId === null ? await latestEventId(db, clinicId) : lastEventId;
  } catch (error) {
    subscription.close();
    throw error;
  }

  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      // The client schedules its reconnect from `endsInMs`, so the 60 s lives in one place;
      // `cursor` is the id to resume from when it has received nothing yet.
      const info = { endsInMs: streamMs, cursor: cursor === null ? null : String(cursor) };
      write(`: connected\n\nevent: stream\ndata: ${JSON.stringify(info)}\n\n`);
      if (lastEventId !== null) {
        run(async () => {
          for (const event of await eventsAfter(db, clinicId, lastEventId, replayLimit)) {
            replayed.add(event.id);
            await send(event);
          }
        });
      }
      heartbeat = setInterval(() => write(": heartbeat\n\n"), heartbeatMs);
      // Through the queue, so deliveries already under way are written before the end.
      ending = setTimeout(() => run(() => Promise.resolve(close())), streamMs);
    },
    cancel() {
      close();
    },
  });
}
