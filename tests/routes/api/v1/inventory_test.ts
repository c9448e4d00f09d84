import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import { clinicModules, inventoryItems, inventoryMovements } from "../../../../lib/db/schema.ts";
import { clinicId, testItem, userId } from "../../../lib/inventory/fixtures.ts";
import { createSupplier } from "../../../../lib/inventory/suppliers.ts";

const OWNER = "owner@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

testOnEachDatabase("inventory API", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");
  const smile = await clinicId(db, "second-smile");
  const mine = await testItem(db, demo, { name: "API gloves", sku: "API-GLV" });
  const theirs = await testItem(db, smile, { name: "Their gloves" });
  const theirSupplier = await createSupplier(db, {
    clinicId: smile,
    actorId: await userId(db, OTHER_OWNER),
    fields: { name: "Their supplier", contactPerson: null, phone: null, email: null, notes: null },
  });
  const routes: [string, string][] = [
    ["GET", "/api/v1/inventory/items"],
    ["POST", "/api/v1/inventory/items"],
    ["GET", `/api/v1/inventory/items/${mine.id}`],
    ["PATCH", `/api/v1/inventory/items/${mine.id}`],
    ["POST", `/api/v1/inventory/items/${mine.id}/movements`],
    ["GET", "/api/v1/inventory/suppliers"],
    ["POST", "/api/v1/inventory/suppliers"],
    ["GET", "/api/v1/inventory/alerts"],
    ["GET", "/api/v1/inventory/reorder"],
    ["GET", "/api/v1/inventory/consumables"],
    ["PUT", "/api/v1/inventory/consumables"],
  ];
  const onHand = async (id: string) =>
    (await db.select({ n: inventoryItems.onHand }).from(inventoryItems)
      .where(eq(inventoryItems.id, id)))[0].n;

  await step("no session is 401 on every route", async (app) => {
    for (const [method, path] of routes) {
      const res = await app.json(method, path, method === "GET" ? undefined : {});
      assertEquals(res.status, 401, `${method} ${path}`);
      await res.body?.cancel();
    }
  });

  await step("a clinic without the module gets 403 naming the module", async (app) => {
    const { jar } = await app.login(OTHER_OWNER);
    for (const [method, path] of routes) {
      const res = await app.json(method, path, method === "GET" ? undefined : {}, { jar });
      assertEquals(res.status, 403, `${method} ${path}`);
      const body = await res.json();
      assertEquals([body.code, body.module], ["MODULE_DISABLED", "inventory"]);
      assertEquals(body.error, "Module 'inventory' is not enabled for this clinic");
    }
  });

  await step(
    "reception reads stock but may not change it: 403 naming the permission",
    async (app) => {
      const { jar } = await app.login(RECEPTION);
      const list = await app.json("GET", "/api/v1/inventory/items?q=API", undefined, { jar });
      assertEquals(list.status, 200);
      assertEquals((await list.json()).items.map((i: { name: string }) => i.name), ["API gloves"]);
      const cases: [string, string, unknown, string][] = [
        [
          "POST",
          "/api/v1/inventory/items",
          { name: "X", category: "Y", unit: "box" },
          "inventory.items.create",
        ],
        [
          "PATCH",
          `/api/v1/inventory/items/${mine.id}`,
          { name: "Renamed" },
          "inventory.items.edit",
        ],
        [
          "POST",
          `/api/v1/inventory/items/${mine.id}/movements`,
          { kind: "consume", quantity: 1 },
          "inventory.stock.consume",
        ],
        ["POST", "/api/v1/inventory/suppliers", { name: "S" }, "inventory.suppliers.manage"],
        ["GET", "/api/v1/inventory/suppliers", undefined, "inventory.suppliers.view"],
      ];
      for (const [method, path, body, permission] of cases) {
        const res = await app.json(method, path, body, { jar });
        assertEquals(res.status, 403, `${method} ${path}`);
        assertEquals((await res.json()).permission, permission);
      }
      assertEquals(await onHand(mine.id), 0, "nothing changed");
    },
  );

  await step("a nurse may receive and consume but not adjust", async (app) => {
    const { jar } = await app.login(NURSE);
    const path = `/api/v1/inventory/items/${mine.id}/movements`;
    const received = await app.json("POST", path, {
      kind: "receive",
      quantity: 12,
      lotNumber: "L-1",
      expiresOn: "2031-01-31",
      costMinor: 250000,
    }, { jar });
    assertEquals(received.status, 201);
    const body = await received.json();
    assertEquals([body.onHand, body.movement.kind, body.movement.actorName], [
      12,
      "receive",
      "Hina Malik",
    ]);
    assertMatch(body.movement.createdAt, /\+05:00$/);
    const adjust = await app.json("POST", path, { kind: "adjust", quantity: 3, reason: "Count" }, {
      jar,
    });
    assertEquals(adjust.status, 403);
    assertEquals((await adjust.json()).permission, "inventory.stock.adjust");
    const used = await app.json("POST", path, { kind: "consume", quantity: 2 }, { jar });
    assertEquals((await used.json()).onHand, 10);
  });

  await step("consuming more than is on hand is 409 with what is on hand", async (app) => {
    const { jar } = await app.login(NURSE);
    const res = await app.json(
      "POST",
      `/api/v1/inventory/items/${mine.id}/movements`,
      { kind: "consume", quantity: 11 },
      { jar },
    );
    assertEquals(res.status, 409);
    const body = await res.json();
    assertEquals([body.code, body.onHand], ["INSUFFICIENT_STOCK", 10]);
    assertMatch(body.error, /Only 10 boxes of API gloves on hand/);
  });

  await step(
    "another clinic's item or supplier is 404 / refused, and nothing changes",
    async (app) => {
      const { jar } = await app.login(OWNER);
      for (
        const [method, path, body] of [
          ["GET", `/api/v1/inventory/items/${theirs.id}`, undefined],
          ["PATCH", `/api/v1/inventory/items/${theirs.id}`, { name: "Mine now" }],
          ["POST", `/api/v1/inventory/items/${theirs.id}/movements`, {
            kind: "receive",
            quantity: 5,
          }],
          ["GET", "/api/v1/inventory/items/not-a-uuid", undefined],
          ["PATCH", `/api/v1/inventory/suppliers/${theirSupplier.id}`, { name: "Mine now" }],
        ] as const
      ) {
        const res = await app.json(method, path, body, { jar });
        assertEquals(res.status, 404, `${method} ${path}`);
        await res.body?.cancel();
      }
      const withTheirSupplier = await app.json("PATCH", `/api/v1/inventory/items/${mine.id}`, {
        supplierId: theirSupplier.id,
      }, { jar });
      assertEquals(withTheirSupplier.status, 422);
      assertEquals(await onHand(theirs.id), 0);
      const [row] = await db.select().from(inventoryItems).where(eq(inventoryItems.id, theirs.id));
      assertEquals(row.name, "Their gloves");
    },
  );

  await step("malformed bodies are 400 and change nothing", async (app) => {
    const { jar } = await app.login(OWNER);
    const before = (await db.select().from(inventoryMovements)).length;
    const cases: [string, string, unknown, RegExp][] = [
      [
        "POST",
        "/api/v1/inventory/items",
        { name: "", category: "X", unit: "box" },
        /Give the item a name/,
      ],
      [
        "POST",
        "/api/v1/inventory/items",
        { name: "X", category: "X", unit: "crate" },
        /Choose a unit/,
      ],
      ["POST", "/api/v1/inventory/items", {
        name: "X",
        category: "X",
        unit: "box",
        reorderThreshold: -1,
      }, /at least 0/],
      ["PATCH", `/api/v1/inventory/items/${mine.id}`, {}, /Send the fields to change/],
      ["PATCH", `/api/v1/inventory/items/${mine.id}`, { onHand: 99 }, /onHand|Unrecognized/i],
      [
        "POST",
        `/api/v1/inventory/items/${mine.id}/movements`,
        { kind: "steal", quantity: 1 },
        /kind/,
      ],
      [
        "POST",
        `/api/v1/inventory/items/${mine.id}/movements`,
        { kind: "consume", quantity: 0 },
        /at least 1/,
      ],
      [
        "POST",
        `/api/v1/inventory/items/${mine.id}/movements`,
        { kind: "adjust", quantity: 4 },
        /reason/,
      ],
      ["POST", `/api/v1/inventory/items/${mine.id}/movements`, {
        kind: "receive",
        quantity: 1,
        expiresOn: "31/01/2031",
      }, /YYYY-MM-DD/],
      ["POST", "/api/v1/inventory/suppliers", { name: "S", phone: "12" }, /phone/],
      ["POST", "/api/v1/inventory/suppliers", { name: "S", email: "nope" }, /email/],
      [
        "PUT",
        "/api/v1/inventory/consumables",
        { appointmentType: "", items: [] },
        /appointment type/,
      ],
      ["GET", "/api/v1/inventory/items?sort=price", undefined, /sort is one of/],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
      assertMatch((await res.json()).error, message);
    }
    const notJson = await app.request(`/api/v1/inventory/items/${mine.id}/movements`, {
      method: "POST",
      jar,
      headers: { "content-type": "application/json" },
      body: "{",
    });
    assertEquals(notJson.status, 400);
    await notJson.body?.cancel();
    assertEquals((await db.select().from(inventoryMovements)).length, before);
  });

  await step("the owner creates, edits, filters and sorts items", async (app) => {
    const { jar } = await app.login(OWNER);
    const supplier = await app.json("POST", "/api/v1/inventory/suppliers", {
      name: "API Supplies",
      phone: "0300 7654321",
      email: "api@supplies.example",
    }, { jar });
    assertEquals(supplier.status, 201);
    const { supplier: s } = await supplier.json();
    assertEquals(s.phone, "+923007654321");
    const created = await app.json("POST", "/api/v1/inventory/items", {
      name: "API composite",
      sku: "api-cmp",
      category: "Restorative",
      unit: "syringe",
      reorderThreshold: 2,
      supplierId: s.id,
    }, { jar });
    assertEquals(created.status, 201);
    const { item } = await created.json();
    assertEquals([item.supplierName, item.status, item.onHand], ["API Supplies", "out", 0]);
    const duplicate = await app.json("POST", "/api/v1/inventory/items", {
      name: "Another",
      sku: "API-CMP",
      category: "Restorative",
      unit: "syringe",
    }, { jar });
    assertEquals(duplicate.status, 409);
    assertMatch((await duplicate.json()).error, /already used by API composite/);
    const patched = await app.json("PATCH", `/api/v1/inventory/items/${item.id}`, {
      reorderThreshold: 0,
      labPreset: "Precision Dental Lab",
    }, { jar });
    assertEquals((await patched.json()).item.labPreset, "Precision Dental Lab");

    const low = await app.json("GET", "/api/v1/inventory/items?low=1&pageSize=100", undefined, {
      jar,
    });
    const names = (await low.json()).items.map((i: { name: string }) => i.name);
    assert(names.includes("API composite"), "out of stock counts as low");
    const sorted = await app.json(
      "GET",
      "/api/v1/inventory/items?sort=onHand&dir=desc&pageSize=3",
      undefined,
      { jar },
    );
    const page = await sorted.json();
    assertEquals(page.pageSize, 3);
    const counts = page.items.map((i: { onHand: number }) => i.onHand);
    assertEquals(counts, [...counts].sort((a: number, b: number) => b - a));
    const detail = await app.json("GET", `/api/v1/inventory/items/${mine.id}`, undefined, { jar });
    const view = await detail.json();
    assertEquals(view.lots.map((l: { lotNumber: string }) => l.lotNumber), ["L-1"]);
    assertEquals(view.movements.map((m: { kind: string }) => m.kind), ["consume", "receive"]);
    const alerts = await app.json("GET", "/api/v1/inventory/alerts", undefined, { jar });
    assertEquals(alerts.status, 200);
    assert(Array.isArray((await alerts.json()).alerts));
  });

  await step("the module switched on for a clinic opens its own inventory only", async (app) => {
    await db.insert(clinicModules).values({
      clinicId: smile,
      moduleKey: "inventory",
      isEnabled: true,
    });
    try {
      const { jar } = await app.login(OTHER_OWNER);
      const list = await app.json("GET", "/api/v1/inventory/items", undefined, { jar });
      assertEquals((await list.json()).items.map((i: { name: string }) => i.name), [
        "Their gloves",
      ]);
      const mineFromThere = await app.json("GET", `/api/v1/inventory/items/${mine.id}`, undefined, {
        jar,
      });
      assertEquals(mineFromThere.status, 404);
      await mineFromThere.body?.cancel();
    } finally {
      await db.delete(clinicModules).where(eq(clinicModules.clinicId, smile));
    }
  });
});
