/** Inventory → Consumables: staff set what each appointment type uses without the API. */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { listTypeConsumables } from "../../lib/inventory/appointment-consumption.ts";
import { listServiceConsumables } from "../../lib/inventory/service-consumption.ts";
import { clinicId, testItem } from "../lib/inventory/fixtures.ts";
import { and, eq } from "drizzle-orm";
import { treatmentServices } from "../../lib/db/schema.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

testOnEachDatabase("inventory consumables page", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");
  const other = await clinicId(db, "second-smile");
  const gloves = await testItem(db, demo, { name: "Consumables gloves" });
  const tips = await testItem(db, demo, { name: "Consumables suction tips", unit: "piece" });
  const typeOf = async (type: string) =>
    (await listTypeConsumables(db, demo)).filter((c) => c.appointmentType === type)
      .map((c) => [c.itemName, c.quantity]);

  await step("the owner sets a type's consumables and sees them listed", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const page = await (await app.request("/inventory/consumables", { jar })).text();
    assertMatch(page, /Set consumables/);
    assert(page.includes('href="/inventory/consumables"'), "the inventory tabs link the page");
    const res = await app.request("/inventory/consumables", {
      jar,
      ...form({
        appointmentType: "Deep scaling",
        itemId0: gloves.id,
        quantity0: "2",
        itemId1: tips.id,
        quantity1: "",
        itemId2: "",
        quantity2: "",
      }),
    });
    assertEquals(res.status, 303);
    assertEquals(
      res.headers.get("location"),
      "/inventory/consumables?type=Deep%20scaling&notice=consumables",
    );
    assertEquals(await typeOf("Deep scaling"), [
      ["Consumables gloves", 2],
      ["Consumables suction tips", 1],
    ]);
    const listed = await (await app.request(res.headers.get("location")!, { jar })).text();
    assertMatch(listed, /Consumables saved\./);
    assertMatch(listed, /2 × Consumables gloves · 1 × Consumables suction tips/);
    // The type opened for editing has its rows filled in.
    const option = listed.match(new RegExp(`<option[^>]*value="${gloves.id}"[^>]*>`))?.[0] ?? "";
    assertMatch(option, /selected/);
    assertMatch(listed, /name="quantity0"[^>]*value="2"|value="2"[^>]*name="quantity0"/);
  });

  await step("bad rows are explained and change nothing", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const bad = await app.request("/inventory/consumables", {
      jar,
      ...form({ appointmentType: "Deep scaling", itemId0: gloves.id, quantity0: "lots" }),
    });
    assertEquals(bad.status, 400);
    assertMatch(await bad.text(), /Quantity must be a whole number/);
    const foreign = await testItem(db, other, { name: "Other clinic's gloves" });
    const stolen = await app.request("/inventory/consumables", {
      jar,
      ...form({ appointmentType: "Deep scaling", itemId0: foreign.id, quantity0: "1" }),
    });
    assertEquals(stolen.status, 422);
    assertMatch(await stolen.text(), /Choose items from the clinic(&#39;|')s inventory/);
    const untyped = await app.request("/inventory/consumables", {
      jar,
      ...form({ appointmentType: " ", itemId0: gloves.id }),
    });
    assertEquals(untyped.status, 400);
    await untyped.body?.cancel();
    assertEquals((await typeOf("Deep scaling")).length, 2);
  });

  await step("clearing every row stops consuming anything for the type", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request("/inventory/consumables", {
      jar,
      ...form({ appointmentType: "deep SCALING", itemId0: "", quantity0: "" }),
    });
    assertEquals(res.status, 303);
    assertEquals(await typeOf("Deep scaling"), []);
  });

  await step("reception reads the list but may not change it", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const page = await app.request("/inventory/consumables", { jar });
    assertEquals(page.status, 200);
    assert(!(await page.text()).includes('action="/inventory/consumables"'), "no form offered");
    const post = await app.request("/inventory/consumables", {
      jar,
      ...form({ appointmentType: "Consumables filling", itemId0: gloves.id, quantity0: "1" }),
    });
    assertEquals(post.status, 403);
    await post.body?.cancel();
    assertEquals(await typeOf("Consumables filling"), []);
  });

  await step("no session goes to sign-in; a clinic without the module is refused", async (app) => {
    const anonymous = await app.request("/inventory/consumables");
    assertEquals(anonymous.status, 303);
    await anonymous.body?.cancel();
    const { jar } = await app.login("owner@second-smile.test");
    const refused = await app.request("/inventory/consumables", { jar });
    assertEquals(refused.status, 403);
    await refused.body?.cancel();
  });

  const serviceOf = async (clinic: string, code: string) =>
    (await db.select({ id: treatmentServices.id }).from(treatmentServices)
      .where(and(eq(treatmentServices.clinicId, clinic), eq(treatmentServices.code, code))))[0].id;
  const scaling = await serviceOf(demo, "SCALE");
  const serviceList = async () =>
    (await listServiceConsumables(db, demo)).filter((c) => c.serviceId === scaling)
      .map((c) => [c.itemName, c.quantity]);
  const servicePath = "/inventory/consumables/services";

  await step("the owner sets a service's consumables and sees them listed", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const page = await (await app.request("/inventory/consumables", { jar })).text();
    assertMatch(page, /Set a service(&#39;|')s consumables/);
    const res = await app.request(servicePath, {
      jar,
      ...form({ serviceId: scaling, itemId0: gloves.id, quantity0: "3", itemId1: "" }),
    });
    assertEquals(res.status, 303);
    assertEquals(
      res.headers.get("location"),
      `/inventory/consumables?service=${scaling}&notice=service-consumables#service-form`,
    );
    assertEquals(await serviceList(), [["Consumables gloves", 3]]);
    const listed = await (await app.request(res.headers.get("location")!, { jar })).text();
    assertMatch(listed, /Consumables of Scaling and polishing/);
    assertMatch(listed, /3 × Consumables gloves/);
  });

  await step("bad service rows are explained and change nothing", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const bad = await app.request(servicePath, {
      jar,
      ...form({ serviceId: scaling, itemId0: gloves.id, quantity0: "0" }),
    });
    assertEquals(bad.status, 400);
    assertMatch(await bad.text(), /Quantity must be at least 1/);
    const none = await app.request(servicePath, { jar, ...form({ serviceId: "", itemId0: "" }) });
    assertEquals(none.status, 400);
    assertMatch(await none.text(), /Choose a service from the catalog/);
    const foreign = await testItem(db, other, { name: "Other clinic's tips" });
    const stolen = await app.request(servicePath, {
      jar,
      ...form({ serviceId: scaling, itemId0: foreign.id, quantity0: "1" }),
    });
    assertEquals(stolen.status, 422);
    await stolen.body?.cancel();
    const theirService = await app.request(servicePath, {
      jar,
      ...form({ serviceId: await serviceOf(other, "SCALE"), itemId0: gloves.id }),
    });
    assertEquals(theirService.status, 404, "another clinic's service");
    await theirService.body?.cancel();
    assertEquals(await serviceList(), [["Consumables gloves", 3]]);
  });

  await step("reception and signed-out visitors cannot set a service's list", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const post = await app.request(servicePath, {
      jar,
      ...form({ serviceId: scaling, itemId0: "" }),
    });
    assertEquals(post.status, 403);
    await post.body?.cancel();
    const anonymous = await app.request(servicePath, form({ serviceId: scaling, itemId0: "" }));
    assert([303, 401, 403].includes(anonymous.status), `got ${anonymous.status}`);
    await anonymous.body?.cancel();
    assertEquals(await serviceList(), [["Consumables gloves", 3]]);
  });
});
