/**
 * The calendar page: who may open it, what each view shows of one known week
 * (2030-06-03 to 2030-06-09, far from the demo book around today), and that
 * nothing of another clinic ever appears.
 */
import { unpackWeekCards, type WeekCardProps } from "../../lib/calendar/week-cards.ts";
import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { roleTemplates } from "../../lib/db/schema.ts";
import { addClosedDate } from "../../lib/appointments/working-hours.ts";
import { planDefaultPermissions } from "../../lib/permissions/role-defaults.ts";
import { clinicFixture, createPatient, karachi, userId } from "../lib/appointments/fixtures.ts";

const OWNER = "owner@demo-dental.test";
const DOCTOR = "doctor@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

const MONDAY = "2030-06-03";
const WEEK = `/calendar?view=week&date=2030-06-05`;

/** The ids of the appointment cards of the time grid, in page order. */
function cardIds(html: string): string[] {
  return [...html.matchAll(/data-appointment-id="([^"]+)"/g)].map((m) => m[1]);
}

function unescapeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** The props the page handed the WeekCalendar island. */
function weekCalendarProps(html: string): WeekCardProps & {
  canReschedule: boolean;
  startMinute: number;
} {
  const match = html.match(/data-island="WeekCalendar" data-props="([^"]*)"/);
  assert(match, "the week calendar island is on the page");
  return JSON.parse(unescapeAttribute(match[1]));
}

/** The opening tag of the element carrying `attribute`. */
function tagWith(html: string, attribute: string): string {
  const at = html.indexOf(attribute);
  assert(at >= 0, `${attribute} is on the page`);
  return html.slice(html.lastIndexOf("<", at), html.indexOf(">", at) + 1);
}

async function page(app: TestApp, path: string, jar: CookieJar) {
  const res = await app.request(path, { jar });
  return { status: res.status, html: await res.text() };
}

