/**
 * The Today dashboard per role, over one known day (./today-fixtures.ts):
 * what each person sees in which panel, that permissions strike panels and
 * buttons out, that nothing on the page points at what the member would be
 * refused, and that another clinic's day never shows.
 */
import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { roleTemplates } from "../../lib/db/schema.ts";
import { planDefaultPermissions } from "../../lib/permissions/role-defaults.ts";
import type { StaffRole } from "../../lib/db/schema.ts";
import { listed, panel, setUpToday, VISITS } from "./today-fixtures.ts";

const DOCTOR = "doctor@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";
const OWNER = "owner@demo-dental.test";

async function dashboard(app: TestApp, jar: CookieJar): Promise<string> {
  const res = await app.request("/dashboard", { jar });
  assertEquals(res.status, 200);
  return await res.text();
}

function unescapeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** The event types the DashboardLive island subscribes to; null when it is not on the page. */
function liveTypes(html: string): string[] | null {
  const match = html.match(/data-island="DashboardLive" data-props="([^"]*)"/);
  return match ? JSON.parse(unescapeAttribute(match[1])).types : null;
}

/** Every same-site URL the page links to, posts to, or loads as a background image. */
function pageUrls(html: string): { get: string[]; post: string[] } {
  const get = new Set<string>();
  for (const m of html.matchAll(/\shref="(\/[^"]*)"/g)) get.add(unescapeAttribute(m[1]));
  for (const m of html.matchAll(/url\(&quot;(\/[^&]*)&quot;\)/g)) get.add(m[1]);
  const post = [...html.matchAll(/<form method="post" action="(\/[^"]*)"/g)].map((m) => m[1]);
  return {
    get: [...get].filter((url) => !url.startsWith("/static/")).map((url) => url.split("#")[0]),
    post,
  };
}

