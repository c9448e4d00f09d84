/**
 * The patient's email link end to end, in Chromium with JavaScript turned
 * off (the landing page ships none, and must not need it): reception books
 * a visit, the booking email appears in the development mailbox, its
 * "Confirm Appointment" button opens the landing page, the patient presses
 * Confirm, sees the confirmed page, and the staff calendar shows the visit
 * confirmed.
 */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";

const OWNER = "owner@demo-dental.test";
// A Tuesday far from the demo book; the demo clinic opens 09:00–18:00 Karachi time.
const DAY = "2030-09-10";

const rig = shareServerAndBrowser();

const { app, api, signIn, book } = serverApi(rig);

Deno.test({
  sanitizeOps: false,
  sanitizeResources: false,
  name: "with JavaScript off, the email's Confirm link confirms and the calendar shows it",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    const { token, userId } = await signIn(OWNER);
    const patient = await api(token, "POST", "/api/v1/patients", {
      fullName: "Mariam Saeed",
      email: "mariam.saeed@example.com",
    });
    const { operatories } = await api(token, "GET", "/api/v1/operatories");
    const appointment = await book(token, {
      patientId: patient.id,
      doctorId: userId,
      operatoryId: operatories[0].id,
      startsAt: `${DAY}T11:00:00+05:00`,
      durationMinutes: 30,
      type: "Scaling",
    });
    assertEquals(appointment.status, "scheduled");

    const context = await rig.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, app().url, OWNER);

      await page.goto(`${app().url}/dev/mailbox`);
      await page.getByRole("link", { name: /Your appointment at Demo Dental.*mariam\.saeed/ })
        .click();
      const email = page.frameLocator("iframe[title^='Email:']");
      const confirmLink = email.getByRole("link", { name: "Confirm Appointment" });
      assertMatch(
        (await confirmLink.getAttribute("href")) ?? "",
        new RegExp(`^${app().url}/appointment/respond\\?token=[\\w-]+\\.[\\w-]+$`),
      );
      assert(await email.getByRole("link", { name: "Cancel", exact: true }).isVisible());

      // The email's links open in a new tab, as they do from a webmail inbox.
      // A new tab can take a while on a loaded machine: more than the context's ten seconds.
      const [landing] = await Promise.all([
        context.waitForEvent("page", { timeout: 30_000 }),
        confirmLink.click(),
      ]);
      await landing.waitForLoadState();
      assertEquals(new URL(landing.url()).pathname, "/appointment/respond");
      assertEquals(await landing.locator("script").count(), 0);
      assertEquals(await landing.locator("[data-clinic-name]").textContent(), "Demo Dental");
      await landing.getByRole("heading", { name: "Confirm your appointment" }).waitFor();
      assert(await landing.getByText("11:00 am Pakistan Standard Time").isVisible());

      const status = async () =>
        (await api(token, "GET", `/api/v1/appointments/${appointment.id}`)).appointment.status;
      assertEquals(await status(), "scheduled", "opening the link changed nothing");

      await landing.getByRole("button", { name: "Confirm appointment" }).click();
      await landing.getByRole("heading", { name: "Appointment Confirmed" }).waitFor();
      assert(await landing.getByText("We look forward to seeing you!").isVisible());
      assertEquals(await status(), "confirmed");

      // The staff calendar, still without JavaScript: the server-rendered week view.
      await page.goto(`${app().url}/calendar?view=week&date=${DAY}`);
      const card = page.locator(`[data-appointment-id="${appointment.id}"]`);
      assertEquals(await card.getAttribute("data-status"), "confirmed");
      assertMatch((await card.getAttribute("title")) ?? "", /Mariam Saeed.*Confirmed/);

      // The in-app notification names the patient and the link as the source.
      const { notifications } = await api(token, "GET", "/api/v1/notifications");
      const notice = notifications.find((n: { link: string }) =>
        n.link === `/appointments/${appointment.id}`
      );
      assertMatch(notice?.body ?? "", /by the patient, from the email link/);
    } finally {
      await context.close();
    }
  },
});
