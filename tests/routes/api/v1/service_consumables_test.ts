/** The service consumables API: who may read and set a catalog service's list, and refusals. */
import { and, eq } from "drizzle-orm";
import { assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import { treatmentServiceConsumables, treatmentServices } from "../../../../lib/db/schema.ts";
import { clinicId, testItem } from "../../../lib/inventory/fixtures.ts";
import type { Db } from "../../../../lib/db/client.ts";

const PATH = "/api/v1/inventory/service-consumables";

async function serviceId(db: Db, clinic: string, code: string): Promise<string> {
  const [row] = await db.select({ id: treatmentServices.id }).from(treatmentServices)
    .where(and(eq(treatmentServices.clinicId, clinic), eq(treatmentServices.code, code)));
  return row.id;
}

testOnEachDatabase("service consumables API", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");
  const smile = await clinicId(db, "second-smile");
  const service = await serviceId(db, demo, "SCALE");
  const theirService = await serviceId(db, smile, "SCALE");
  const mine = await testItem(db, demo, { name: "Service gloves" });
  const theirs = await testItem(db, smile, { name: "Their service gloves" });
  const rows = async () =>
    (await db.select().from(treatmentServiceConsumables)
      .where(eq(treatmentServiceConsumables.serviceId, service)))
      .map((r) => [r.itemId, r.quantity]);
  const valid = { serviceId: service, items: [{ itemId: mine.id, quantity: 2 }] };

  await step("no session is 401", async (app) => {
    for (const method of ["GET", "PUT"]) {
      const res = await app.json(method, PATH, method === "GET" ? undefined : valid);
      assertEquals(res.status, 401, method);
      await res.body?.cancel();
    }
    assertEquals(await rows(), []);
  });

  await step("reception may read but not set: 403 naming the permission", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const list = await app.json("GET", PATH, undefined, { jar });
    assertEquals(list.status, 200);
    await list.body?.cancel();
    const res = await app.json("PUT", PATH, valid, { jar });
    assertEquals(res.status, 403);
    assertEquals((await res.json()).permission, "inventory.items.edit");
    assertEquals(await rows(), []);
  });

  await step("another clinic's service or item is refused and changes nothing", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const foreignService = await app.json("PUT", PATH, { ...valid, serviceId: theirService }, {
      jar,
    });
    assertEquals(foreignService.status, 404);
    await foreignService.body?.cancel();
    const foreignItem = await app.json("PUT", PATH, {
      serviceId: service,
      items: [{ itemId: theirs.id, quantity: 1 }],
    }, { jar });
    assertEquals(foreignItem.status, 422);
    assertEquals((await foreignItem.json()).code, "UNKNOWN_ITEM");
    assertEquals(await rows(), []);
    const smileOwner = await app.login("owner@second-smile.test");
    const other = await app.json("GET", PATH, undefined, { jar: smileOwner.jar });
    assertEquals(other.status, 403, "a clinic without the inventory module");
    await other.body?.cancel();
  });

  await step("malformed bodies are 400 and change nothing", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const cases: [unknown, RegExp][] = [
      [{ serviceId: service, items: [{ itemId: mine.id, quantity: 0 }] }, /at least 1/],
      [{ serviceId: "nope", items: [] }, /service/i],
      [{ serviceId: service, items: [{ itemId: "x", quantity: 1 }] }, /item/i],
      [{ serviceId: service }, /items/i],
      [{ ...valid, extra: true }, /extra|unrecognized/i],
    ];
    for (const [body, message] of cases) {
      const res = await app.json("PUT", PATH, body, { jar });
      assertEquals(res.status, 400, JSON.stringify(body));
      assertMatch((await res.json()).error, message);
    }
    const notJson = await app.request(PATH, {
      method: "PUT",
      jar,
      headers: { "content-type": "application/json" },
      body: "{",
    });
    assertEquals(notJson.status, 400);
    await notJson.body?.cancel();
    assertEquals(await rows(), []);
  });

  await step("the owner sets a service's list and reads it back", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.json("PUT", PATH, valid, { jar });
    assertEquals(res.status, 200);
    const { consumables } = await res.json();
    assertEquals(
      consumables.map((c: { itemName: string; quantity: number }) => [
        c.itemName,
        c.quantity,
      ]),
      [["Service gloves", 2]],
    );
    const list = await (await app.json("GET", PATH, undefined, { jar })).json();
    assertEquals(
      list.consumables.filter((c: { serviceId: string }) => c.serviceId === service).length,
      1,
    );
    assertEquals(await rows(), [[mine.id, 2]]);
  });
});
