/**
 * `GET/PUT /api/v1/patients/:id/tags`: read with patients.view, replace with
 * patients.edit; no session, another clinic's patient, a missing permission
 * and a malformed body each answer 4xx and change nothing.
 */
import { and, eq } from "drizzle-orm";
import { assertEquals } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import { clinics, patients, patientTags } from "../../../../lib/db/schema.ts";

testOnEachDatabase("patient tags API", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [demo] = await db.select({ id: clinics.id }).from(clinics)
    .where(eq(clinics.slug, "demo-dental"));
  const [patient] = await db.select({ id: patients.id }).from(patients)
    .where(and(eq(patients.clinicId, demo.id), eq(patients.fullName, "Bilal Chaudhry")));
  const path = `/api/v1/patients/${patient.id}/tags`;
  const tagsOf = async () =>
    (await db.select({ tag: patientTags.tag }).from(patientTags)
      .where(eq(patientTags.patientId, patient.id))).map((r) => r.tag).sort();

  await step("reception replaces the tags in their plain form and reads them back", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const put = await app.json("PUT", path, { tags: ["Senior Citizen", "returning"] }, { jar });
    assertEquals(put.status, 200);
    assertEquals(await put.json(), { tags: ["senior_citizen", "returning"] });
    assertEquals(await tagsOf(), ["returning", "senior_citizen"]);
    const get = await app.request(path, { jar });
    assertEquals(await get.json(), { tags: ["returning", "senior_citizen"] });
  });

  await step("a nurse may read the tags but not change them", async (app) => {
    const { jar } = await app.login("nurse@demo-dental.test");
    const get = await app.request(path, { jar });
    assertEquals(get.status, 200);
    await get.body?.cancel();
    const put = await app.json("PUT", path, { tags: [] }, { jar });
    assertEquals(put.status, 403);
    await put.body?.cancel();
    assertEquals(await tagsOf(), ["returning", "senior_citizen"]);
  });

  await step("malformed bodies are 400 and change nothing", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    for (
      const body of [
        {},
        { tags: "returning" },
        { tags: ["a,b"] },
        { tags: ["x".repeat(41)] },
        { tags: Array.from({ length: 13 }, (_, i) => `t${i}`) },
        { tags: ["!!!"] },
        { tags: ["ok"], extra: true },
      ]
    ) {
      const res = await app.json("PUT", path, body, { jar });
      assertEquals(res.status, 400, JSON.stringify(body));
      await res.body?.cancel();
    }
    assertEquals(await tagsOf(), ["returning", "senior_citizen"]);
  });

  await step("another clinic's owner gets 404 both ways", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    const get = await app.request(path, { jar });
    assertEquals(get.status, 404);
    await get.body?.cancel();
    const put = await app.json("PUT", path, { tags: [] }, { jar });
    assertEquals(put.status, 404);
    await put.body?.cancel();
    assertEquals(await tagsOf(), ["returning", "senior_citizen"]);
  });

  await step("without a session: 401", async (app) => {
    const get = await app.request(path);
    assertEquals(get.status, 401);
    await get.body?.cancel();
    const put = await app.json("PUT", path, { tags: [] });
    assertEquals(put.status, 401);
    await put.body?.cancel();
    assertEquals(await tagsOf(), ["returning", "senior_citizen"]);
  });
});
