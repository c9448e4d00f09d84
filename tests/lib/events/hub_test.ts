/**
 * The live event bus on PGlite and on Postgres: what one instance's hub and a
 * member's stream deliver, and what they never do.
 */
import { eq, sql } from "drizzle-orm";
import { assert, assertEquals } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { SseReader } from "../../support/sse.ts";
import type { Database } from "../../../lib/db/client.ts";
import { clinicMembers, clinics, events, users } from "../../../lib/db/schema.ts";
import { publishEvent } from "../../../lib/events/publish.ts";
import { EventHub, type LiveEvent } from "../../../lib/events/hub.ts";
import { openEventStream } from "../../../lib/events/stream.ts";
import { pruneEvents } from "../../../lib/events/retention.ts";
import { createDomainHooks } from "../../../lib/events/domain-hooks.ts";
import { scheduledJobs } from "../../../lib/jobs/schedule.ts";
import { loadAccess } from "../../../lib/permissions/access.ts";
import { testConfig } from "../../support/test-app.ts";

async function clinicId(database: Database, slug: string): Promise<string> {
  const [row] = await database.db.select({ id: clinics.id }).from(clinics)
    .where(eq(clinics.slug, slug));
  return row.id;
}

async function userId(database: Database, email: string): Promise<string> {
  const [row] = await database.db.select({ id: users.id }).from(users).where(
    eq(users.email, email),
  );
  return row.id;
}

function publish(
  database: Database,
  clinic: string,
  type: string,
  data: Record<string, unknown> = {},
  permission?: string,
) {
  return database.db.transaction((tx) =>
    publishEvent(tx, { clinicId: clinic, type, data, permission })
  );
}

