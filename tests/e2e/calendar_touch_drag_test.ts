/**
 * Rescheduling with a finger, in Chromium with a touch screen, against the
 * real server. Touches are real touch input (the DevTools protocol's
 * `Input.dispatchTouchEvent`), so the browser decides between scrolling and
 * pointer events as it would on a tablet: a finger that moves at once scrolls
 * the page and moves nothing; a finger held on a card picks it up, and the
 * card lands on the 15-minute slot under the finger, with the same API call
 * and conflict feedback as a mouse drag. A tap still opens the appointment.
 *
 * Tablet width (820 px), where the week is the time grid (phones get the
 * agenda list). The week of 10 June 2030 is far from the demo book; the demo
 * clinic opens Monday to Saturday, 09:00–18:00 Karachi time.
 */
import type { CDPSession, Page } from "playwright-core";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { bookMovingAndBlocker, type Point, slotPoint } from "../support/calendar-drag.ts";
import { serverApi } from "../support/e2e-api.ts";

const OWNER = "owner@demo-dental.test";
const TUESDAY = "2030-06-11";
const WEDNESDAY = "2030-06-12";
const THURSDAY = "2030-06-13";

const rig = shareServerAndBrowser();
const server = serverApi(rig);
const { app, api } = server;

/** A finger on the screen, at viewport coordinates. */
class Finger {
  constructor(private cdp: CDPSession) {}
  down(at: Point) {
    return this.cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [at] });
  }
  async move(from: Point, to: Point, steps: number) {
    for (let i = 1; i <= steps; i++) {
      await this.cdp.send("Input.dispatchTouchEvent", {
        type: "touchMove",
        touchPoints: [{
          x: from.x + ((to.x - from.x) * i) / steps,
          y: from.y + ((to.y - from.y) * i) / steps,
        }],
      });
    }
  }
  up() {
    return this.cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  }
}

/**
 * Waits until the page stops scrolling. A touch that lands while a fling is
 * still running stops the fling and belongs to the scroll (Chrome makes it
 * uncancelable), as it would for a person.
 */
async function settled(page: Page) {
  let last = -1;
  let still = 0;
  // Three quiet readings in a row: on a loaded machine a fling can pause for one.
  for (let i = 0; i < 60 && still < 3; i++) {
    const now = await page.evaluate(() => scrollY);
    still = now === last ? still + 1 : 0;
    last = now;
    await page.waitForTimeout(150);
  }
}

/** Near the top of a card (its first slot), centred. */
async function cardPoint(page: Page, appointmentId: string): Promise<Point> {
  const card = await page.locator(`[data-appointment-id="${appointmentId}"]`).boundingBox();
  assert(card, "the card is on the page");
  return { x: card.x + card.width / 2, y: card.y + 5 };
}

/** Rests a finger on the card until it lifts, moves it to `to` and lets go. */
async function longPressDrag(
  page: Page,
  finger: Finger,
  appointmentId: string,
  to: (page: Page) => Promise<Point>,
) {
  // The swipe before may have flung the card out of sight (how far depends on how fast the
  // machine delivers the events); a person would scroll it back before pressing on it.
  await page.locator(`[data-appointment-id="${appointmentId}"]`).first()
    .evaluate((el) => el.scrollIntoView({ block: "center", behavior: "instant" }));
  await settled(page);
  const from = await cardPoint(page, appointmentId);
  const viewport = page.viewportSize()!;
  assert(from.y > 0 && from.y < viewport.height, `the card is on screen (y ${from.y})`);
  const scrollBefore = await page.evaluate(() => scrollY);
  await finger.down(from);
  await page.locator("[data-drop-preview]").waitFor({ timeout: 5_000 });
  const target = await to(page);
  await finger.move(from, target, 12);
  const preview = await page.locator("[data-drop-preview]").textContent();
  assertEquals(await page.evaluate(() => scrollY), scrollBefore, "dragging does not scroll");
  const patched = page.waitForResponse((r) =>
    r.request().method() === "PATCH" && r.url().includes(`/api/v1/appointments/${appointmentId}`)
  );
  await finger.up();
  return { preview, response: await patched };
}

