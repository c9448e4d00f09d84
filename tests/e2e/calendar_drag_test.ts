/**
 * Drag-and-drop rescheduling in a real browser against the real server: the
 * owner drags an appointment in the week view to the exact 15-minute slot
 * under the pointer (release notes: "snaps to the exact target time slot
 * rather than the nearest hour"), and a drop onto the same doctor's other
 * appointment is refused with the conflict named while the card goes back.
 *
 * The week of 3 June 2030 is far from the demo book around today; the demo
 * clinic opens Monday to Saturday, 09:00–18:00 Karachi time.
 */
import type { Page } from "playwright-core";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { bookMovingAndBlocker, type Point, slotPoint } from "../support/calendar-drag.ts";
import { serverApi } from "../support/e2e-api.ts";

const OWNER = "owner@demo-dental.test";
const TUESDAY = "2030-06-04";
const WEDNESDAY = "2030-06-05";
const THURSDAY = "2030-06-06";

const rig = shareServerAndBrowser();
const server = serverApi(rig);
const { app, api } = server;

/** Presses a card near its top (its first slot), moves in steps to `to`, and drops it there. */
async function drag(page: Page, appointmentId: string, to: Point) {
  const card = await page.locator(`[data-appointment-id="${appointmentId}"]`).boundingBox();
  assert(card, "the card is visible");
  await page.mouse.move(card.x + card.width / 2, card.y + 5);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 15 });
  const preview = await page.locator("[data-drop-preview]").textContent();
  const patched = page.waitForResponse((r) =>
    r.request().method() === "PATCH" && r.url().includes(`/api/v1/appointments/${appointmentId}`)
  );
  await page.mouse.up();
  return { preview, response: await patched };
}

const E2E = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  ...E2E,
  name: "dragging an appointment moves it to the exact 15-minute slot; a conflict puts it back",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    const { token, patients, moving, blocker } = await bookMovingAndBlocker(
      server,
      OWNER,
      TUESDAY,
      THURSDAY,
    );

    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 1200 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, app().url, OWNER);
      await page.goto(`${app().url}/calendar?view=week&date=${TUESDAY}`);
      // Hydrated once the island's bundle has run; the cards are server-rendered before that.
      await page.locator("[data-calendar-ready]").waitFor();
      const card = page.locator(`[data-date="${TUESDAY}"] [data-appointment-id="${moving.id}"]`);
      assertEquals(await card.count(), 1, "the booked appointment is on Tuesday");

      // To Wednesday 14:45: not 14:00 or 15:00, the slot under the pointer.
      const first = await drag(page, moving.id, await slotPoint(page, WEDNESDAY, 14 * 60 + 45));
      assertMatch(first.preview ?? "", /Wed 5 Jun · 14:45–15:15/);
      assertEquals(first.response.status(), 200);
      await page.locator('[data-calendar-toast="ok"]').waitFor();
      const moved = page.locator(`[data-date="${WEDNESDAY}"] [data-appointment-id="${moving.id}"]`);
      assertEquals(await moved.getAttribute("data-starts-at"), `${WEDNESDAY}T14:45:00+05:00`);
      const afterMove = await api(token, "GET", `/api/v1/appointments/${moving.id}`);
      assertEquals(afterMove.appointment.startsAt, `${WEDNESDAY}T14:45:00+05:00`);

      // Onto Thursday 14:45, inside the same doctor's 14:00–15:00 root canal.
      const second = await drag(page, moving.id, await slotPoint(page, THURSDAY, 14 * 60 + 45));
      assertMatch(second.preview ?? "", /Thu 6 Jun · 14:45–15:15/);
      assertEquals(second.response.status(), 409);
      const toast = page.locator('[data-calendar-toast="error"]');
      await toast.waitFor();
      const message = await toast.textContent() ?? "";
      assertMatch(message, /already booked/);
      assertMatch(message, new RegExp(patients[1].fullName));
      assertEquals(
        await toast.locator("a").getAttribute("href"),
        `/appointments/${blocker.id}`,
      );
      assertEquals(
        await moved.getAttribute("data-starts-at"),
        `${WEDNESDAY}T14:45:00+05:00`,
        "the card is back on Wednesday",
      );
      assertEquals(
        await page.locator(`[data-date="${THURSDAY}"] [data-appointment-id="${moving.id}"]`)
          .count(),
        0,
      );
      const afterConflict = await api(token, "GET", `/api/v1/appointments/${moving.id}`);
      assertEquals(afterConflict.appointment.startsAt, `${WEDNESDAY}T14:45:00+05:00`);

      // A plain click still opens the appointment.
      await moved.click();
      await page.waitForURL((url) => url.pathname === `/appointments/${moving.id}`);
    } catch (error) {
      throw server.withServerOutput(error);
    } finally {
      await context.close();
    }
  },
});