/** Collects what a hub subscriber receives, until an event of `type` arrives. */
function collector() {
  const got: LiveEvent[] = [];
  const waiters: { type: string; resolve: () => void }[] = [];
  return {
    got,
    deliver(event: LiveEvent) {
      got.push(event);
      for (const w of waiters.filter((w) => w.type === event.type)) w.resolve();
    },
    until(type: string, timeoutMs = 5_000): Promise<void> {
      if (got.some((e) => e.type === type)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${type} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ type, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

async function streamFor(
  database: Database,
  hub: EventHub,
  email: string,
  options: {
    lastEventId?: number | null;
    streamMs?: number;
    accessTtlMs?: number;
    types?: string[];
  } = {},
) {
  const demo = await clinicId(database, "demo-dental");
  const member = await userId(database, email);
  const access = (await loadAccess(database.db, member, demo))!;
  const body = await openEventStream({
    hub,
    db: database.db,
    clinicId: demo,
    access,
    reloadAccess: () => loadAccess(database.db, member, demo),
    lastEventId: options.lastEventId ?? null,
    types: options.types ? new Set(options.types) : null,
    streamMs: options.streamMs ?? 30_000,
    heartbeatMs: 10_000,
    accessTtlMs: options.accessTtlMs,
  });
  const sse = new SseReader(body);
  const hello = await sse.next();
  assertEquals(hello?.event, "stream");
  return sse;
}

testOnEachDatabase("event hub", async (t, database) => {
  const demo = await clinicId(database, "demo-dental");
  const second = await clinicId(database, "second-smile");

  await t.step(
    "delivers an event from a committed transaction, never a rolled-back one",
    async () => {
      const hub = new EventHub(database);
      const seen = collector();
      const subscription = await hub.subscribe(demo, seen.deliver);
      try {
        await publish(database, demo, "test.committed", { n: 1 });
        await database.db.transaction(async (tx) => {
          await publishEvent(tx, { clinicId: demo, type: "test.rolled_back", data: {} });
          tx.rollback();
        }).catch(() => {});
        await publish(database, demo, "test.marker");
        await seen.until("test.marker");
        assertEquals(seen.got.map((e) => e.type), ["test.committed", "test.marker"]);
        assertEquals(seen.got[0].data, { n: 1 });
        assertEquals(seen.got[0].clinicId, demo);
      } finally {
        subscription.close();
        await hub.close();
      }
    },
  );

  await t.step("never hands a clinic's subscriber another clinic's event", async () => {
    const hub = new EventHub(database);
    const demoSeen = collector();
    const secondSeen = collector();
    const subs = [
      await hub.subscribe(demo, demoSeen.deliver),
      await hub.subscribe(second, secondSeen.deliver),
    ];
    try {
      await publish(database, second, "test.other_clinic");
      await publish(database, demo, "test.marker");
      await Promise.all([demoSeen.until("test.marker"), secondSeen.until("test.other_clinic")]);
      assertEquals(demoSeen.got.map((e) => e.type), ["test.marker"]);
      assertEquals(secondSeen.got.map((e) => e.type), ["test.other_clinic"]);
    } finally {
      for (const s of subs) s.close();
      await hub.close();
    }
    assertEquals(hub.subscriberCount, 0);
  });

  await t.step("a stream carries only events the member's permissions allow", async () => {
    const hub = new EventHub(database);
    const owner = await streamFor(database, hub, "owner@demo-dental.test");
    const reception = await streamFor(database, hub, "reception@demo-dental.test");
    try {
      await publish(database, demo, "xray.captured", { captureId: "c1" }, "radiology.view");
      await publish(database, demo, "test.marker");
      const ownerGot = await owner.until((m) => m.event === "test.marker");
      const receptionGot = await reception.until((m) => m.event === "test.marker");
      assertEquals(ownerGot.map((m) => m.event), ["xray.captured", "test.marker"]);
      assertEquals(JSON.parse(ownerGot[0].data), { captureId: "c1" });
      assertEquals(receptionGot.map((m) => m.event), ["test.marker"]);
    } finally {
      await owner.close();
      await reception.close();
      await hub.close();
    }
  });

  await t.step("a permission taken away mid-stream stops the events it guards", async () => {
    const hub = new EventHub(database);
    const nurse = await userId(database, "nurse@demo-dental.test");
    const stream = await streamFor(database, hub, "nurse@demo-dental.test", { accessTtlMs: 0 });
    try {
      await publish(database, demo, "xray.captured", { n: 1 }, "radiology.view");
      assertEquals((await stream.next())?.event, "xray.captured");
      await database.db.update(clinicMembers).set({ permissionsOverride: ["patients.view"] })
        .where(eq(clinicMembers.userId, nurse));
      await publish(database, demo, "xray.captured", { n: 2 }, "radiology.view");
      await publish(database, demo, "test.marker");
      assertEquals((await stream.next())?.event, "test.marker");
    } finally {
      await database.db.update(clinicMembers).set({ permissionsOverride: null })
        .where(eq(clinicMembers.userId, nurse));
      await stream.close();
      await hub.close();
    }
  });

  await t.step("a member deactivated mid-stream has the stream closed", async () => {
    const hub = new EventHub(database);
    const nurse = await userId(database, "nurse@demo-dental.test");
    const stream = await streamFor(database, hub, "nurse@demo-dental.test", { accessTtlMs: 0 });
    try {
      await database.db.update(clinicMembers).set({ status: "deactivated" })
        .where(eq(clinicMembers.userId, nurse));
      await publish(database, demo, "test.marker");
      assertEquals(await stream.rest(), []);
    } finally {
      await database.db.update(clinicMembers).set({ status: "active" })
        .where(eq(clinicMembers.userId, nurse));
      await stream.close();
      await hub.close();
    }
  });

  await t.step(
    "replays what came after Last-Event-ID, then goes live, with no gap or duplicate",
    async () => {
      const hub = new EventHub(database);
      const first = await publish(database, demo, "test.replay", { n: 0 });
      const missed = [];
      for (let n = 1; n <= 3; n++) missed.push(await publish(database, demo, "test.replay", { n }));
      // Events keep committing while the stream subscribes and replays.
      const racing = Promise.all(
        Array.from({ length: 20 }, (_, i) => publish(database, demo, "test.replay", { n: 10 + i })),
      );
      const stream = await streamFor(database, hub, "owner@demo-dental.test", {
        lastEventId: first,
        types: ["test.replay"],
      });
      try {
        const raced = await racing;
        const expected = new Set([...missed, ...raced].map(String));
        const got: string[] = [];
        while (got.filter((id) => expected.has(id)).length < expected.size) {
          const message = await stream.next();
          assert(message, "stream ended early");
          got.push(message.id!);
        }
        assertEquals(got.slice(0, 3), missed.map(String), "replayed in order first");
        assertEquals(new Set(got).size, got.length, "no duplicates");
        assertEquals(new Set(got), expected, "nothing missed, nothing else");
        const live = await publish(database, demo, "test.replay", { n: 99 });
        assertEquals((await stream.next())?.id, String(live));
      } finally {
        await stream.close();
        await hub.close();
      }
    },
  );

  await t.step(
    "a stream without Last-Event-ID starts live and tells the client where it starts",
    async () => {
      const hub = new EventHub(database);
      const before = await publish(database, demo, "test.before");
      const demoId = await clinicId(database, "demo-dental");
      const member = await userId(database, "owner@demo-dental.test");
      const access = (await loadAccess(database.db, member, demoId))!;
      const sse = new SseReader(
        await openEventStream({
          hub,
          db: database.db,
          clinicId: demoId,
          access,
          reloadAccess: () => Promise.resolve(access),
          lastEventId: null,
          types: null,
          streamMs: 30_000,
          heartbeatMs: 10_000,
        }),
      );
      try {
        const hello = await sse.next();
        assertEquals(JSON.parse(hello!.data), { endsInMs: 30_000, cursor: String(before) });
        await publish(database, demo, "test.after");
        assertEquals((await sse.next())?.event, "test.after");
      } finally {
        await sse.close();
        await hub.close();
      }
    },
  );

  await t.step(
    "the server ends a stream after the configured time, with heartbeats meanwhile",
    async () => {
      const hub = new EventHub(database);
      const member = await userId(database, "owner@demo-dental.test");
      const access = (await loadAccess(database.db, member, demo))!;
      const started = Date.now();
      const sse = new SseReader(
        await openEventStream({
          hub,
          db: database.db,
          clinicId: demo,
          access,
          reloadAccess: () => Promise.resolve(access),
          lastEventId: null,
          types: null,
          streamMs: 400,
          heartbeatMs: 100,
        }),
      );
      try {
        const rest = await sse.rest(5_000);
        assertEquals(rest.map((m) => m.event), ["stream"]);
        assert(Date.now() - started >= 400, "not before the configured time");
        assert(sse.comments.includes("heartbeat"), `heartbeats: ${sse.comments}`);
        assertEquals(hub.subscriberCount, 0, "the ended stream left the hub");
      } finally {
        await sse.close();
        await hub.close();
      }
    },
  );

  await t.step(
    "retention prunes events older than the configured hours, from the cron job too",
    async () => {
      const old = await publish(database, demo, "test.old");
      const recent = await publish(database, demo, "test.recent");
      await database.db.update(events).set({ createdAt: sql`now() - interval '25 hours'` })
        .where(eq(events.id, old));
      const now = new Date();
      const [job] = scheduledJobs(() =>
        Promise.resolve({
          db: database.db,
          config: testConfig({ EVENTS_RETENTION_HOURS: "24" }),
          hooks: createDomainHooks(),
        })
      ).filter((j) => j.name === "events-retention");
      assert(await job.run(now) as number >= 1);
      const left = await database.db.select({ id: events.id }).from(events)
        .where(sql`${events.id} in (${old}, ${recent})`);
      assertEquals(left.map((r) => r.id), [recent]);
      assertEquals(await pruneEvents(database.db, now, 24), 0);
    },
  );
});
