/**
 * Registering a patient with a WhatsApp number in a real browser against the
 * real server: a
 * superadmin switches WhatsApp on for Demo Dental through the API, then the
 * owner fills the form, picks the United Kingdom in the WhatsApp number's
 * country picker, and finds both numbers, E.164, on the new record.
 *
 * Nothing leaves 127.0.0.1: the browser resolves no host names at all.
 */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";

const rig = shareServerAndBrowser();

const E2E = { sanitizeOps: false, sanitizeResources: false };

const { api, signIn } = serverApi(rig);

async function enableWhatsappForDemoDental(): Promise<void> {
  const { token } = await signIn("superadmin@odontox.test");
  const { clinics } = await api(token, "GET", "/api/v1/admin/clinics");
  const demo = clinics.find((c: { slug: string }) => c.slug === "demo-dental");
  const detail = await api(
    token,
    "PUT",
    `/api/v1/admin/clinics/${demo.id}/modules/whatsapp_api`,
    { enabled: true },
  );
  assert(detail.clinic.modules.includes("whatsapp_api"), "WhatsApp is on");
}

Deno.test({
  name: "the owner registers a patient with a UK WhatsApp number picked from the country list",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    await enableWhatsappForDemoDental();
    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 860 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, rig.server.url, "owner@demo-dental.test");
      await page.goto(`${rig.server.url}/patients`);
      assertMatch(await page.locator("h1").innerText(), /Patients/);
      await page.getByRole("link", { name: "New patient" }).click();
      await page.waitForURL((url) => url.pathname === "/patients/new");

      await page.locator("#fullName").fill("Sara Browser-Test");
      await page.locator("#dateOfBirth").fill("1992-04-18");
      await page.locator("#gender").selectOption("female");
      await page.locator("#phone-phone").fill("0300 1234567");

      const whatsapp = page.locator('[data-phone-input="whatsappPhone"]');
      // The picker button is enabled once the island has hydrated.
      await whatsapp.getByRole("button", { name: /Country code/ }).click();
      const search = whatsapp.getByRole("searchbox", { name: "Search countries" });
      await search.fill("United Kingdom");
      const options = whatsapp.getByRole("option");
      assertEquals(await options.count(), 1, "one country matches");
      await whatsapp.getByRole("option", { name: /United Kingdom.*\+44/ }).click();
      assertEquals(
        await whatsapp.getByRole("button", { name: /Country code/ }).getAttribute("aria-label"),
        "Country code: United Kingdom +44",
      );
      assert(!(await search.isVisible()), "the list closes after a pick");
      await whatsapp.locator("#phone-whatsappPhone").fill("7400 123456");

      await page.getByRole("button", { name: "Register patient" }).click();
      await page.waitForURL((url) => /^\/patients\/[0-9a-f-]{36}$/.test(url.pathname));
      const card = page.locator("[data-patient-card]");
      const text = await card.innerText();
      assertMatch(text, /\+923001234567/);
      assertMatch(text, /\+447400123456/);
      assertMatch(text, /United Kingdom/);
      assertMatch(await page.locator("h1").innerText(), /Sara Browser-Test/);
      await page.getByRole("status").filter({ hasText: "Patient registered" }).waitFor();

      // The list finds the new patient by the WhatsApp number typed the British way.
      await page.goto(`${rig.server.url}/patients?q=${encodeURIComponent("+44 7400 123456")}`);
      assertMatch(await page.locator("main").innerText(), /Sara Browser-Test/);
    } finally {
      await context.close();
    }
  },
});
