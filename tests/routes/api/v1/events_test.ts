/**
 * `GET /api/v1/events` over HTTP (in process): who may open it, what a bad
 * Last-Event-ID answers, and what the stream carries for whom.
 */
import { eq } from "drizzle-orm";
import { assert, assertEquals } from "../../../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import { SseReader } from "../../../support/sse.ts";
import type { CookieJar } from "../../../support/cookie-jar.ts";
import type { Database } from "../../../../lib/db/client.ts";
import { clinics } from "../../../../lib/db/schema.ts";
import { publishEvent } from "../../../../lib/events/publish.ts";

async function clinicId(database: Database, slug: string): Promise<string> {
  const [row] = await database.db.select({ id: clinics.id }).from(clinics)
    .where(eq(clinics.slug, slug));
  return row.id;
}

async function open(app: TestApp, jar: CookieJar, query = "", headers: HeadersInit = {}) {
  const res = await app.request(`/api/v1/events${query}`, { jar, headers });
  assertEquals(res.status, 200, await (res.status === 200 ? "" : res.clone().text()));
  const sse = new SseReader(res.body!);
  const hello = await sse.next();
  assertEquals(hello?.event, "stream");
  return {
    res,
    sse,
    hello: JSON.parse(hello!.data) as { endsInMs: number; cursor: string | null },
  };
}

testOnEachDatabase("events API", async (t, database) => {
  const step = appSteps(t, database);
  const demo = await clinicId(database, "demo-dental");
  const second = await clinicId(database, "second-smile");
  const publish = (
    clinic: string,
    type: string,
    data: Record<string, unknown>,
    permission?: string,
  ) =>
    database.db.transaction((tx) => publishEvent(tx, { clinicId: clinic, type, data, permission }));

  await step("needs a session", async (app) => {
    const res = await app.request("/api/v1/events");
    assertEquals(res.status, 401);
    assertEquals((await res.json()).code, "UNAUTHENTICATED");
  });

  await step("a superadmin outside any clinic has no clinic stream", async (app) => {
    const { jar } = await app.login("superadmin@odontox.test");
    const res = await app.request("/api/v1/events", { jar });
    assertEquals(res.status, 403);
    assertEquals((await res.json()).code, "NO_CLINIC");
  });

  await step(
    "a malformed Last-Event-ID or type list is a 400, not an empty replay",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      for (
        const [query, headers] of [
          ["", { "last-event-id": "abc" }],
          ["", { "last-event-id": "-1" }],
          ["?lastEventId=1e3", {}],
          ["?lastEventId=99999999999999999999", {}],
        ] as const
      ) {
        const res = await app.request(`/api/v1/events${query}`, { jar, headers });
        assertEquals(res.status, 400, `${query} ${JSON.stringify(headers)}`);
        assertEquals((await res.json()).code, "INVALID_LAST_EVENT_ID");
      }
      const badTypes = await app.request("/api/v1/events?types=xray.captured,DROP%20TABLE", {
        jar,
      });
      assertEquals(badTypes.status, 400);
      assertEquals((await badTypes.json()).code, "BAD_REQUEST");
    },
  );

  await step(
    "streams the clinic's events as id/event/data, uncached, and none of another clinic",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const { res, sse, hello } = await open(app, jar);
      try {
        assertEquals(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
        assertEquals(res.headers.get("cache-control"), "no-store");
        assertEquals(hello.endsInMs, 60_000);
        await publish(second, "xray.captured", { captureId: "theirs" }, "radiology.view");
        const id = await publish(demo, "xray.captured", { captureId: "ours" }, "radiology.view");
        const message = await sse.next();
        assertEquals(message, {
          id: String(id),
          event: "xray.captured",
          data: JSON.stringify({ captureId: "ours" }),
        });
      } finally {
        await sse.close();
      }
    },
  );

  await step("a member without the event's permission does not receive it", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const { sse } = await open(app, jar);
    try {
      await publish(demo, "xray.captured", { captureId: "hidden" }, "radiology.view");
      await publish(demo, "test.everyone", { ok: true });
      assertEquals((await sse.next())?.event, "test.everyone");
    } finally {
      await sse.close();
    }
  });

  await step(
    "reconnecting with Last-Event-ID (header or query) replays what was missed",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const seen = await publish(demo, "test.replay", { n: 1 });
      const missed = [
        await publish(demo, "test.replay", { n: 2 }),
        await publish(demo, "test.replay", { n: 3 }),
      ];
      for (
        const [query, headers] of [
          ["?types=test.replay", { "last-event-id": String(seen) }],
          [`?types=test.replay&lastEventId=${seen}`, {}],
          // The browser's own reconnect sends the header, which is newer than the URL's query.
          [`?types=test.replay&lastEventId=1`, { "last-event-id": String(seen) }],
        ] as const
      ) {
        const { sse } = await open(app, jar, query, headers);
        try {
          const got = await sse.until((m) => m.id === String(missed[1]));
          assertEquals(got.map((m) => m.id), missed.map(String), query);
        } finally {
          await sse.close();
        }
      }
    },
  );

  await step("types= limits the stream to those event types", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const { sse } = await open(app, jar, "?types=test.wanted");
    try {
      await publish(demo, "test.unwanted", {});
      const wanted = await publish(demo, "test.wanted", {});
      assertEquals((await sse.next())?.id, String(wanted));
    } finally {
      await sse.close();
    }
  });

  await step("the stream ends after EVENTS_STREAM_SECONDS", async (app) => {
    const { jar } = await app.login("nurse@demo-dental.test");
    const { sse, hello } = await open(app, jar);
    assertEquals(hello.endsInMs, 1_000);
    assertEquals(await sse.rest(5_000), []);
    assert(sse.ended);
    assertEquals(app.deps.events.subscriberCount, 0);
  }, { EVENTS_STREAM_SECONDS: "1" });
});
