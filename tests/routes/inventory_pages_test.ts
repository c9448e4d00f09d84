import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { inventoryItems } from "../../lib/db/schema.ts";
import { clinicId, testItem } from "../lib/inventory/fixtures.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

testOnEachDatabase("inventory pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");

  await step("the list shows the demo stock room with status chips", async (app) => {
    const { jar } = await app.login("nurse@demo-dental.test");
    const res = await app.request("/inventory", { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /Nitrile gloves, medium/);
    assertMatch(html, /data-status="out"/);
    assertMatch(html, /data-island="InventoryList"/);
  });

  await step("reception reads the list but is offered no new-item button or form", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const html = await (await app.request("/inventory", { jar })).text();
    assert(!html.includes("data-new-item"), "no New item for reception");
    assert(!html.includes('href="/inventory/suppliers"'), "no suppliers tab it would be refused");
    const page = await app.request("/inventory/items/new", { jar });
    assertEquals(page.status, 403);
    await page.body?.cancel();
  });

  await step("a clinic without the module gets 403", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    const res = await app.request("/inventory", { jar });
    assertEquals(res.status, 403);
    await res.body?.cancel();
  });

  await step("the new-item form names every bad field and keeps what was typed", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request("/inventory/items/new", {
      jar,
      ...form({
        name: "",
        sku: "NEW-1",
        category: "Surgical",
        unit: "crate",
        reorderThreshold: "x",
      }),
    });
    assertEquals(res.status, 400);
    const html = await res.text();
    assertMatch(html, /data-field-error="name"[^>]*>Give the item a name/);
    assertMatch(html, /data-field-error="unit"[^>]*>Choose a unit/);
    assertMatch(html, /data-field-error="reorderThreshold"/);
    assertMatch(html, /value="NEW-1"/);
  });

  await step("the form adds an item and its page opens; edit uses the same form", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request("/inventory/items/new", {
      jar,
      ...form({
        name: "Page-made bibs",
        category: "Disposables",
        unit: "pack",
        packSize: "125",
        reorderThreshold: "2",
        reorderQuantity: "10",
        leadTimeDays: "3",
        supplierId: "",
      }),
    });
    assertEquals(res.status, 303);
    const location = res.headers.get("location")!;
    assertMatch(location, /^\/inventory\/items\/[0-9a-f-]+\?notice=created$/);
    const page = await (await app.request(location, { jar })).text();
    assertMatch(page, /Page-made bibs/);
    assertMatch(page, /Item added/);
    const id = location.split("/")[3].split("?")[0];
    const edit = await (await app.request(`/inventory/items/${id}/edit`, { jar })).text();
    assertMatch(edit, /value="Page-made bibs"/);
    const saved = await app.request(`/inventory/items/${id}/edit`, {
      jar,
      ...form({ name: "Patient bibs", category: "Disposables", unit: "pack", packSize: "125" }),
    });
    assertEquals(saved.status, 303);
    const [row] = await db.select().from(inventoryItems).where(eq(inventoryItems.id, id));
    assertEquals([row.name, row.packSize], ["Patient bibs", 125]);
  });

  await step("a stock form posted without JavaScript records or explains", async (app) => {
    const item = await testItem(db, demo);
    const { jar } = await app.login("nurse@demo-dental.test");
    const ok = await app.request(`/inventory/items/${item.id}/movements`, {
      jar,
      ...form({ kind: "receive", quantity: "4", cost: "1,250.50", lotNumber: "" }),
    });
    assertEquals(ok.status, 303);
    const short = await app.request(`/inventory/items/${item.id}/movements`, {
      jar,
      ...form({ kind: "consume", quantity: "9" }),
    });
    assertEquals(short.status, 409);
    assertMatch(await short.text(), /Only 4 boxes of/);
    const [row] = await db.select().from(inventoryItems).where(eq(inventoryItems.id, item.id));
    assertEquals(row.onHand, 4);
  });

  await step("the reorder list shows flagged items with their supplier's contact", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const html = await (await app.request("/inventory/reorder", { jar })).text();
    assertMatch(html, /Alginate impression material/);
    assertMatch(html, /Dental Depot Lahore/);
    assertMatch(html, /Imran Qureshi/);
  });
});
