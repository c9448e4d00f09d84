/**
 * Tagging a patient from their edit page: the tags discount policies ask for
 * are offered, a save replaces the patient's tags (and the plan editor then
 * sees them), bad input is named and changes nothing, and only members who
 * may edit patients, in the patient's own clinic, can tag.
 */
import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { activityLog, clinics, patients, patientTags } from "../../lib/db/schema.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

testOnEachDatabase("patient tags", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [demo] = await db.select({ id: clinics.id }).from(clinics)
    .where(eq(clinics.slug, "demo-dental"));
  // Imran has no tag in the demo seed.
  const [patient] = await db.select({ id: patients.id }).from(patients)
    .where(and(eq(patients.clinicId, demo.id), eq(patients.fullName, "Imran Shahid")));
  assert(patient, "the demo clinic has Imran Shahid");
  const tagsPath = `/patients/${patient.id}/tags`;
  const tagsOf = async () =>
    (await db.select({ tag: patientTags.tag }).from(patientTags)
      .where(eq(patientTags.patientId, patient.id))).map((r) => r.tag).sort();

  await step(
    "the edit page offers the tags the clinic's discount policies ask for",
    async (app) => {
      const { jar } = await app.login("reception@demo-dental.test");
      const res = await app.request(`/patients/${patient.id}/edit`, { jar });
      assertEquals(res.status, 200);
      const html = await res.text();
      assertMatch(html, new RegExp(`action="${tagsPath}"`));
      assertMatch(html, /No tags yet\./);
      const offered = html.slice(html.indexOf("data-tag-suggestions"));
      for (const tag of ["senior_citizen", "staff_family", "returning"]) {
        assertMatch(offered, new RegExp(`<code[^>]*>${tag}</code>`));
      }
    },
  );

  await step(
    "saving tags stores them in their plain form and the plan editor sees them",
    async (app) => {
      const { jar } = await app.login("reception@demo-dental.test");
      const res = await app.request(tagsPath, {
        jar,
        ...form({ tags: "Staff family, returning, " }),
      });
      assertEquals(res.status, 303);
      assertEquals(res.headers.get("location"), `/patients/${patient.id}/edit?notice=tags`);
      assertEquals(await tagsOf(), ["returning", "staff_family"]);
      const page = await (await app.request(`/patients/${patient.id}/edit?notice=tags`, { jar }))
        .text();
      assertMatch(page, /Tags saved\./);
      assertMatch(page, /value="returning, staff_family"/);
      const [entry] = await db.select().from(activityLog).where(and(
        eq(activityLog.entityId, patient.id),
        eq(activityLog.action, "patients.tags_changed"),
      ));
      assertEquals((entry.details as { tags: string[] }).tags.sort(), [
        "returning",
        "staff_family",
      ]);

      const record = await (await app.request(`/patients/${patient.id}`, { jar })).text();
      assertMatch(record, /data-patient-tag="returning"[^>]*>returning</);
      assertMatch(record, /data-patient-tag="staff_family"[^>]*>staff family</);

      const owner = await app.login("owner@demo-dental.test");
      const editor = await app.request(`/treatment-plans/new?patientId=${patient.id}`, {
        jar: owner.jar,
      });
      assertEquals(editor.status, 200);
      assertMatch(
        await editor.text(),
        /&quot;tags&quot;:\[&quot;returning&quot;,&quot;staff_family&quot;\]/,
      );
    },
  );

  await step("clearing the field removes every tag", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request(tagsPath, { jar, ...form({ tags: "" }) });
    assertEquals(res.status, 303);
    await res.body?.cancel();
    assertEquals(await tagsOf(), []);
    const record = await (await app.request(`/patients/${patient.id}`, { jar })).text();
    assert(!record.includes("data-patient-tag="), "no tags, none in the header");
    await (await app.request(tagsPath, { jar, ...form({ tags: "senior citizen" }) })).body
      ?.cancel();
    assertEquals(await tagsOf(), ["senior_citizen"]);
  });

  await step(
    "too many tags, or one too long, is refused on the field and nothing changes",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const many = Array.from({ length: 13 }, (_, i) => `tag${i}`).join(", ");
      const res = await app.request(tagsPath, { jar, ...form({ tags: many }) });
      assertEquals(res.status, 400);
      const html = await res.text();
      assertMatch(html, /id="patient-tags-error"[^>]*>[^<]*At most 12 tags/);
      assertMatch(html, /value="tag0, tag1/, "what was typed stays");
      const long = await app.request(tagsPath, { jar, ...form({ tags: "x".repeat(41) }) });
      assertEquals(long.status, 400);
      await long.body?.cancel();
      assertEquals(await tagsOf(), ["senior_citizen"]);
    },
  );

  await step("a nurse, who may not edit patients, is refused", async (app) => {
    const { jar } = await app.login("nurse@demo-dental.test");
    const res = await app.request(tagsPath, { jar, ...form({ tags: "returning" }) });
    assertEquals(res.status, 403);
    await res.body?.cancel();
    assertEquals(await tagsOf(), ["senior_citizen"]);
  });

  await step("another clinic's owner gets 404 and tags nothing", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    const res = await app.request(tagsPath, { jar, ...form({ tags: "returning" }) });
    assertEquals(res.status, 404);
    await res.body?.cancel();
    assertEquals(await tagsOf(), ["senior_citizen"]);
  });

  await step("without a session the form post goes to sign-in", async (app) => {
    const res = await app.request(tagsPath, form({ tags: "returning" }));
    assert([302, 303, 401].includes(res.status), `answered ${res.status}`);
    await res.body?.cancel();
    assertEquals(await tagsOf(), ["senior_citizen"]);
  });
});
