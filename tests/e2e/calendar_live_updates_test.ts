/**
 * Confirmations and cancellations show in the calendar at once. The owner has the week open in Chromium; a patient answers
 * the email link (`POST /api/v1/appointments/respond`, the request the
 * landing page makes) and the card turns Confirmed, or muted when cancelled,
 * without a reload, while a toast names the patient; the month view, drawn by
 * the server, offers a refresh.
 *
 * The tokens are minted here with the server's key, as the booking email
 * would carry them. The week of 14 October 2030 is far from the demo book.
 */
import { assert, assertEquals } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";
import { generateAppointmentToken } from "../../lib/appointment-tokens.ts";
import { SERVER_ENCRYPTION_KEY } from "../support/server-process.ts";

const OWNER = "owner@demo-dental.test";
const ENCRYPTION_KEY = SERVER_ENCRYPTION_KEY;
const TUESDAY = "2030-10-15";

// The servers' default key: their database is a copy of the seeded one made with it.
const rig = shareServerAndBrowser();

const { app, api, signIn, book } = serverApi(rig);

async function patientAnswers(appointmentId: string, action: "confirm" | "cancel") {
  const token = await generateAppointmentToken(appointmentId, action, {
    encryptionKey: ENCRYPTION_KEY,
  });
  await api(null, "POST", "/api/v1/appointments/respond", { token });
}

Deno.test({
  sanitizeOps: false,
  sanitizeResources: false,
  name: "a patient's confirmation and cancellation show on the open week without a reload",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    const { token, userId } = await signIn(OWNER);
    const { operatories } = await api(token, "GET", "/api/v1/operatories");
    const bookVisit = async (fullName: string, time: string) => {
      const patient = await api(token, "POST", "/api/v1/patients", { fullName });
      const appointment = await book(token, {
        patientId: patient.id,
        doctorId: userId,
        operatoryId: operatories[0].id,
        startsAt: `${TUESDAY}T${time}:00+05:00`,
        durationMinutes: 45,
        type: "Scaling",
      });
      return appointment.id as string;
    };
    const confirming = await bookVisit("Nadia Hussain", "10:30");
    const cancelling = await bookVisit("Faisal Mirza", "14:00");

    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, app().url, OWNER);
      const stream = page.waitForResponse((r) => r.url().includes("/api/v1/events"));
      await page.goto(`${app().url}/calendar?view=week&date=${TUESDAY}`);
      await stream;
      // The month view is drawn by the server: it offers a refresh instead.
      const month = await context.newPage();
      const monthStream = month.waitForResponse((r) => r.url().includes("/api/v1/events"));
      await month.goto(`${app().url}/calendar?view=month&date=${TUESDAY}`);
      await monthStream;
      assertEquals(await month.locator("[data-calendar-changed]").count(), 0);
      const card = (id: string) =>
        page.locator(`[data-week-calendar] [data-appointment-id="${id}"]`);
      assertEquals(await card(confirming).getAttribute("data-status"), "scheduled");
      // Set on this document only: a reload would lose it.
      await page.evaluate(() => Object.assign(globalThis, { stillTheSamePage: true }));

      await patientAnswers(confirming, "confirm");
      await page.waitForSelector(
        `[data-week-calendar] [data-appointment-id="${confirming}"][data-status="confirmed"]`,
      );
      assert((await card(confirming).getAttribute("title"))!.includes("Confirmed"));
      await month.locator("[data-calendar-changed]", { hasText: "Calendar updated" }).waitFor();
      const toast = page.locator("[data-live-toasts] [data-toast]", {
        hasText: "Patient confirmed Nadia Hussain 10:30",
      });
      await toast.waitFor();
      assertEquals(
        await toast.locator("a").getAttribute("href"),
        `/appointments/${confirming}`,
      );

      await patientAnswers(cancelling, "cancel");
      await page.waitForSelector(
        `[data-week-calendar] [data-appointment-id="${cancelling}"][data-status="cancelled"]`,
      );
      // Cancelled cards are muted like those the server draws, and no longer draggable.
      const classes = await card(cancelling).getAttribute("class");
      assert(classes!.includes("cal-muted") && !classes!.includes("cal-move"), classes!);
      assertEquals(await page.evaluate(() => "stillTheSamePage" in globalThis), true);
    } finally {
      await context.close();
    }
  },
});
