/** Editing a draft invoice from its page: the form starts from what was saved, keeps the number. */
import { asc, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { invoiceEvents, invoiceItems, invoices } from "../../lib/db/schema.ts";
import { clinicId, patientId, testInvoice } from "../lib/finance/fixtures.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

testOnEachDatabase("draft invoice edit pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");
  const patient = await patientId(db, demo, "Ayesha Siddiqa");
  const draft = await testInvoice(db, demo, patient, 3_000_00, { status: "draft" });
  const editPath = `/billing/invoices/${draft.id}/edit`;
  const stored = async () => {
    const [row] = await db.select().from(invoices).where(eq(invoices.id, draft.id));
    const lines = await db.select().from(invoiceItems).where(eq(invoiceItems.invoiceId, draft.id))
      .orderBy(asc(invoiceItems.position));
    return { row, lines };
  };

  await step("the draft's page links its edit form, which shows the saved line", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const page = await (await app.request(`/billing/invoices/${draft.id}`, { jar })).text();
    assert(page.includes(`href="${editPath}"`), "an Edit draft link");
    const res = await app.request(editPath, { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /Edit draft INV-\d{6}/);
    assertMatch(html, /name="line0Description"[^>]*value="Scaling and polishing"/);
    assertMatch(html, /name="line0Price"[^>]*value="3000"/);
    assert(!html.includes("Load patient&#39;s items"), "a draft keeps its patient");
  });

  await step("a bad price is explained with what was typed; the draft is unchanged", async (
    app,
  ) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const res = await app.request(editPath, {
      jar,
      ...form({
        patientId: patient,
        intent: "draft",
        line0Source: "custom",
        line0Description: "Root canal",
        line0Price: "lots",
      }),
    });
    assertEquals(res.status, 400);
    const html = await res.text();
    assertMatch(html, /Line 1 price: enter rupees/);
    assertMatch(html, /value="Root canal"/);
    const { row, lines } = await stored();
    assertEquals([row.totalMinor, lines.map((l) => l.description)], [
      3_000_00,
      ["Scaling and polishing"],
    ]);
  });

  await step("saving rewrites the lines and totals under the same number", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const res = await app.request(editPath, {
      jar,
      ...form({
        patientId: patient,
        intent: "draft",
        line0Source: "custom",
        line0Description: "Scaling and polishing",
        line0Price: "3000",
        line1Source: "custom",
        line1Description: "Fluoride varnish",
        line1Quantity: "2",
        line1Price: "750.50",
      }),
    });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), `/billing/invoices/${draft.id}?notice=edited`);
    const { row, lines } = await stored();
    assertEquals([row.number, row.status, row.totalMinor], [draft.number, "draft", 4_501_00]);
    assertEquals(lines.map((l) => [l.description, l.quantity]), [
      ["Scaling and polishing", 1],
      ["Fluoride varnish", 2],
    ]);
    const history = await db.select({ detail: invoiceEvents.detail }).from(invoiceEvents)
      .where(eq(invoiceEvents.invoiceId, draft.id));
    assert(history.some((h) => h.detail === "Draft edited"), "the history says so");
    const page = await (await app.request(res.headers.get("location")!, { jar })).text();
    assertMatch(page, /Draft saved/);
    assertMatch(page, /PKR 4,501/);
  });

  await step("Save and issue issues it; after that the form is closed", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const res = await app.request(editPath, {
      jar,
      ...form({
        patientId: patient,
        intent: "issue",
        line0Source: "custom",
        line0Description: "Scaling and polishing",
        line0Price: "3000",
      }),
    });
    assertEquals(res.headers.get("location"), `/billing/invoices/${draft.id}?notice=issued`);
    assertEquals((await stored()).row.status, "issued");
    const again = await app.request(editPath, { jar });
    assertEquals(again.status, 303);
    assertEquals(again.headers.get("location"), `/billing/invoices/${draft.id}?notice=not-a-draft`);
    const page = await (await app.request(`/billing/invoices/${draft.id}`, { jar })).text();
    assert(!page.includes(`href="${editPath}"`), "no Edit draft link once issued");
    const post = await app.request(editPath, {
      jar,
      ...form({ patientId: patient, intent: "draft", line0Description: "X", line0Price: "1" }),
    });
    assertEquals(post.headers.get("location"), `/billing/invoices/${draft.id}?notice=not-a-draft`);
    const refused = await (await app.request(post.headers.get("location")!, { jar })).text();
    assertMatch(refused, /Only a draft can be edited/);
    assertEquals((await stored()).row.totalMinor, 3_000_00);
  });

  await step("a doctor, who may not create invoices, is refused the form", async (app) => {
    const other = await testInvoice(db, demo, patient, 1_000_00, { status: "draft" });
    const { jar } = await app.login("doctor@demo-dental.test");
    const res = await app.request(`/billing/invoices/${other.id}/edit`, { jar });
    assertEquals(res.status, 403);
    await res.body?.cancel();
  });

  await step("another clinic's owner finds no such invoice", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    const res = await app.request(editPath, { jar });
    assertEquals(res.status, 404);
    await res.body?.cancel();
  });
});
