/**
 * Recording a payment in Chromium: the form refuses an amount above the outstanding balance
 * before sending anything; a valid payment updates the balance, the receipt and the history in
 * place, without a reload; a payment recorded elsewhere reaches the open page live.
 */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";

const OWNER = "owner@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";

// A loaded machine can take minutes to migrate and seed a fresh database.
const rig = shareServerAndBrowser({ startTimeoutMs: 240_000 });
const { app, api, signIn } = serverApi(rig);

Deno.test({
  sanitizeOps: false,
  sanitizeResources: false,
  name:
    "a payment updates the balance, receipt and history at once; an overpayment never leaves the form",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    const { token } = await signIn(OWNER);
    const { invoices } = await api(token, "GET", "/api/v1/invoices");
    const patientId = invoices.find((i: { patientName: string }) =>
      i.patientName === "Ayesha Siddiqa"
    ).patientId;
    const { invoice } = await api(token, "POST", "/api/v1/invoices", {
      patientId,
      lines: [{ source: "custom", description: "Root canal treatment", unitPriceMinor: 5_000_00 }],
    });

    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, app().url, RECEPTION);
      const stream = page.waitForResponse((r) => r.url().includes("/api/v1/events"));
      await page.goto(`${app().url}/billing/invoices/${invoice.id}`);
      await stream;
      await page.evaluate(() => document.body.setAttribute("data-still-here", "yes"));
      assertEquals(await page.locator("[data-invoice-balance]").innerText(), "PKR 5,000");
      assertEquals(await page.locator("[data-outstanding]").innerText(), "PKR 5,000");

      const posts: string[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST" && r.url().includes("/payments")) posts.push(r.url());
      });
      await page.locator("#payment-amount").fill("5000.01");
      assertEquals(
        await page.locator("[data-payment-error]").innerText(),
        `Payment of PKR 5,000.01 exceeds the outstanding balance of PKR 5,000 on invoice ${invoice.number}`,
      );
      assert(await page.getByRole("button", { name: "Record payment" }).isDisabled());
      await page.locator("#payment-amount").press("Enter");
      assertEquals(posts.length, 0, "the overpayment was never sent");

      await page.locator("#payment-amount").fill("2000");
      await page.locator("#payment-method").selectOption("easypaisa");
      await page.getByRole("button", { name: "Record payment" }).click();
      await page.locator("[data-invoice-balance]", { hasText: "PKR 3,000" }).waitFor();
      assertEquals(await page.locator("[data-invoice-paid]").innerText(), "PKR 2,000");
      assertEquals(await page.locator("[data-outstanding]").innerText(), "PKR 3,000");
      assertEquals(await page.locator("[data-invoice-status]").innerText(), "Partially paid");
      assertMatch(
        await page.locator("[data-receipt-link]").first().innerText(),
        /^Receipt RCT-\d{6}$/,
      );
      assertMatch(await page.locator("[data-payments]").innerText(), /PKR 2,000[\s\S]*Easypaisa/);
      assertMatch(await page.locator("[data-history]").innerText(), /Payment\s+PKR 2,000/);
      assertEquals(posts.length, 1);

      // Someone else takes the rest at the front desk: the open page hears of it.
      await api(token, "POST", `/api/v1/invoices/${invoice.id}/payments`, {
        amountMinor: 3_000_00,
        method: "cash",
        idempotencyKey: `e2e-${crypto.randomUUID()}`,
      });
      await page.locator("[data-invoice-balance]", { hasText: "PKR 0" }).waitFor();
      assertEquals(await page.locator("[data-invoice-status]").innerText(), "Paid");
      assertEquals(await page.locator("[data-receipt-link]").count(), 2);
      assertEquals(
        await page.evaluate(() => document.body.getAttribute("data-still-here")),
        "yes",
        "updated in place, without a reload",
      );
    } finally {
      await context.close();
    }
  },
});
