/**
 * The patient portal end to end in Chromium: the clinic invites a patient
 * from their record, the invitation email's link opens the accept page with
 * what the clinic has prefilled, a missing field is named, and once the form
 * is complete the patient lands in their portal, signed in, and confirms an
 * upcoming appointment.
 */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";
import { portalInviteLink } from "../support/portal-mailbox.ts";

const OWNER = "owner@demo-dental.test";
// A loaded machine may take a while to start the server.
const rig = shareServerAndBrowser({ startTimeoutMs: 300_000 });
const { app, api, signIn, book, withServerOutput } = serverApi(rig);

Deno.test({
  sanitizeOps: false,
  sanitizeResources: false,
  name: "a patient accepts the portal invitation and confirms a visit from the portal",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    const { token, userId } = await signIn(OWNER);
    const patient = await api(token, "POST", "/api/v1/patients", {
      fullName: "Hamza Yousaf",
      email: "hamza.yousaf@example.com",
      phone: "0333 1234567",
    });
    const { operatories } = await api(token, "GET", "/api/v1/operatories");
    const appointment = await book(token, {
      patientId: patient.id,
      doctorId: userId,
      operatoryId: operatories[0].id,
      // A Wednesday far from the demo book, in opening hours.
      startsAt: "2030-10-16T10:00:00+05:00",
      durationMinutes: 30,
      type: "Check-up",
    });

    const context = await rig.browser.newContext({ viewport: { width: 390, height: 844 } });
    // Accepting hashes a password (argon2id): slow on a loaded machine.
    context.setDefaultTimeout(60_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, app().url, OWNER);
      await page.goto(`${app().url}/patients/${patient.id}`);
      await page.getByRole("link", { name: "Invite to portal" }).click();
      assertEquals(await page.locator("#email").inputValue(), "hamza.yousaf@example.com");
      await page.getByRole("button", { name: "Send invitation" }).click();
      await page.getByText("Invitation sent to").waitFor();

      const link = await portalInviteLink(app().url, token, "hamza.yousaf@example.com");
      // The patient opens the link in their own browser, where nobody is signed in.
      await context.clearCookies();
      await page.goto(`${app().url}${link}`);
      await page.getByRole("heading", { name: "Welcome, Hamza" }).waitFor();
      assertEquals(await page.locator("#phone-phone").inputValue(), "3331234567");

      await page.locator("#password").fill("hamza-portal-pass");
      await page.locator("#confirm").fill("hamza-portal-pass");
      await page.getByText("Male", { exact: true }).click();
      await page.getByRole("button", { name: "Create my account" }).click();
      await page.locator('[data-field-error="dateOfBirth"]').waitFor();
      assertMatch(
        (await page.locator('[data-field-error="dateOfBirth"]').textContent()) ?? "",
        /Enter your date of birth/,
      );

      await page.locator("#password").fill("hamza-portal-pass");
      await page.locator("#confirm").fill("hamza-portal-pass");
      await page.locator("#dateOfBirth").fill("1990-05-04");
      await page.getByRole("button", { name: "Create my account" }).click();
      await page.waitForURL((url) => url.pathname === "/portal");
      await page.getByText("Your account is ready").waitFor();

      const card = page.locator(`[data-appointment="${appointment.id}"]`);
      assert(await card.isVisible(), "the upcoming visit is listed");
      await card.getByRole("button", { name: "Confirm" }).click();
      await page.getByText("your appointment is confirmed").waitFor();
      assertEquals(
        await page.locator(`[data-appointment="${appointment.id}"] [data-status]`).getAttribute(
          "data-status",
        ),
        "confirmed",
      );

      const staffView = await api(token, "GET", `/api/v1/patients/${patient.id}`);
      const record = staffView.patient ?? staffView;
      assertEquals([record.dateOfBirth, record.gender], ["1990-05-04", "male"]);
    } catch (error) {
      throw withServerOutput(error);
    } finally {
      await context.close();
    }
  },
});
