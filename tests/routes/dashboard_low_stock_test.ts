/**
 * The nurse's Today dashboard carries the stock at or below its reorder
 * level when the clinic has the inventory module: the same items as the
 * reorder list, out of stock first, redrawn on `inventory.changed`; gone
 * without the module or without the permission to see stock.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { clinicModules, clinics, inventoryItems, roleTemplates } from "../../lib/db/schema.ts";
import { planDefaultPermissions } from "../../lib/permissions/role-defaults.ts";
import { panel } from "./today-fixtures.ts";

const NURSE = "nurse@demo-dental.test";

async function dashboard(app: TestApp, jar: CookieJar): Promise<string> {
  const res = await app.request("/dashboard", { jar });
  assertEquals(res.status, 200);
  return await res.text();
}

const lowListed = (html: string) =>
  [...panel(html, "low-stock").matchAll(/data-low-stock="([^"]+)"/g)].map((m) => m[1]);

function liveTypes(html: string): string[] {
  const match = html.match(/data-island="DashboardLive" data-props="([^"]*)"/);
  return match ? JSON.parse(match[1].replace(/&quot;/g, '"')).types : [];
}

testOnEachDatabase("nurse's low-stock panel", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [clinic] = await db.select({ id: clinics.id }).from(clinics)
    .where(eq(clinics.slug, "demo-dental"));

  async function lowInDb(): Promise<string[]> {
    const rows = await db.select({ id: inventoryItems.id }).from(inventoryItems).where(and(
      eq(inventoryItems.clinicId, clinic.id),
      eq(inventoryItems.archived, false),
      sql`${inventoryItems.onHand} <= ${inventoryItems.reorderThreshold}`,
    )).orderBy(asc(inventoryItems.onHand), asc(sql`lower(${inventoryItems.name})`));
    return rows.map((r) => r.id);
  }

  await step(
    "a nurse sees every item at or below its reorder level, out of stock first",
    async (app) => {
      const expected = await lowInDb();
      assert(expected.length >= 2, "the demo seed has low stock");
      const { jar } = await app.login(NURSE);
      const html = await dashboard(app, jar);
      assertEquals(lowListed(html), expected.slice(0, 8));
      assertMatch(panel(html, "low-stock"), new RegExp(`href="/inventory/items/${expected[0]}"`));
      assertMatch(panel(html, "low-stock"), /href="\/inventory\/reorder"/);
      assert(liveTypes(html).includes("inventory.changed"), "the panel follows stock movements");
      for (const id of [expected[0], "reorder"]) {
        const url = id === "reorder" ? "/inventory/reorder" : `/inventory/items/${id}`;
        const res = await app.request(url, { jar });
        await res.body?.cancel();
        assertEquals(res.status, 200, `${url} opens for the nurse`);
      }
    },
  );

  await step("an item consumed down to its threshold joins the panel", async (app) => {
    const [item] = await db.select({
      id: inventoryItems.id,
      onHand: inventoryItems.onHand,
      threshold: inventoryItems.reorderThreshold,
    }).from(inventoryItems).where(and(
      eq(inventoryItems.clinicId, clinic.id),
      eq(inventoryItems.archived, false),
      sql`${inventoryItems.onHand} > ${inventoryItems.reorderThreshold}`,
    )).limit(1);
    const { jar } = await app.login(NURSE);
    assert(!lowListed(await dashboard(app, jar)).includes(item.id));
    const res = await app.json(
      "POST",
      `/api/v1/inventory/items/${item.id}/movements`,
      { kind: "consume", quantity: item.onHand - item.threshold },
      { jar },
    );
    assertEquals(res.status, 201, await res.clone().text());
    await res.body?.cancel();
    const html = await dashboard(app, jar);
    assert(lowListed(html).includes(item.id) || (await lowInDb()).indexOf(item.id) >= 8);
    assertMatch(panel(html, "low-stock"), new RegExp(`Low stock · ${(await lowInDb()).length}`));
  });

  await step("a nurse without inventory.items.view gets no stock panel", async (app) => {
    await db.insert(roleTemplates).values({
      clinicId: clinic.id,
      role: "nurse",
      permissions: planDefaultPermissions("pro", "nurse").filter((k) =>
        !k.startsWith("inventory.")
      ),
    });
    try {
      const { jar } = await app.login(NURSE);
      const html = await dashboard(app, jar);
      assert(!html.includes('data-panel="low-stock"'));
      assert(!liveTypes(html).includes("inventory.changed"));
      assertMatch(html, /data-panel="chairs"/);
    } finally {
      await db.delete(roleTemplates).where(
        and(eq(roleTemplates.clinicId, clinic.id), eq(roleTemplates.role, "nurse")),
      );
    }
  });

  await step("a clinic without the inventory module shows no stock panel", async (app) => {
    await db.insert(clinicModules).values({
      clinicId: clinic.id,
      moduleKey: "inventory",
      isEnabled: false,
    });
    try {
      const { jar } = await app.login(NURSE);
      const html = await dashboard(app, jar);
      assert(!html.includes('data-panel="low-stock"'));
      assert(!html.includes("/inventory/"), "no link into a module the clinic has not got");
    } finally {
      await db.delete(clinicModules).where(and(
        eq(clinicModules.clinicId, clinic.id),
        eq(clinicModules.moduleKey, "inventory"),
      ));
    }
  });
});
