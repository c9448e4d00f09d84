import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import {
  bookVisit,
  snapshot,
  staffMessages,
  tokenFor,
} from "../lib/appointments/patient-response-fixtures.ts";

const PATH = "/appointment/respond";
const MAX_PAGE_BYTES = 15 * 1024;

let ipSequence = 0;
const freshIp = () => `198.51.100.${++ipSequence % 250 + 1}`;

function landing(app: TestApp, token: string) {
  return app.request(`${PATH}?token=${encodeURIComponent(token)}`, { ip: freshIp() });
}

/** The landing page's button, as a browser submits it: a same-origin form post. */
function submit(app: TestApp, token: string, init: { ip?: string; origin?: string } = {}) {
  return app.request(PATH, {
    method: "POST",
    ip: init.ip ?? freshIp(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(init.origin ? { origin: init.origin } : {}),
    },
    body: new URLSearchParams({ token }).toString(),
  });
}

/** The page's visible words, tags stripped, for assertions a reader would make. */
const words = (html: string) =>
  html.replace(/<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'").replace(/\s+/g, " ");

function assertLightPage(html: string) {
  assert(!/<script/i.test(html), "no script at all");
  assert(!html.includes("data-island"), "no islands");
  const bytes = new TextEncoder().encode(html).length;
  assert(bytes < MAX_PAGE_BYTES, `HTML and CSS ${bytes} bytes, under 15 KB`);
  assertMatch(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
}

testOnEachDatabase("patient respond pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);

  await step("the link shows the appointment and one button, and changes nothing", async (app) => {
    const visit = await bookVisit(app.deps, "Ayesha Siddiqui");
    const before = await snapshot(db, visit.id);
    const token = await tokenFor(visit.id, "confirm");
    // Mail scanners and link previews fetch the link, sometimes more than once.
    for (let i = 0; i < 3; i++) {
      const res = await landing(app, token);
      assertEquals(res.status, 200);
      assertEquals(res.headers.get("cache-control"), "no-store");
      const html = await res.text();
      assertLightPage(html);
      const text = words(html);
      assertMatch(text, /Demo Dental/);
      assertMatch(text, /Confirm your appointment/);
      assertMatch(text, /Dear Ayesha Siddiqui/);
      assertMatch(text, /10:30 am Pakistan Standard Time/);
      assertEquals(html.match(/<button/g)?.length, 1);
      assertMatch(html, /<form method="post" action="\/appointment\/respond">/);
      assert(html.includes(`<input type="hidden" name="token" value="${token}"/>`));
      assertMatch(text, /Confirm appointment/);
    }
    assertEquals(await snapshot(db, visit.id), before, "a GET changes nothing");
    const head = await app.request(`${PATH}?token=${token}`, { method: "HEAD", ip: freshIp() });
    assertEquals(head.status, 200);
    assertEquals(await snapshot(db, visit.id), before, "nor does a HEAD");
  });

  await step("a cancel link asks before cancelling", async (app) => {
    const visit = await bookVisit(app.deps, "Kamran Butt");
    const before = await snapshot(db, visit.id);
    const html = await (await landing(app, await tokenFor(visit.id, "cancel"))).text();
    assertLightPage(html);
    const text = words(html);
    assertMatch(text, /Cancel your appointment\?/);
    assertMatch(text, /Cancel appointment/);
    assertMatch(text, /your appointment stays booked/);
    assertEquals(await snapshot(db, visit.id), before);
  });

  await step("pressing Confirm confirms and says so", async (app) => {
    const visit = await bookVisit(app.deps, "Imran Qureshi");
    const res = await submit(app, await tokenFor(visit.id, "confirm"));
    assertEquals(res.status, 200);
    const html = await res.text();
    assertLightPage(html);
    const text = words(html);
    assertMatch(text, /Appointment Confirmed/);
    assertMatch(text, /Imran Qureshi/);
    assertMatch(text, /We look forward to seeing you!/);
    assertMatch(text, /10:30 am Pakistan Standard Time/);
    assertEquals((await snapshot(db, visit.id)).status, "confirmed");
    assertEquals((await staffMessages(db, visit.id)).emails.length, 1);
  });

  await step("pressing Cancel cancels and points to the clinic", async (app) => {
    const visit = await bookVisit(app.deps, "Saima Rauf");
    const res = await submit(app, await tokenFor(visit.id, "cancel"));
    assertEquals(res.status, 200);
    const text = words(await res.text());
    assertMatch(text, /Appointment Cancelled/);
    assertMatch(text, /If you'd like to reschedule, please contact Demo Dental\./);
    assertEquals((await snapshot(db, visit.id)).status, "cancelled");
  });

  await step(
    "a second press, or opening the link again, shows the recorded answer",
    async (app) => {
      const visit = await bookVisit(app.deps, "Nadia Hussain");
      const token = await tokenFor(visit.id, "confirm");
      await (await submit(app, token)).body?.cancel();
      const once = await snapshot(db, visit.id);

      for (const res of [await submit(app, token), await landing(app, token)]) {
        assertEquals(res.status, 200);
        const text = words(await res.text());
        assertMatch(text, /Your response was already recorded/);
        assertMatch(text, /Status: Confirmed/);
        assert(!/<button/.test(text), "nothing left to press");
      }
      assertEquals(await snapshot(db, visit.id), once, "no second change, no second notices");
    },
  );

  await step("expired, tampered and unknown links say to contact the clinic", async (app) => {
    const visit = await bookVisit(app.deps, "Rabia Anwar");
    const before = await snapshot(db, visit.id);
    const genuine = await tokenFor(visit.id, "confirm");
    const expired = await tokenFor(visit.id, "confirm", new Date(Date.now() - 49 * 3600_000));
    const tampered = genuine.slice(0, -3) + (genuine.endsWith("AAA") ? "BBB" : "AAA");
    const unknown = await tokenFor(crypto.randomUUID(), "confirm");
    const cases: [string, string, number][] = [
      ["expired", expired, 400],
      ["tampered", tampered, 400],
      ["empty", "", 400],
      ["overlong", genuine.repeat(5), 400],
      ["unknown appointment", unknown, 404],
    ];
    for (const [name, token, status] of cases) {
      for (const res of [await landing(app, token), await submit(app, token)]) {
        assertEquals([name, res.status], [name, status]);
        const html = await res.text();
        assertLightPage(html);
        const text = words(html);
        assertMatch(text, /This link has expired or is invalid/, name);
        assertMatch(text, /Please contact the clinic directly\./, name);
      }
    }
    const noToken = await app.request(PATH, { ip: freshIp() });
    assertEquals(noToken.status, 400);
    await noToken.body?.cancel();
    assertEquals(await snapshot(db, visit.id), before);
  });

  await step("a form post from another site is refused and changes nothing", async (app) => {
    const visit = await bookVisit(app.deps, "Tariq Jamil");
    const before = await snapshot(db, visit.id);
    const res = await submit(app, await tokenFor(visit.id, "cancel"), {
      origin: "https://evil.example",
    });
    assertEquals(res.status, 403);
    await res.body?.cancel();
    assertEquals(await snapshot(db, visit.id), before);
  });

  await step("the 11th press a minute from one address waits, with Retry-After", async (app) => {
    const visit = await bookVisit(app.deps, "Farah Naz");
    const before = await snapshot(db, visit.id);
    const ip = "192.0.2.77";
    for (let i = 1; i <= 10; i++) {
      await (await submit(app, `junk-${i}`, { ip })).body?.cancel();
    }
    const res = await submit(app, await tokenFor(visit.id, "confirm"), { ip });
    assertEquals(res.status, 429);
    assert(Number(res.headers.get("retry-after")) >= 1);
    const html = await res.text();
    assertLightPage(html);
    assertMatch(words(html), /Wait a minute, then try again/);
    assertEquals(await snapshot(db, visit.id), before);
  });

  await step(
    "when the answer cannot be saved, nothing changes and it can be retried",
    async (app) => {
      const visit = await bookVisit(app.deps, "Usman Ghani");
      const before = await snapshot(db, visit.id);
      const token = await tokenFor(visit.id, "confirm");
      const unsubscribe = app.deps.hooks.on("appointment.status_changed", () => {
        throw new Error("database went away");
      });
      let html: string;
      try {
        const res = await submit(app, token);
        assertEquals(res.status, 500);
        html = await res.text();
      } finally {
        unsubscribe();
      }
      assertLightPage(html);
      assertMatch(words(html), /Something went wrong/);
      assert(!html.includes("database went away"), "no internals shown");
      assert(html.includes(`value="${token}"`), "the Try again button carries the link");
      assertEquals(await snapshot(db, visit.id), before);
      const retry = await submit(app, token);
      assertMatch(words(await retry.text()), /Appointment Confirmed/);
    },
  );
});
