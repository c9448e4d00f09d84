/**
 * Editing a supplier from its own page: the list links to it for members who
 * may manage suppliers, a bad field is named and changes nothing, a good save
 * shows on the list, and nobody edits another clinic's supplier or without
 * the permission.
 */
import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { clinicModules, inventorySuppliers } from "../../lib/db/schema.ts";
import { clinicId } from "../lib/inventory/fixtures.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

testOnEachDatabase("supplier edit page", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");
  const [supplier] = await db.select().from(inventorySuppliers)
    .where(eq(inventorySuppliers.clinicId, demo)).limit(1);
  assert(supplier, "the demo clinic has suppliers");
  const path = `/inventory/suppliers/${supplier.id}/edit`;
  const saved = async () =>
    (await db.select().from(inventorySuppliers).where(eq(inventorySuppliers.id, supplier.id)))[0];

  await step(
    "the list links each supplier to its edit page, which shows its details",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const list = await (await app.request("/inventory/suppliers", { jar })).text();
      assertMatch(list, new RegExp(`href="${path}"`));
      const res = await app.request(path, { jar });
      assertEquals(res.status, 200);
      const html = await res.text();
      assertMatch(html, new RegExp(`value="${supplier.name}"`));
      assertMatch(html, new RegExp(`action="${path}"`));
    },
  );

  await step(
    "a bad phone and email are named under their fields and nothing changes",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const before = await saved();
      const res = await app.request(path, {
        jar,
        ...form({
          name: "Renamed",
          phone: "12",
          email: "not-an-email",
          contactPerson: "",
          notes: "",
        }),
      });
      assertEquals(res.status, 400);
      const html = await res.text();
      assertMatch(html, /id="supplier-phone-error"/);
      assertMatch(html, /id="supplier-email-error"/);
      assertMatch(html, /value="Renamed"/, "what was typed stays");
      assertEquals(await saved(), before);
    },
  );

  await step("a name another supplier holds is refused on the name field", async (app) => {
    const taken = (await db.select().from(inventorySuppliers)
      .where(eq(inventorySuppliers.clinicId, demo))).find((s) => s.id !== supplier.id);
    assert(taken, "the demo clinic has two suppliers");
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request(path, { jar, ...form({ name: taken.name.toUpperCase() }) });
    assertEquals(res.status, 409);
    assertMatch(await res.text(), /already a supplier named/);
    assertEquals((await saved()).name, supplier.name);
  });

  await step("a good save normalises the phone and shows on the list", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request(path, {
      jar,
      ...form({
        name: "Karachi Dental Traders",
        contactPerson: "Imran Sheikh",
        phone: "0300 1234567",
        email: "orders@kdt.example",
        notes: "Delivers Tuesdays",
      }),
    });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/inventory/suppliers?notice=supplier");
    const row = await saved();
    assertEquals(row.name, "Karachi Dental Traders");
    assertEquals(row.phone, "+923001234567");
    assertEquals(row.notes, "Delivers Tuesdays");
    const list = await (await app.request("/inventory/suppliers?notice=supplier", { jar })).text();
    assertMatch(list, /Supplier saved\./);
    assertMatch(list, /Imran Sheikh · \+923001234567 · orders@kdt\.example/);
  });

  await step(
    "without inventory.suppliers.manage: no edit link, and the page answers 403",
    async (app) => {
      const { jar } = await app.login("nurse@demo-dental.test");
      const get = await app.request(path, { jar });
      assertEquals(get.status, 403);
      await get.body?.cancel();
      const post = await app.request(path, { jar, ...form({ name: "Nurse's name" }) });
      assertEquals(post.status, 403);
      await post.body?.cancel();
      assertEquals((await saved()).name, "Karachi Dental Traders");
    },
  );

  await step(
    "another clinic's owner, with the module, gets 404 for Demo Dental's supplier",
    async (app) => {
      const smile = await clinicId(db, "second-smile");
      await db.insert(clinicModules).values({
        clinicId: smile,
        moduleKey: "inventory",
        isEnabled: true,
      });
      try {
        const { jar } = await app.login("owner@second-smile.test");
        const get = await app.request(path, { jar });
        assertEquals(get.status, 404);
        await get.body?.cancel();
        const post = await app.request(path, { jar, ...form({ name: "Taken over" }) });
        assertEquals(post.status, 404);
        await post.body?.cancel();
        assertEquals((await saved()).name, "Karachi Dental Traders");
      } finally {
        await db.delete(clinicModules).where(and(
          eq(clinicModules.clinicId, smile),
          eq(clinicModules.moduleKey, "inventory"),
        ));
      }
    },
  );

  await step("an id that is not a supplier answers 404", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    for (const id of ["nope", crypto.randomUUID()]) {
      const res = await app.request(`/inventory/suppliers/${id}/edit`, { jar });
      assertEquals(res.status, 404);
      await res.body?.cancel();
    }
  });
});