const E2E = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  ...E2E,
  name: "a long press picks an appointment up and a finger drops it on the 15-minute slot",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    const { token, moving, blocker } = await bookMovingAndBlocker(
      server,
      OWNER,
      TUESDAY,
      THURSDAY,
    );

    const context = await rig.browser.newContext({
      viewport: { width: 820, height: 1000 },
      hasTouch: true,
      isMobile: true,
    });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      const finger = new Finger(await context.newCDPSession(page));
      await signInWithBrowser(page, app().url, OWNER);
      await page.goto(`${app().url}/calendar?view=week&date=${TUESDAY}`);
      await page.locator("[data-calendar-ready]").waitFor();
      const card = page.locator(`[data-date="${TUESDAY}"] [data-appointment-id="${moving.id}"]`);
      await card.scrollIntoViewIfNeeded();
      let patches = 0;
      page.on("request", (r) => {
        if (r.method() === "PATCH") patches++;
      });

      // A swipe that starts on a card scrolls the page, as everywhere else on a phone.
      const before = await page.evaluate(() => scrollY);
      const start = await cardPoint(page, moving.id);
      await finger.down(start);
      await finger.move(start, { x: start.x, y: start.y - 250 }, 8);
      assertEquals(await page.locator("[data-drop-preview]").count(), 0, "nothing picked up");
      await finger.up();
      await settled(page);
      assert((await page.evaluate(() => scrollY)) > before, "the page scrolled");
      assertEquals(patches, 0, "nothing was moved");
      assertEquals(await card.getAttribute("data-starts-at"), `${TUESDAY}T10:00:00+05:00`);

      // Held still, the card lifts; dragged, it lands on Wednesday 14:45 exactly.
      const first = await longPressDrag(
        page,
        finger,
        moving.id,
        (p) => slotPoint(p, WEDNESDAY, 14 * 60 + 45),
      );
      assertMatch(first.preview ?? "", /Wed 12 Jun · 14:45–15:15/);
      assertEquals(first.response.status(), 200);
      await page.locator('[data-calendar-toast="ok"]').waitFor();
      const moved = page.locator(`[data-date="${WEDNESDAY}"] [data-appointment-id="${moving.id}"]`);
      assertEquals(await moved.getAttribute("data-starts-at"), `${WEDNESDAY}T14:45:00+05:00`);
      assertEquals(
        (await api(token, "GET", `/api/v1/appointments/${moving.id}`)).appointment.startsAt,
        `${WEDNESDAY}T14:45:00+05:00`,
      );

      // Onto the same doctor's Thursday root canal: refused, named, and the card goes back.
      const second = await longPressDrag(
        page,
        finger,
        moving.id,
        (p) => slotPoint(p, THURSDAY, 14 * 60 + 30),
      );
      assertMatch(second.preview ?? "", /Thu 13 Jun · 14:30–15:00/);
      assertEquals(second.response.status(), 409);
      const toast = page.locator('[data-calendar-toast="error"]');
      await toast.waitFor();
      assertMatch(await toast.textContent() ?? "", /already booked/);
      assertEquals(await toast.locator("a").getAttribute("href"), `/appointments/${blocker.id}`);
      assertEquals(await moved.getAttribute("data-starts-at"), `${WEDNESDAY}T14:45:00+05:00`);
      assertEquals(
        (await api(token, "GET", `/api/v1/appointments/${moving.id}`)).appointment.startsAt,
        `${WEDNESDAY}T14:45:00+05:00`,
      );
      assertEquals(patches, 2, "one PATCH per drop, none for the swipe");

      // A tap still opens the appointment.
      await moved.scrollIntoViewIfNeeded();
      const tap = await cardPoint(page, moving.id);
      await page.touchscreen.tap(tap.x, tap.y);
      await page.waitForURL((url) => url.pathname === `/appointments/${moving.id}`);
    } catch (error) {
      throw server.withServerOutput(error);
    } finally {
      await context.close();
    }
  },
});
