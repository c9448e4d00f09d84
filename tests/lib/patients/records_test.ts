import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { TEST_SECRETS, testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import { activityLog, clinicCounters, clinics, patients, users } from "../../../lib/db/schema.ts";
import { AppError } from "../../../lib/errors.ts";
import { type Access, loadAccess } from "../../../lib/permissions/access.ts";
import { decryptPhi, phiIndex } from "../../../lib/crypto/phi.ts";
import {
  createPatient,
  getPatient,
  listPatients,
  updatePatient,
} from "../../../lib/patients/records.ts";
import { DEMO_PATIENTS, seedDemoPatients } from "../../../lib/patients/demo.ts";
import { parsePhone } from "../../../lib/phones.ts";

const SECRET = TEST_SECRETS.ENCRYPTION_KEY;

const failsWith = (status: number, code: string, extra: Record<string, unknown> = {}) =>
(
  error: Error,
) =>
  error instanceof AppError && error.status === status && error.code === code &&
  Object.entries(extra).every(([key, value]) => error.extra[key] === value);

async function userIdOf(db: Db, email: string): Promise<string> {
  return (await db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0].id;
}

async function accessOf(db: Db, email: string): Promise<{ access: Access; userId: string }> {
  const userId = await userIdOf(db, email);
  const [clinic] = await db.select({ id: clinics.id }).from(clinics).where(
    eq(clinics.slug, email.endsWith("second-smile.test") ? "second-smile" : "demo-dental"),
  );
  return { access: (await loadAccess(db, userId, clinic.id))!, userId };
}

/** The same member with some permissions taken away or modules switched. */
function adjusted(
  access: Access,
  change: { without?: string[]; modules?: string[] },
): Access {
  const permissions = new Set(access.permissions);
  for (const key of change.without ?? []) permissions.delete(key);
  const modules = new Set([...access.modules, ...(change.modules ?? [])]);
  return { ...access, permissions, modules };
}

testOnEachDatabase("patient records", async (t, database) => {
  const { db } = database;
  const owner = await accessOf(db, "owner@demo-dental.test");
  const other = await accessOf(db, "owner@second-smile.test");
  const withWhatsapp = adjusted(owner.access, { modules: ["whatsapp_api"] });
  const register = (fields: Parameters<typeof createPatient>[2]["fields"], access = owner.access) =>
    createPatient(db, SECRET, { access, actorId: owner.userId, fields });
  // The demo seed may already have registered patients; the steps count from there.
  const seeded = async (clinicId: string) =>
    (await db.select({ id: patients.id }).from(patients).where(eq(patients.clinicId, clinicId)))
      .length;
  const seededHere = await seeded(owner.access.clinicId);
  const seededThere = await seeded(other.access.clinicId);

  await t.step("ten registrations at once get ten different, consecutive MRNs", async () => {
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) => register({ fullName: `Concurrent Patient ${i}` })),
    );
    const mrns = created.map((p) => p.mrn);
    assertEquals(new Set(mrns).size, 10, `distinct: ${mrns}`);
    const numbers = mrns.map((mrn) => Number(mrn.slice(2))).sort((a, b) => a - b);
    assertEquals(numbers, Array.from({ length: 10 }, (_, i) => numbers[0] + i));
    for (const mrn of mrns) assert(/^P-\d{6}$/.test(mrn), mrn);
    const [counter] = await db.select().from(clinicCounters).where(
      and(eq(clinicCounters.clinicId, owner.access.clinicId), eq(clinicCounters.name, "mrn")),
    );
    assertEquals(counter.value, numbers[9]);
  });

  await t.step("MRNs count per clinic", async () => {
    const here = await register({ fullName: "Counted Here" });
    const there = await register({ fullName: "Counted There" }, other.access);
    assert(Number(here.mrn.slice(2)) >= seededHere + 11);
    assertEquals(there.mrn, `P-${String(seededThere + 1).padStart(6, "0")}`);
  });

  await t.step("phone numbers are stored sealed, with a lookup hash, never in plain", async () => {
    const patient = await register({
      fullName: "Sealed Numbers",
      phone: "0300 7654321",
      whatsappPhone: "+44 7400 765432",
    }, withWhatsapp);
    assertEquals([patient.phone, patient.whatsappPhone], ["+923007654321", "+447400765432"]);
    const [row] = await db.select().from(patients).where(eq(patients.id, patient.id));
    const stored = JSON.stringify(row);
    for (const plain of ["7654321", "765432", "+923007654321", "+447400765432"]) {
      assert(!stored.includes(plain), `${plain} is not in the row`);
    }
    assertEquals(await decryptPhi(SECRET, row.phoneEnc!), "+923007654321");
    assertEquals(row.phoneHash, await phiIndex(SECRET, "+923007654321"));
    assertEquals(row.whatsappPhoneHash, await phiIndex(SECRET, "+447400765432"));
  });

  await t.step(
    "search finds a name fragment in any case, an exact MRN, or a phone number",
    async () => {
      const zainab = await register({ fullName: "Zainab Searchable", phone: "0333 1112223" });
      const whatsappOnly = await register({
        fullName: "Whatsapp Only",
        whatsappPhone: "0345 9998887",
      }, withWhatsapp);
      const ids = async (query: string, access = owner.access) =>
        (await listPatients(db, SECRET, access, { query, limit: 100 })).patients.map((p) => p.id);

      assertEquals(await ids("searchABLE"), [zainab.id]);
      assertEquals(await ids("ZAINAB search"), [zainab.id]);
      assertEquals(await ids(zainab.mrn), [zainab.id]);
      assertEquals(await ids(zainab.mrn.toLowerCase()), [zainab.id]);
      assertEquals(await ids(`P${Number(zainab.mrn.slice(2))}`), [zainab.id], "P42 means P-000042");
      for (
        const spelling of ["0333 1112223", "+92 333 1112223", "03331112223", "0092-333-111-2223"]
      ) {
        assertEquals(await ids(spelling), [zainab.id], spelling);
      }
      assertEquals(
        await ids("0345 9998887", withWhatsapp),
        [whatsappOnly.id],
        "by WhatsApp number",
      );
      assertEquals(await ids("0345 9998887"), [], "not while the clinic has no WhatsApp");
      assertEquals(await ids("0333 111"), [], "a partial number matches nothing");
      assertEquals(await ids("%"), [], "LIKE wildcards are literal");
      assertEquals(await ids("_"), []);
      const noContact = adjusted(owner.access, { without: ["patients.contact.view"] });
      assertEquals(
        await ids("0333 1112223", noContact),
        [],
        "no number search without contact.view",
      );
    },
  );

  await t.step("a list is one page in name order, with the total", async () => {
    const all = await listPatients(db, SECRET, owner.access, { limit: 100 });
    assertEquals(all.total, seededHere + 14, "the seeded patients and those registered so far");
    const names = all.patients.map((p) => p.fullName);
    const order = ["Concurrent Patient 0", "Counted Here", "Sealed Numbers", "Zainab Searchable"]
      .map((name) => names.indexOf(name));
    assertEquals(order, [...order].sort((a, b) => a - b), `by name: ${names}`);
    assert(!order.includes(-1));
    const second = await listPatients(db, SECRET, owner.access, { limit: 5, offset: 5 });
    assertEquals(second.total, all.total);
    assertEquals(second.patients.map((p) => p.id), all.patients.slice(5, 10).map((p) => p.id));
    const byDefault = await listPatients(db, SECRET, owner.access);
    assertEquals(byDefault.limit, 25);
    const clamped = await listPatients(db, SECRET, owner.access, { limit: 10_000, offset: -3 });
    assertEquals([clamped.limit, clamped.offset], [100, 0]);
  });

  await t.step("another clinic's patients are not there at all", async () => {
    const mine = await register({ fullName: "Tenancy Probe", phone: "0300 5550001" });
    await assertRejects(
      () => getPatient(db, SECRET, other.access, mine.id),
      failsWith(404, "NOT_FOUND"),
    );
    await assertRejects(
      () =>
        updatePatient(db, SECRET, {
          access: other.access,
          actorId: other.userId,
          patientId: mine.id,
          changes: { fullName: "Stolen" },
        }),
      failsWith(404, "NOT_FOUND"),
    );
    const theirs = await listPatients(db, SECRET, other.access, { query: "Tenancy Probe" });
    assertEquals(theirs.total, 0);
    const byPhone = await listPatients(db, SECRET, other.access, { query: "0300 5550001" });
    assertEquals(byPhone.total, 0);
    await assertRejects(
      () => getPatient(db, SECRET, owner.access, "not-a-uuid"),
      failsWith(404, "NOT_FOUND"),
    );
    assertEquals((await getPatient(db, SECRET, owner.access, mine.id)).fullName, "Tenancy Probe");
  });

  await t.step("numbers open only for contact.view, WhatsApp only with the module", async () => {
    const patient = await register({
      fullName: "Disclosure Check",
      phone: "0300 4443332",
      whatsappPhone: "0321 4443332",
      medicalAlerts: "Latex allergy",
    }, withWhatsapp);
    const read = (access: Access) => getPatient(db, SECRET, access, patient.id);
    const full = await read(withWhatsapp);
    assertEquals([full.phone, full.whatsappPhone], ["+923004443332", "+923214443332"]);
    const withoutModule = await read(owner.access);
    assertEquals([withoutModule.phone, withoutModule.whatsappPhone], ["+923004443332", null]);
    const noContact = await read(adjusted(withWhatsapp, { without: ["patients.contact.view"] }));
    assertEquals([noContact.phone, noContact.whatsappPhone], [null, null]);
    const noAlerts = await read(adjusted(owner.access, { without: ["patients.alerts.view"] }));
    assertEquals(noAlerts.medicalAlerts, null);
    assertEquals(full.medicalAlerts, "Latex allergy");
  });

  await t.step("contact numbers, alerts and WhatsApp each need their own right", async () => {
    const patient = await register({ fullName: "Guarded Fields" });
    const change = (access: Access, changes: Record<string, unknown>) =>
      updatePatient(db, SECRET, { access, actorId: owner.userId, patientId: patient.id, changes });
    const noContactEdit = adjusted(withWhatsapp, { without: ["patients.contact.edit"] });
    await assertRejects(
      () => change(noContactEdit, { phone: "0300 1231231" }),
      failsWith(403, "FORBIDDEN", { permission: "patients.contact.edit" }),
    );
    await assertRejects(
      () => change(noContactEdit, { whatsappPhone: null }),
      failsWith(403, "FORBIDDEN", { permission: "patients.contact.edit" }),
    );
    await assertRejects(
      () =>
        change(adjusted(owner.access, { without: ["patients.alerts.edit"] }), {
          medicalAlerts: "x",
        }),
      failsWith(403, "FORBIDDEN", { permission: "patients.alerts.edit" }),
    );
    await assertRejects(
      () => change(owner.access, { whatsappPhone: "0300 1231231" }),
      failsWith(403, "MODULE_DISABLED", { module: "whatsapp_api" }),
    );
    await assertRejects(
      () => register({ fullName: "No Rights", phone: "0300 1231231" }, noContactEdit),
      failsWith(403, "FORBIDDEN", { permission: "patients.contact.edit" }),
    );
    // Everything else still goes through for them.
    const renamed = await change(noContactEdit, { fullName: "Guarded Fields Renamed" });
    assertEquals(renamed.fullName, "Guarded Fields Renamed");
  });

  await t.step("the activity log names what changed and never a value of it", async () => {
    const patient = await register({ fullName: "Logged Patient", phone: "0300 2223334" });
    const updated = await updatePatient(db, SECRET, {
      access: owner.access,
      actorId: owner.userId,
      patientId: patient.id,
      changes: {
        phone: "+92 300 2223335",
        fullName: "Logged Patient",
        email: "LOGGED@Example.com",
        medicalAlerts: "On warfarin",
      },
    });
    assertEquals(updated.phone, "+923002223335");
    assertEquals(updated.email, "logged@example.com");
    // The same number in another spelling is no change.
    await updatePatient(db, SECRET, {
      access: owner.access,
      actorId: owner.userId,
      patientId: patient.id,
      changes: { phone: "0300 2223335" },
    });
    const entries = await db.select().from(activityLog).where(eq(activityLog.entityId, patient.id))
      .orderBy(activityLog.id);
    assertEquals(entries.map((e) => e.action), ["patients.created", "patients.updated"]);
    assertEquals(entries[0].details, { mrn: patient.mrn });
    assertEquals(entries[1].details, {
      mrn: patient.mrn,
      fields: ["email", "medicalAlerts", "phone"],
    });
    assertEquals(entries[1].actorUserId, owner.userId);
    const logged = JSON.stringify(entries);
    for (const secret of ["2223334", "2223335", "warfarin", "logged@example.com"]) {
      assert(!logged.includes(secret), `${secret} is not logged`);
    }
  });

  await t.step("clearing a number removes both the sealed value and its hash", async () => {
    const patient = await register({ fullName: "Cleared Number", phone: "0300 6667778" });
    const cleared = await updatePatient(db, SECRET, {
      access: owner.access,
      actorId: owner.userId,
      patientId: patient.id,
      changes: { phone: null },
    });
    assertEquals(cleared.phone, null);
    const [row] = await db.select().from(patients).where(eq(patients.id, patient.id));
    assertEquals([row.phoneEnc, row.phoneHash], [null, null]);
  });

  await t.step("the demo patients are seeded once, with valid sealed numbers", async () => {
    const [extra] = await db.insert(clinics).values({
      name: "Seed Probe",
      slug: "seed-probe",
      ownerEmail: "probe@example.com",
    }).returning({ id: clinics.id });
    const ids = new Map([["demo-dental", extra.id], ["second-smile", other.access.clinicId]]);
    const first = await seedDemoPatients(db, ids, SECRET);
    // Second Smile already has a patient from an earlier step, so only the probe clinic fills.
    assertEquals(first.patients, 40);
    assertEquals((await seedDemoPatients(db, ids, SECRET)).patients, 0, "idempotent");
    const rows = await db.select().from(patients).where(eq(patients.clinicId, extra.id));
    assertEquals(rows.length, 40);
    assertEquals(rows.map((r) => r.mrn).sort()[0], "P-000001");
    assertEquals(rows.map((r) => r.mrn).sort()[39], "P-000040");
    const differentWhatsapp = DEMO_PATIENTS["demo-dental"].filter((p) =>
      p.whatsappPhone && parsePhone(p.whatsappPhone) !== parsePhone(p.phone)
    );
    assert(differentWhatsapp.length >= 3, "some patients have a separate WhatsApp number");
    assert(rows.filter((r) => r.medicalAlerts).length >= 5, "some have medical alerts");
    for (const row of rows) {
      const phone = await decryptPhi(SECRET, row.phoneEnc!);
      assert(/^\+923\d{9}$/.test(phone), `${row.fullName}: ${phone}`);
    }
  });
});
