/**
 * WhatsApp end to end, in Chromium against the real server and a local Graph
 * stand-in: the owner connects the clinic's number (the test shows the
 * verified name the stand-in answers), a patient writes through the signed
 * webhook, and reception finds the message in the inbox and replies; the
 * reply reaches the stand-in. No secret is ever in a page.
 */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";
import {
  GraphStandIn,
  signedDelivery,
  textFrom,
  webhookPayload,
} from "../support/graph-stand-in.ts";
import { DEMO_CREDENTIALS as CREDENTIALS } from "../lib/whatsapp/fixtures.ts";
import type { Page } from "playwright-core";

const standIn = new GraphStandIn();
standIn.tokens.set(CREDENTIALS.phoneNumberId, CREDENTIALS.accessToken);
const rig = shareServerAndBrowser({ env: { WHATSAPP_GRAPH_BASE_URL: standIn.baseUrl } });
Deno.test.afterAll(() => standIn.close());
const { api, signIn } = serverApi(rig);

const E2E = { sanitizeOps: false, sanitizeResources: false };

/** Reloads until `selector` shows: the webhook is processed just after Meta gets its answer. */
async function reloadUntil(page: Page, selector: string, tries = 20) {
  for (let i = 0; i < tries; i++) {
    if (await page.locator(selector).count()) return;
    await page.waitForLoadState("networkidle");
    await page.reload();
  }
  throw new Error(`${selector} never appeared`);
}

Deno.test({
  name: "the owner connects WhatsApp, a patient writes, reception replies from the inbox",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const { token } = await signIn("superadmin@odontox.test");
    const { clinics } = await api(token, "GET", "/api/v1/admin/clinics");
    const demo = clinics.find((c: { slug: string }) => c.slug === "demo-dental");
    await api(token, "PUT", `/api/v1/admin/clinics/${demo.id}/modules/whatsapp_api`, {
      enabled: true,
    });

    const owner = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    owner.setDefaultTimeout(10_000);
    const page = await owner.newPage();
    await signInWithBrowser(page, rig.server.url, "owner@demo-dental.test");
    await page.goto(`${rig.server.url}/settings/whatsapp`);
    await page.locator("#wa-phoneNumberId").fill(CREDENTIALS.phoneNumberId);
    await page.locator("#wa-accessToken").fill(CREDENTIALS.accessToken);
    await page.locator("#wa-verifyToken").fill(CREDENTIALS.verifyToken);
    await page.locator("#wa-appSecret").fill(CREDENTIALS.appSecret);
    await page.getByRole("button", { name: "Test connection" }).click();
    const result = page.locator("[data-whatsapp-test-result]");
    await result.waitFor();
    assertMatch(await result.innerText(), /Connected to Demo Dental Clinic \(\+92 300 1234567\)/);
    await page.getByRole("button", { name: "Save connection" }).click();
    await page.waitForURL((url) => url.search === "?notice=saved");
    assertMatch(await page.locator("[data-connected-number]").innerText(), /Demo Dental Clinic/);
    assertEquals(
      await page.locator("#wa-accessToken").inputValue(),
      "••••" + CREDENTIALS.accessToken.slice(-4),
    );
    const html = await page.content();
    for (
      const secret of [CREDENTIALS.accessToken, CREDENTIALS.verifyToken, CREDENTIALS.appSecret]
    ) {
      assert(!html.includes(secret), "no secret in the page");
    }
    const webhook = await page.locator("[data-webhook-url]").inputValue();
    await page.screenshot({ path: "/tmp/wa-settings-1366.png", fullPage: true });

    // Meta delivers the patient's message, signed with the app secret.
    const delivery = await signedDelivery(
      CREDENTIALS.appSecret,
      webhookPayload(
        CREDENTIALS.phoneNumberId,
        textFrom("923001112223", "wamid.e2e.1", "Can I come at 5 instead of 4?", "Sara Ali"),
      ),
    );
    const posted = await fetch(webhook.replace(/^http:\/\/[^/]+/, rig.server.url), {
      method: "POST",
      body: delivery.bytes,
      headers: delivery.headers,
    });
    assertEquals(posted.status, 200);
    await posted.body?.cancel();

    const reception = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    reception.setDefaultTimeout(10_000);
    const desk = await reception.newPage();
    await signInWithBrowser(desk, rig.server.url, "reception@demo-dental.test");
    await desk.goto(`${rig.server.url}/whatsapp`);
    await reloadUntil(desk, '[data-conversation="Sara Ali"]');
    assertMatch(await desk.locator("[data-inbox]").innerText(), /Can I come at 5 instead of 4\?/);
    await desk.screenshot({ path: "/tmp/wa-inbox-1366.png", fullPage: true });
    await desk.locator('[data-conversation="Sara Ali"]').click();
    await desk.waitForURL((url) => url.pathname.startsWith("/whatsapp/n-"));
    await desk.locator("#wa-reply").fill("Yes, 5 pm works. See you then!");
    await desk.getByRole("button", { name: "Send" }).click();
    await desk.waitForURL((url) => url.pathname.startsWith("/whatsapp/n-"));
    await reloadUntil(desk, '[data-message="outbound"] >> text=sent');
    const reply = standIn.sends().find((r) => r.body?.type === "text");
    assertEquals(reply?.body?.to, "923001112223");
    assertEquals((reply?.body?.text as { body: string }).body, "Yes, 5 pm works. See you then!");
    await desk.screenshot({ path: "/tmp/wa-conversation-1366.png", fullPage: true });
    await desk.setViewportSize({ width: 390, height: 844 });
    await desk.screenshot({ path: "/tmp/wa-conversation-390.png", fullPage: true });
    await desk.goto(`${rig.server.url}/whatsapp`);
    await desk.screenshot({ path: "/tmp/wa-inbox-390.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${rig.server.url}/settings/whatsapp`);
    await page.screenshot({ path: "/tmp/wa-settings-390.png", fullPage: true });
    await page.goto(`${rig.server.url}/settings/whatsapp/messages`);
    await page.screenshot({ path: "/tmp/wa-log-390.png", fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${rig.server.url}/settings/whatsapp/messages`);
    await page.screenshot({ path: "/tmp/wa-log-1366.png", fullPage: true });
    await owner.close();
    await reception.close();
  },
});