testOnEachDatabase("Today dashboard by role", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const day = await setUpToday(db);
  const a = day.appointment;

  /** Runs `fn` while `role` follows a template of the plan's defaults minus `without`. */
  async function withoutPermissions(
    role: Exclude<StaffRole, "owner">,
    without: string[],
    fn: () => Promise<void>,
  ) {
    await db.insert(roleTemplates).values({
      clinicId: day.clinicId,
      role,
      permissions: planDefaultPermissions("pro", role).filter((key) => !without.includes(key)),
    });
    try {
      await fn();
    } finally {
      await db.delete(roleTemplates).where(
        and(eq(roleTemplates.clinicId, day.clinicId), eq(roleTemplates.role, role)),
      );
    }
  }

  await step(
    "a doctor sees their day in order with the next visit highlighted, the chair, notes to write and today's X-rays",
    async (app) => {
      const { jar } = await app.login(DOCTOR);
      const html = await dashboard(app, jar);
      assertMatch(html, /data-view="doctor"/);
      assertEquals(listed(html, "my-day"), [a.dana, a.omar, a.sana, a.pari, a.nadia, a.bilal]);
      assertMatch(panel(html, "my-day"), new RegExp(`data-appointment="${a.nadia}" data-next`));
      assertEquals(listed(html, "next"), [a.nadia]);
      assertMatch(panel(html, "next"), /Nadia Next/);
      assertEquals(listed(html, "in-chair"), [a.pari]);
      assertEquals(listed(html, "notes-missing"), [a.dana, a.pari]);
      assertMatch(
        panel(html, "notes-missing"),
        new RegExp(`href="/appointments/${a.dana}#clinical-notes"`),
      );
      const xrays = panel(html, "xrays");
      assertMatch(xrays, new RegExp(`data-xray="capture:${day.captures.listed}"`));
      assertMatch(xrays, new RegExp(`data-xray="study:${day.study}"`));
      assert(!xrays.includes(day.captures.yesterday), "yesterday's capture is not new");
      assert(!xrays.includes(day.captures.unbooked), "a patient not booked today is not listed");
      for (const other of [VISITS.lena, VISITS.zara, VISITS.farah]) {
        assert(!html.includes(other), `${other} is not the doctor's today`);
      }
      assert(!html.includes('data-panel="unconfirmed"'), "no desk panels for a doctor");
      assertEquals(liveTypes(html), ["appointment.changed", "xray.captured", "xray.assigned"]);
    },
  );

  await step(
    "reception sees arrivals, the unconfirmed visits of 48 hours with their buttons, the day by operatory and the day's cancellations",
    async (app) => {
      const { jar } = await app.login(RECEPTION);
      const html = await dashboard(app, jar);
      assertMatch(html, /data-view="reception"/);
      assertEquals(listed(html, "arrivals"), [a.lena, a.nadia, a.zara]);
      // Ten minutes late when booked, to the minute; a slow run may read the page a minute or two on.
      assertMatch(panel(html, "arrivals"), /1[0-2] min late/);
      assertEquals(listed(html, "unconfirmed"), [a.zara, a.bilal, a.tariq]);
      // Zara has no email: she is called, not emailed, and still confirmed with one click.
      const unconfirmed = panel(html, "unconfirmed");
      assert(!unconfirmed.includes(`/dashboard/appointments/${a.zara}/reminder`));
      assertMatch(unconfirmed, new RegExp(`action="/dashboard/appointments/${a.zara}/confirm"`));
      assertMatch(unconfirmed, /No email on file/);
      assertMatch(unconfirmed, new RegExp(`action="/dashboard/appointments/${a.bilal}/reminder"`));
      assertMatch(unconfirmed, new RegExp(`action="/dashboard/appointments/${a.tariq}/confirm"`));
      assertMatch(unconfirmed, /Tomorrow \d\d:\d\d/);
      assert(!unconfirmed.includes(a.farah), "60 hours ahead is beyond the panel");
      const [r1, r2, r3] = day.operatoryIds;
      const schedule = panel(html, "schedule");
      const room = (id: string) => {
        const start = schedule.indexOf(`data-operatory="${id}"`);
        const end = schedule.indexOf("data-operatory=", start + 1);
        return [
          ...schedule.slice(start, end < 0 ? undefined : end)
            .matchAll(/data-appointment="([^"]+)"/g),
        ].map((m) => m[1]);
      };
      assertEquals(room(r1), [a.dana, a.omar, a.nadia, a.bilal]);
      assertEquals(room(r2), [a.pari, a.lena], "the no-show released operatory 2");
      assertEquals(room(r3), [a.zara], "the cancellation released operatory 3");
      assertEquals(listed(html, "cancellations"), [a.sana, a.cyrus]);
      assertMatch(panel(html, "cancellations"), /data-status="no_show"/);
      assert(!html.includes('data-panel="xrays"'), "reception holds no radiology.view");
      assertEquals(liveTypes(html), ["appointment.changed"]);
    },
  );

  await step(
    "a nurse sees who is in each chair and who is next, and today's procedures",
    async (app) => {
      const { jar } = await app.login(NURSE);
      const html = await dashboard(app, jar);
      assertMatch(html, /data-view="nurse"/);
      const chairs = panel(html, "chairs");
      const chair = (id: string) => {
        const start = chairs.indexOf(`data-operatory="${id}"`);
        const end = chairs.indexOf("data-operatory=", start + 1);
        return chairs.slice(start, end < 0 ? undefined : end);
      };
      const [r1, r2, r3] = day.operatoryIds;
      assertMatch(chair(r1), /Free/);
      assertMatch(chair(r1), new RegExp(`data-appointment="${a.nadia}" data-next`));
      assertMatch(chair(r2), new RegExp(`data-appointment="${a.pari}" data-in-chair`));
      assertMatch(chair(r2), /In use/);
      assert(!chair(r2).includes(a.lena + '" data-in-chair'), "late, not yet in the chair");
      assertMatch(chair(r3), new RegExp(`data-appointment="${a.zara}" data-next`));
      const procedures = panel(html, "procedures");
      const count = (type: string) =>
        procedures.match(new RegExp(`data-procedure="${type}"[\\s\\S]*?data-count>(\\d+)<`))?.[1];
      // Check-ups: Nadia and Zara; Sana missed hers and Cyrus cancelled.
      assertEquals(count("Check-up"), "2");
      assertEquals(count("Filling"), "2");
      assertEquals(count("Root canal"), "1");
      assert(!html.includes('data-panel="unconfirmed"'));
    },
  );

  await step(
    "the owner sees the day's figures, their own appointments, team activity, the team and the plan",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const html = await dashboard(app, jar);
      assertMatch(html, /data-view="owner"/);
      const figures = panel(html, "figures");
      const figure = (name: string) =>
        figures.slice(figures.indexOf(`data-figure="${name}"`)).match(
          /<p class="mt-2[^>]*>([^<]+)<\/p>(?:<p[^>]*>([^<]+)<\/p>)?/,
        )!;
      // Booked: 10 today minus the cancellation; due so far: Dana, Omar, Sana, Pari, Lena.
      assertEquals(figure("booked")[1], "8");
      assertEquals(figure("completion")[1], "40%");
      assertEquals(figure("completion")[2], "2 of 5 due so far");
      assertEquals(figure("no-show")[1], "20%");
      assertEquals(figure("new-patients")[1], String(day.registeredToday));
      assertEquals(listed(html, "my-day"), [a.lena, a.cyrus, a.zara]);
      assertMatch(html, /data-panel="activity"/);
      assertMatch(panel(html, "team"), /reception@demo-dental\.test/);
      assertMatch(panel(html, "plan"), /Pro/);
      assertMatch(panel(html, "plan"), new RegExp(day.timeZone.replace("+", "\\+")));
    },
  );

  await step("another clinic's owner sees none of Demo Dental's day", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    const html = await dashboard(app, jar);
    for (const name of Object.values(VISITS)) assert(!html.includes(name), name);
  });

  await step(
    "a doctor without radiology.view or clinical.notes.create gets neither panel nor X-ray events",
    async (app) => {
      await withoutPermissions("doctor", ["radiology.view", "clinical.notes.create"], async () => {
        const { jar } = await app.login(DOCTOR);
        const html = await dashboard(app, jar);
        assert(!html.includes('data-panel="xrays"'));
        assert(!html.includes('data-panel="notes-missing"'));
        assert(!html.includes("/thumbnail"), "no image the member could not load");
        assertEquals(liveTypes(html), ["appointment.changed"]);
        assertEquals(listed(html, "my-day").length, 6, "their day is still there");
      });
    },
  );

  await step(
    "reception without the status and edit permissions gets the list without its buttons",
    async (app) => {
      await withoutPermissions(
        "reception",
        ["appointments.status.update", "appointments.edit"],
        async () => {
          const { jar } = await app.login(RECEPTION);
          const html = await dashboard(app, jar);
          assertEquals(listed(html, "unconfirmed"), [a.zara, a.bilal, a.tariq]);
          assert(!panel(html, "unconfirmed").includes("<form"), "no button that would be refused");
        },
      );
    },
  );

  await step("a member who may not see appointments gets no appointment panel", async (app) => {
    // Stock is not an appointment panel: without it too, nothing is left to show.
    await withoutPermissions("nurse", ["appointments.view", "inventory.items.view"], async () => {
      const { jar } = await app.login(NURSE);
      const html = await dashboard(app, jar);
      assertMatch(html, /data-panel="none"/);
      assertEquals(liveTypes(html), null, "nothing live to follow, no script for it");
      for (const name of Object.values(VISITS)) assert(!html.includes(name), name);
    });
  });

  // Last: following the desk's buttons confirms and reminds for real.
  await step(
    "no role's dashboard links to, loads or posts to anything that would refuse them",
    async (app) => {
      for (const email of [DOCTOR, RECEPTION, NURSE, OWNER]) {
        const { jar } = await app.login(email);
        const { get, post } = pageUrls(await dashboard(app, jar));
        assert(get.length > 5, `${email} has links`);
        for (const url of get) {
          const res = await app.request(url, { jar });
          await res.body?.cancel();
          assert(res.status !== 403, `${email}: GET ${url} answered 403`);
        }
        for (const url of post.filter((u) => u.startsWith("/dashboard/"))) {
          // The guard alone, without acting: a request the guard refuses answers 403 before the form.
          const res = await app.request(url, { method: "POST", jar, body: new FormData() });
          await res.body?.cancel();
          assert(res.status !== 403, `${email}: POST ${url} answered 403`);
        }
      }
    },
  );
});
