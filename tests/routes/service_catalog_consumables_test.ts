/**
 * Settings → Service catalog: a service's edit page shows and sets what one unit of it takes
 * from stock, and the catalog lists it beside the service.
 */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { listServiceConsumables } from "../../lib/inventory/service-consumption.ts";
import { clinicId, testItem } from "../lib/inventory/fixtures.ts";
import { and, eq } from "drizzle-orm";
import { treatmentServices } from "../../lib/db/schema.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

testOnEachDatabase("service catalog consumables", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");
  const other = await clinicId(db, "second-smile");
  const serviceOf = async (clinic: string, code: string) =>
    (await db.select({ id: treatmentServices.id }).from(treatmentServices)
      .where(and(eq(treatmentServices.clinicId, clinic), eq(treatmentServices.code, code))))[0].id;
  const scaling = await serviceOf(demo, "SCALE");
  const theirs = await serviceOf(other, "SCALE");
  const gloves = await testItem(db, demo, { name: "Catalog gloves", unit: "pair" });
  const cartridges = await testItem(db, demo, { name: "Catalog cartridges", unit: "cartridge" });
  const page = `/settings/service-catalog/${scaling}`;
  const action = `${page}/consumables`;
  const listed = async () =>
    (await listServiceConsumables(db, demo, scaling)).map((c) => [c.itemName, c.quantity]);

  await step("the owner sets a service's consumables on its edit page", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const before = await (await app.request(page, { jar })).text();
    assertMatch(before, /Consumables used/);
    assert(before.includes(`action="${action}"`), "the card holds the form");
    const res = await app.request(action, {
      jar,
      ...form({ itemId0: cartridges.id, quantity0: "2", itemId1: gloves.id, quantity1: "" }),
    });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), `${page}?notice=consumables#consumables`);
    assertEquals(await listed(), [["Catalog cartridges", 2], ["Catalog gloves", 1]]);
    const after = await (await app.request(`${page}?notice=consumables`, { jar })).text();
    assertMatch(after, /Consumables saved\./);
    assertMatch(after, /2 × Catalog cartridges/);
    const option = after.match(new RegExp(`<option[^>]*value="${cartridges.id}"[^>]*>`))?.[0];
    assertMatch(option ?? "", /selected/, "the saved rows fill the form");
    const catalog = await (await app.request("/settings/service-catalog", { jar })).text();
    assertMatch(catalog, /Uses 2 × Catalog cartridges, 1 × Catalog gloves/);
  });

  await step("bad rows are explained on the page and change nothing", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const bad = await app.request(action, { jar, ...form({ itemId0: gloves.id, quantity0: "x" }) });
    assertEquals(bad.status, 400);
    const text = await bad.text();
    assertMatch(text, /Quantity must be a whole number/);
    assertMatch(text, /Edit Scaling and polishing/, "the edit page is shown again");
    const foreign = await testItem(db, other, { name: "Their gloves" });
    const stolen = await app.request(action, {
      jar,
      ...form({ itemId0: foreign.id, quantity0: "1" }),
    });
    assertEquals(stolen.status, 422);
    await stolen.body?.cancel();
    const twice = await app.request(action, {
      jar,
      ...form({ itemId0: gloves.id, quantity0: "1", itemId1: gloves.id, quantity1: "1" }),
    });
    assertEquals(twice.status, 400);
    await twice.body?.cancel();
    const theirService = await app.request(`/settings/service-catalog/${theirs}/consumables`, {
      jar,
      ...form({ itemId0: gloves.id, quantity0: "1" }),
    });
    assertEquals(theirService.status, 404, "another clinic's service");
    await theirService.body?.cancel();
    assertEquals(await listed(), [["Catalog cartridges", 2], ["Catalog gloves", 1]]);
  });

  await step("without inventory.items.edit or a session nothing is set", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const post = await app.request(action, { jar, ...form({ itemId0: "" }) });
    assertEquals(post.status, 403);
    await post.body?.cancel();
    const anonymous = await app.request(action, form({ itemId0: "" }));
    assert([303, 401, 403].includes(anonymous.status), `got ${anonymous.status}`);
    await anonymous.body?.cancel();
    assertEquals(await listed(), [["Catalog cartridges", 2], ["Catalog gloves", 1]]);
  });

  await step("a clinic without the inventory module sees no consumables", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    const edit = await app.request(`/settings/service-catalog/${theirs}`, { jar });
    if (edit.status === 200) {
      const html = await edit.text();
      assert(!html.includes("Consumables used"), "no inventory, no consumables card");
    } else {
      await edit.body?.cancel();
    }
    const post = await app.request(`/settings/service-catalog/${theirs}/consumables`, {
      jar,
      ...form({ itemId0: "" }),
    });
    assertEquals(post.status, 403);
    await post.body?.cancel();
  });

  await step("clearing every row stops consuming anything", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request(action, { jar, ...form({ itemId0: "", quantity0: "" }) });
    assertEquals(res.status, 303);
    await res.body?.cancel();
    assertEquals(await listed(), []);
    const html = await (await app.request(page, { jar })).text();
    assertMatch(html, /This service uses no consumables yet/);
  });
});
