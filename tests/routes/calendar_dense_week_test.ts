/**
 * A week holding more appointments than `DENSE_WEEK_LIMIT` (2031-03-03 to
 * 2031-03-09, a week no other calendar test uses): the grid shows how many
 * start in each of the clinic's hours instead of cards, every count links
 * to its day with the filters kept, the phone's list gives each day's count,
 * and a filter that brings the week under the limit shows cards again.
 */
import { assert, assertEquals } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { countStatements } from "../support/statements.ts";
import { appointments } from "../../lib/db/schema.ts";
import { addDays } from "../../lib/calendar/calendar-dates.ts";
import { DENSE_WEEK_LIMIT } from "../../lib/calendar/calendar-view.ts";
import { clinicFixture, createPatient, karachi, userId } from "../lib/appointments/fixtures.ts";

const MONDAY = "2031-03-03";
const WEEK = "/calendar?view=week&date=2031-03-05";
/** The owner's share: under the limit by itself, over it with the doctor's. */
const OWNER_VISITS = DENSE_WEEK_LIMIT - 5;
const DOCTOR_VISITS = 10;

/** The count and link of the cell `date time` of the dense grid (null: an empty cell). */
function cell(html: string, date: string, time: string): { count: number; href: string } | null {
  const at = html.indexOf(`data-dense-cell="${date} ${time}"`);
  assert(at >= 0, `the grid has a cell for ${date} ${time}`);
  const td = html.slice(at, html.indexOf("</td>", at));
  const link = td.match(/<a href="([^"]+)"[^>]*>(\d+)/);
  return link ? { count: Number(link[2]), href: link[1].replace(/&amp;/g, "&") } : null;
}

function cardCount(html: string): number {
  return [...html.matchAll(/data-appointment-id="/g)].length;
}

testOnEachDatabase("dense calendar week", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const ownerId = await userId(db, "owner@demo-dental.test");
  const doctorId = await userId(db, "doctor@demo-dental.test");
  const [room1] = demo.operatoryIds;
  const patientId = await createPatient(db, demo.id, "Dense Week");

  // Karachi-local day and hour of every visit, to know what each cell should say.
  const expected = new Map<string, number>();
  const rows = [];
  for (let i = 0; i < OWNER_VISITS; i++) {
    const date = addDays(MONDAY, i % 6);
    const hour = 9 + Math.floor(i / 6) % 8;
    rows.push({ doctorId: ownerId, date, time: `${String(hour).padStart(2, "0")}:00` });
  }
  for (let i = 0; i < DOCTOR_VISITS - 1; i++) {
    rows.push({ doctorId, date: addDays(MONDAY, 2), time: "10:30" });
  }
  // 02:00 on Tuesday in Karachi is still Monday evening in UTC.
  rows.push({ doctorId, date: addDays(MONDAY, 1), time: "02:00" });
  for (const row of rows) {
    const key = `${row.date} ${row.time.slice(0, 2)}:00`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  await db.insert(appointments).values(rows.map((row) => ({
    clinicId: demo.id,
    patientId,
    doctorId: row.doctorId,
    operatoryId: room1,
    startsAt: new Date(karachi(row.date, row.time)),
    durationMinutes: 30,
    type: "Check-up",
  })));

  await step("the busy week shows counts per hour, not cards", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const res = await app.request(WEEK, { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    const total = OWNER_VISITS + DOCTOR_VISITS;
    assert(
      html.includes(`This week has ${total} appointments`),
      "the notice gives the week's count",
    );
    assert(html.includes("Pick a doctor"), "the notice says how to see cards");
    assert(!html.includes('data-island="WeekCalendar"'), "no card is sent to the week island");
    assertEquals(cardCount(html), 0);

    const wednesday = addDays(MONDAY, 2);
    const busy = cell(html, wednesday, "10:00");
    assertEquals(busy?.count, expected.get(`${wednesday} 10:00`));
    assertEquals(busy?.href, `/calendar?view=day&date=${wednesday}`);
    assertEquals(cell(html, MONDAY, "09:00")?.count, expected.get(`${MONDAY} 09:00`));
    // In the clinic's time zone: Tuesday at two, nothing on Monday evening.
    assertEquals(cell(html, addDays(MONDAY, 1), "02:00")?.count, 1);
    assertEquals(cell(html, MONDAY, "02:00"), null);
    const utcEvening = `data-dense-cell="${MONDAY} 21:00"`;
    assert(!html.includes(utcEvening) || cell(html, MONDAY, "21:00") === null);
    assertEquals(cell(html, addDays(MONDAY, 6), "10:00"), null);
    assert(html.includes("<caption"), "the counts are a table with a caption");

    // The phone's list: each day's count and a link to it.
    const tuesday = addDays(MONDAY, 1);
    const tuesdayCount = [...expected].filter(([key]) => key.startsWith(tuesday))
      .reduce((sum, [, n]) => sum + n, 0);
    const agendaDay = html.slice(
      html.indexOf(`data-agenda-day="${tuesday}"`),
      html.indexOf("</li>", html.indexOf(`data-agenda-day="${tuesday}"`)),
    );
    assert(agendaDay.includes(`${tuesdayCount} booked`), agendaDay);
    assert(agendaDay.includes(`href="/calendar?view=day&amp;date=${tuesday}"`), agendaDay);
    assert(agendaDay.includes("data-agenda-dense"), agendaDay);
  });

  await step("a filter still over the limit keeps it in every link", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const html = await (await app.request(`${WEEK}&operatory=${room1}`, { jar })).text();
    assert(html.includes("data-dense-week-notice"), "still too many for the room");
    const wednesday = addDays(MONDAY, 2);
    assertEquals(
      cell(html, wednesday, "10:00")?.href,
      `/calendar?view=day&date=${wednesday}&operatory=${room1}`,
    );
  });

  await step("a doctor filter under the limit shows cards again", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const html = await (await app.request(`${WEEK}&doctor=${doctorId}`, { jar })).text();
    assert(!html.includes("data-dense-week-notice"), "no notice for one doctor's week");
    assert(!html.includes("data-dense-week"), "no count grid");
    assertEquals(cardCount(html), DOCTOR_VISITS);
    const owner = await (await app.request(`${WEEK}&doctor=${ownerId}`, { jar })).text();
    assertEquals(cardCount(owner), OWNER_VISITS);
  });

  await step("the day and month views still draw every appointment", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const day = await (await app.request(
      `/calendar?view=day&date=${addDays(MONDAY, 2)}`,
      { jar },
    )).text();
    assert(!day.includes("data-dense-week"), "the day view is never dense");
    const wednesdayTotal = [...expected].filter(([key]) => key.startsWith(addDays(MONDAY, 2)))
      .reduce((sum, [, n]) => sum + n, 0);
    assertEquals(cardCount(day), wednesdayTotal);
    const month = await (await app.request(`/calendar?view=month&date=${MONDAY}`, { jar }))
      .text();
    assert(!month.includes("data-dense-week"), "the month view is never dense");
  });

  await step("a dense week sends one statement more than a drawn one", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    await app.deps.principals.ready();
    assertEquals((await app.request(WEEK, { jar })).status, 200);
    const { statements } = await countStatements(database, async () => {
      const res = await app.request(WEEK, { jar });
      await res.arrayBuffer();
      return res;
    });
    // The week's six (with the lab flags) and the hour counts.
    assert(statements.length <= 7, statements.join("\n"));
  });
});