testOnEachDatabase("calendar pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const ownerId = await userId(db, OWNER);
  const doctorId = await userId(db, DOCTOR);
  const otherOwnerId = await userId(db, OTHER_OWNER);
  const [room1, room2] = demo.operatoryIds;
  const patients = {
    zainab: await createPatient(db, demo.id, "Zainab Calendar"),
    tariq: await createPatient(db, demo.id, "Tariq Calendar"),
    imran: await createPatient(db, demo.id, "Imran Calendar"),
    kamran: await createPatient(db, other.id, "Kamran Elsewhere"),
  };
  const booked: Record<string, string> = {};

  await step("the week's appointments are booked through the API", async (app) => {
    const { jar } = await app.login(OWNER);
    const book = async (name: string, payload: Record<string, unknown>) => {
      const res = await app.json("POST", "/api/v1/appointments", {
        durationMinutes: 30,
        type: "Check-up",
        ...payload,
      }, { jar });
      assertEquals(res.status, 201, await res.clone().text());
      booked[name] = (await res.json()).appointment.id;
    };
    // Monday: two overlapping appointments with different doctors and rooms.
    await book("mondayOwner", {
      patientId: patients.zainab,
      doctorId: ownerId,
      operatoryId: room1,
      startsAt: karachi(MONDAY, "10:00"),
      type: "Scaling & polishing",
      colorTag: "violet",
    });
    await book("mondayDoctor", {
      patientId: patients.tariq,
      doctorId,
      operatoryId: room2,
      startsAt: karachi(MONDAY, "10:15"),
      durationMinutes: 45,
      type: "Root canal",
    });
    // Tuesday: one that gets cancelled.
    await book("tuesdayCancelled", {
      patientId: patients.imran,
      doctorId,
      operatoryId: room1,
      startsAt: karachi("2030-06-04", "11:00"),
    });
    const cancel = await app.json(
      "POST",
      `/api/v1/appointments/${booked.tuesdayCancelled}/status`,
      { status: "cancelled" },
      { jar },
    );
    assertEquals(cancel.status, 200);
    // Wednesday: four in a row, one more than a month cell shows.
    for (const [i, time] of ["09:00", "10:00", "11:00", "12:00"].entries()) {
      await book(`wednesday${i}`, {
        patientId: patients.zainab,
        doctorId: ownerId,
        operatoryId: room1,
        startsAt: karachi("2030-06-05", time),
        type: "Consultation",
      });
    }
    // Second Smile books the same week, the same morning.
    const otherLogin = await app.login(OTHER_OWNER);
    const res = await app.json("POST", "/api/v1/appointments", {
      patientId: patients.kamran,
      doctorId: otherOwnerId,
      operatoryId: other.operatoryIds[0],
      startsAt: karachi(MONDAY, "10:00"),
      durationMinutes: 30,
      type: "Check-up",
    }, { jar: otherLogin.jar });
    assertEquals(res.status, 201, await res.clone().text());
    booked.elsewhere = (await res.json()).appointment.id;
    // Friday is a holiday.
    await addClosedDate(db, {
      clinicId: demo.id,
      date: "2030-06-07",
      reason: "Staff training",
      actorId: ownerId,
    });
  });

  await step("a signed-out visitor is sent to sign in and brought back", async (app) => {
    const res = await app.request(WEEK);
    assertEquals(res.status, 303);
    assertEquals(
      res.headers.get("location"),
      `/login?next=${encodeURIComponent(WEEK)}`,
    );
  });

  await step(
    "the owner's week shows each appointment once, side by side when they overlap",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const { status, html } = await page(app, WEEK, jar);
      assertEquals(status, 200);
      assertMatch(html, /<h1[^>]*>3 – 9 Jun 2030<\/h1>/);
      assertMatch(
        html,
        /aria-current="page"[^>]*href="\/calendar"|href="\/calendar"[^>]*aria-current="page"/,
      );
      const ids = cardIds(html);
      for (const name of ["mondayOwner", "mondayDoctor", "tuesdayCancelled", "wednesday3"]) {
        assert(ids.includes(booked[name]), `${name} is on the week`);
      }
      assertEquals(new Set(ids).size, ids.length, "no card twice");
      const monday = tagWith(html, `data-appointment-id="${booked.mondayOwner}"`);
      assertMatch(monday, /href="\/appointments\/[0-9a-f-]{36}"/);
      assertMatch(monday, /width:calc\(50% - 4px\)/);
      assertMatch(
        tagWith(html, `data-appointment-id="${booked.mondayDoctor}"`),
        /left:calc\(50% \+ 2px\)/,
      );
      assertMatch(html, /Zainab Calendar/);
      assertMatch(html, /10:00–10:30/);
      assertMatch(html, /Scaling &amp; polishing/);
      const cancelled = tagWith(html, `data-appointment-id="${booked.tuesdayCancelled}"`);
      assertMatch(cancelled, /data-status="cancelled"/);
      assertMatch(cancelled, /class="cal-card cal-muted"/, "drawn muted, with a dashed edge");
      assertMatch(html, /7 appointments this week · 1 cancelled or no-show/);
      // The owner may drag; the grid spans 08:00–19:00 (09:00–18:00 with an hour either side).
      const props = weekCalendarProps(html);
      assertEquals(props.canReschedule, true);
      assertEquals(props.startMinute, 8 * 60);
      // The island gets ids, times and short labels; names and labels it shares
      // travel once. Each card is one array of ten fields, no key names repeated
      // per card, and no label but the patient's as a string.
      const packed = props.cards.find((c) => c[0] === booked.mondayOwner)!;
      assertEquals(packed.length, 10);
      assertEquals(packed.filter((field) => typeof field === "string").length, 2);
      const card = unpackWeekCards(props).find((c) => c.id === booked.mondayOwner)!;
      assertEquals(props.doctors[card.doctor], "Dr. Ayesha Khan");
      assertEquals([card.day, card.start, card.minutes], [0, 10 * 60, 30]);
      assertEquals(card.status, "scheduled");
    },
  );

  await step("another clinic's appointments never appear, in any view", async (app) => {
    const { jar } = await app.login(OWNER);
    for (const view of ["day", "week", "month"]) {
      const { html } = await page(app, `/calendar?view=${view}&date=${MONDAY}`, jar);
      assert(!html.includes(booked.elsewhere), `no Second Smile appointment in the ${view} view`);
      assert(!html.includes("Kamran Elsewhere"), `no Second Smile patient in the ${view} view`);
    }
    // Naming the other clinic's operatory as a filter finds nothing, not their book.
    const filtered = await page(app, `${WEEK}&operatory=${other.operatoryIds[0]}`, jar);
    assertEquals(cardIds(filtered.html), []);

    const second = await app.login(OTHER_OWNER);
    const theirs = await page(app, WEEK, second.jar);
    assertEquals(cardIds(theirs.html), [booked.elsewhere]);
    assert(!theirs.html.includes("Zainab Calendar"));
  });

  await step(
    "closed Sunday and a holiday are cross-hatched; closed hours are shaded",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const { html } = await page(app, WEEK, jar);
      const sunday = tagWith(html, `data-date="2030-06-09"`);
      assertMatch(sunday, /data-closed="true"/);
      assertMatch(sunday, /repeating-linear-gradient\(45deg/);
      assertMatch(sunday, /repeating-linear-gradient\(-45deg/);
      const friday = tagWith(html, `data-date="2030-06-07"`);
      assertMatch(friday, /repeating-linear-gradient\(45deg/);
      assertMatch(html, /Staff training/);
      const monday = tagWith(html, `data-date="${MONDAY}"`);
      assert(!monday.includes("data-closed"), "Monday is open");
      assert(!monday.includes("45deg"), "no hatch on an open day");
      // 08:00–09:00 and 18:00–19:00 of each open day are closed hours.
      assertEquals(html.match(/data-closed-hours/g)?.length, 5 * 2);
    },
  );

  await step("the doctor and operatory filters narrow the cards", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const byDoctor = cardIds((await page(app, `${WEEK}&doctor=${doctorId}`, jar)).html);
    assertEquals(byDoctor.sort(), [booked.mondayDoctor, booked.tuesdayCancelled].sort());
    const byRoom = await page(app, `${WEEK}&operatory=${room2}`, jar);
    assertEquals(cardIds(byRoom.html), [booked.mondayDoctor]);
    assertMatch(byRoom.html, /1 appointment this week/);
    // The form keeps the choice and offers a way back to everything.
    assertMatch(byRoom.html, new RegExp(`<option value="${room2}" selected`));
    assertMatch(byRoom.html, />Clear</);
    const both = await page(app, `${WEEK}&doctor=${ownerId}&operatory=${room2}`, jar);
    assertEquals(cardIds(both.html), []);
    // The doctor filter lists those who can be booked: the owner and the doctor, not the nurse.
    assertMatch(both.html, />Dr\. Ayesha Khan<\/option>/);
    assertMatch(both.html, />Dr\. Bilal Ahmed<\/option>/);
    assert(!/>Hina Malik<\/option>/.test(both.html), "a nurse is no doctor to filter by");
  });

  await step("the month view shows three chips a day and counts the rest", async (app) => {
    const { jar } = await app.login(OWNER);
    const { status, html } = await page(app, `/calendar?view=month&date=2030-06-05`, jar);
    assertEquals(status, 200);
    assertMatch(html, /<h1[^>]*>June 2030<\/h1>/);
    assert(!html.includes('data-island="WeekCalendar"'), "the month view is plain HTML");
    const wednesday = html.slice(
      html.indexOf('data-day="2030-06-05"'),
      html.indexOf('data-day="2030-06-06"'),
    );
    assertMatch(wednesday, /data-count="4"/);
    assertEquals(wednesday.match(/data-chip-id=/g)?.length, 3);
    assertMatch(wednesday, /\+1 more/);
    assertMatch(wednesday, /href="\/calendar\?view=day&amp;date=2030-06-05"/);
    const monday = html.slice(
      html.indexOf(`data-day="${MONDAY}"`),
      html.indexOf('data-day="2030-06-04"'),
    );
    assertMatch(monday, /data-count="2"/);
    assert(!monday.includes("more"), "two fit without a +N");
    // June 2030 starts on a Saturday: the grid opens on Monday 27 May and the 2nd is a closed Sunday.
    assertMatch(html, /data-day="2030-05-27"/);
    assertMatch(tagWith(html, 'data-day="2030-06-02"'), /repeating-linear-gradient\(45deg/);
  });

  await step("the mini calendar's arrows page through months without JavaScript", async (app) => {
    const { jar } = await app.login(OWNER);
    const { html } = await page(app, WEEK, jar);
    assertMatch(html, /data-mini-calendar="2030-06"/);
    assertMatch(
      tagWith(html, 'data-mini-nav="next"'),
      /href="\/calendar\?view=week&amp;date=2030-06-05&amp;mini=2030-07"/,
    );
    assertMatch(tagWith(html, 'data-mini-nav="prev"'), /mini=2030-05"/);
    const july = await page(app, `${WEEK}&mini=2030-07`, jar);
    assertMatch(july.html, /data-mini-calendar="2030-07"/);
    assertMatch(july.html, />July 2030</);
    assertMatch(tagWith(july.html, 'data-mini-nav="next"'), /mini=2030-08"/);
    // The week of 5 June is highlighted in June, not in July; a day opens the day view.
    assertMatch(
      html,
      /<tr data-selected-week="true"><td[^>]*><a href="\/calendar\?view=day&amp;date=2030-06-03"/,
    );
    assert(!july.html.includes('data-selected-week="true"'));
    // The toolbar steps a week at a time.
    assertMatch(tagWith(html, 'data-nav="next"'), /date=2030-06-12"/);
    assertMatch(tagWith(html, 'data-nav="prev"'), /date=2030-05-29"/);
  });

  await step("the day view shows one day and its details", async (app) => {
    const { jar } = await app.login(OWNER);
    const { html } = await page(app, `/calendar?view=day&date=${MONDAY}`, jar);
    assertMatch(html, /<h1[^>]*>Monday, 3 June 2030<\/h1>/);
    assertEquals(cardIds(html).sort(), [booked.mondayOwner, booked.mondayDoctor].sort());
    assertMatch(html, /Root canal/);
    assertMatch(html, /Scheduled · Dr\. Bilal Ahmed/);
  });

  await step("a nurse sees the calendar but cannot drag", async (app) => {
    const { jar } = await app.login(NURSE);
    const { status, html } = await page(app, WEEK, jar);
    assertEquals(status, 200);
    assert(cardIds(html).includes(booked.mondayOwner));
    assertEquals(weekCalendarProps(html).canReschedule, false);
    assert(!/drag an appointment/i.test(html), "no drag hint for someone who cannot");
  });

  await step("reception sees the calendar and may drag", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const { status, html } = await page(app, WEEK, jar);
    assertEquals(status, 200);
    assertEquals(weekCalendarProps(html).canReschedule, true);
    assertMatch(html, /drag an appointment .* press and hold it first/s);
    assertMatch(html, /href="\/calendar"/);
  });

  await step(
    "a role without the calendar permission gets 403 and no Calendar link",
    async (app) => {
      const nursePermissions = planDefaultPermissions("pro", "nurse")
        .filter((key) => key !== "appointments.calendar.view");
      await db.insert(roleTemplates).values({
        clinicId: demo.id,
        role: "nurse",
        permissions: nursePermissions,
      });
      try {
        const { jar } = await app.login(NURSE);
        const res = await app.request(WEEK, { jar });
        assertEquals(res.status, 403);
        const dashboard = await page(app, "/dashboard", jar);
        assert(!dashboard.html.includes('href="/calendar"'), "no link to a page that would refuse");
      } finally {
        await db.delete(roleTemplates).where(
          and(eq(roleTemplates.clinicId, demo.id), eq(roleTemplates.role, "nurse")),
        );
      }
    },
  );

  await step("unusable query values fall back instead of failing", async (app) => {
    const { jar } = await app.login(OWNER);
    const res = await app.request("/calendar?view=year&date=2030-02-30&doctor=nobody", { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /aria-current="page"[^>]*>Week</);
  });
});
