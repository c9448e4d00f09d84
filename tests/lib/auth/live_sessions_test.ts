import { assert, assertEquals } from "../../support/assert.ts";
import { LiveSessions } from "../../../lib/auth/live-sessions.ts";
import type { SessionEndWatcher } from "../../../lib/events/hub.ts";

/** A hub the test speaks for: `end(id)` is a session's end arriving from the bus. */
function fakeHub(listening: Promise<void> = Promise.resolve()) {
  const watchers = new Set<SessionEndWatcher>();
  return {
    watchSessionEnds: async (watch: SessionEndWatcher) => {
      await listening;
      watchers.add(watch);
      return { close: () => watchers.delete(watch) };
    },
    end: (sessionId: string | null) => watchers.forEach((watch) => watch(sessionId)),
  };
}

function counter(alive: Map<string, string>) {
  let reads = 0;
  return {
    read: (id: string) => () => {
      reads++;
      const userId = alive.get(id);
      return Promise.resolve(userId ? { userId } : null);
    },
    get reads() {
      return reads;
    },
  };
}

Deno.test("a session found alive is believed until its end is heard", async () => {
  const hub = fakeHub();
  const live = new LiveSessions({ changes: hub, announce: () => Promise.resolve() });
  assert(await live.ready());
  const kv = new Map([["s1", "u1"]]);
  const store = counter(kv);
  assert(await live.isAlive("s1", "u1", store.read("s1")));
  assert(await live.isAlive("s1", "u1", store.read("s1")));
  assertEquals(store.reads, 1);
  assertEquals(await live.isAlive("s1", "someone-else", store.read("s1")), false);

  kv.delete("s1");
  hub.end("s1");
  assertEquals(await live.isAlive("s1", "u1", store.read("s1")), false);
  assertEquals(store.reads, 2);
});

Deno.test("nothing is kept until the hub listens, nor after a lost connection", async () => {
  let listen!: () => void;
  const hub = fakeHub(new Promise((resolve) => (listen = resolve)));
  const live = new LiveSessions({ changes: hub, announce: () => Promise.resolve() });
  const store = counter(new Map([["s1", "u1"]]));
  assert(await live.isAlive("s1", "u1", store.read("s1")));
  assert(await live.isAlive("s1", "u1", store.read("s1")));
  assertEquals(store.reads, 2, "not listening: every check reads");
  listen();
  assert(await live.ready());
  await live.isAlive("s1", "u1", store.read("s1"));
  await live.isAlive("s1", "u1", store.read("s1"));
  assertEquals(store.reads, 3);
  hub.end(null);
  assertEquals(live.size, 0);
  await live.isAlive("s1", "u1", store.read("s1"));
  assertEquals(store.reads, 4);
});

Deno.test("an entry lives ttlMs at most", async () => {
  let now = 0;
  const live = new LiveSessions({
    changes: fakeHub(),
    announce: () => Promise.resolve(),
    ttlMs: 1_000,
    now: () => now,
  });
  assert(await live.ready());
  const store = counter(new Map([["s1", "u1"]]));
  await live.isAlive("s1", "u1", store.read("s1"));
  now = 999;
  await live.isAlive("s1", "u1", store.read("s1"));
  assertEquals(store.reads, 1);
  now = 1_000;
  await live.isAlive("s1", "u1", store.read("s1"));
  assertEquals(store.reads, 2);
});

Deno.test("a read that overlapped a session's end is not kept", async () => {
  const hub = fakeHub();
  const live = new LiveSessions({ changes: hub, announce: () => Promise.resolve() });
  assert(await live.ready());
  // The read saw the session before its end committed; the end is heard while it is in flight.
  const stale = live.isAlive("s1", "u1", () => {
    hub.end("s1");
    return Promise.resolve({ userId: "u1" });
  });
  assert(await stale, "the overlapping request is answered as if it came a moment earlier");
  assertEquals(live.size, 0);
});

Deno.test("ending a session waits until this instance hears its own announcement", async () => {
  const hub = fakeHub();
  const announced: string[] = [];
  let echo!: () => void;
  const live = new LiveSessions({
    changes: hub,
    announce: (id) => {
      announced.push(id);
      echo = () => hub.end(id);
      return Promise.resolve();
    },
  });
  assert(await live.ready());
  let done = false;
  const ending = live.ended("s1").then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assertEquals(announced, ["s1"]);
  assertEquals(done, false, "still waiting for the echo");
  echo();
  await ending;
  assert(done);
});

Deno.test("ending a session does not wait past echoTimeoutMs", async () => {
  const live = new LiveSessions({
    changes: fakeHub(),
    announce: () => Promise.resolve(),
    echoTimeoutMs: 30,
  });
  assert(await live.ready());
  const started = performance.now();
  await live.ended("s1");
  assert(performance.now() - started < 1_000, "well before the default 2 s");
});
