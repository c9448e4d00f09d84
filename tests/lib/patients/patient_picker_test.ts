import { eq } from "drizzle-orm";
import { assert, assertEquals } from "../../support/assert.ts";
import { TEST_SECRETS, testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import { clinics } from "../../../lib/db/schema.ts";
import { type Access, loadAccess } from "../../../lib/permissions/access.ts";
import { createPatient } from "../../../lib/patients/records.ts";
import { patientPickerOptions } from "../../../lib/patients/patient-picker.ts";
import { userId } from "../appointments/fixtures.ts";

const SECRET = TEST_SECRETS.ENCRYPTION_KEY;

async function memberAccess(db: Db, email: string, slug: string): Promise<Access> {
  const [clinic] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug));
  return (await loadAccess(db, await userId(db, email), clinic.id))!;
}

testOnEachDatabase("booking form patient options", async (t, database) => {
  const { db } = database;
  const reception = await memberAccess(db, "reception@demo-dental.test", "demo-dental");
  const otherOwner = await memberAccess(db, "owner@second-smile.test", "second-smile");
  const owner = await memberAccess(db, "owner@demo-dental.test", "demo-dental");

  const zubair = await createPatient(db, SECRET, {
    access: owner,
    actorId: await userId(db, "owner@demo-dental.test"),
    fields: { fullName: "Zubair Booking", phone: "0321 7650001" },
  });
  const elsewhere = await createPatient(db, SECRET, {
    access: otherOwner,
    actorId: await userId(db, "owner@second-smile.test"),
    fields: { fullName: "Zubair Elsewhere", phone: "0321 7650002" },
  });

  await t.step("a name search narrows to the clinic's matching patients", async () => {
    const options = await patientPickerOptions(db, SECRET, reception, { query: "zubair" });
    assertEquals(options.map((p) => p.fullName), ["Zubair Booking"]);
    assertEquals(options[0].mrn, zubair.mrn);
  });

  await t.step("the caller is found by phone number in another spelling", async () => {
    const options = await patientPickerOptions(db, SECRET, reception, {
      query: "+92 321 7650001",
    });
    assertEquals(options.map((p) => p.id), [zubair.id]);
  });

  await t.step("the chosen patient stays in the list whatever the search says", async () => {
    const options = await patientPickerOptions(db, SECRET, reception, {
      query: "no such name",
      selectedId: zubair.id,
    });
    assertEquals(options.map((p) => p.id), [zubair.id]);
  });

  await t.step("another clinic's patient is never offered, even when named", async () => {
    const options = await patientPickerOptions(db, SECRET, reception, {
      query: "elsewhere",
      selectedId: elsewhere.id,
    });
    assertEquals(options, []);
    const all = await patientPickerOptions(db, SECRET, reception, { query: "" });
    assert(all.length > 0);
    assert(!all.some((p) => p.id === elsewhere.id));
  });
});
