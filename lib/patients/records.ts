/**
 * Patient records: register, change, read and search,
 * every call scoped to the member's clinic. A patient of another clinic is
 * reported exactly like a missing one (404).
 *
 * Phone and WhatsApp numbers are sealed at rest (lib/crypto/phi.ts) with a
 * keyed hash beside each for exact search. They are opened only for a member
 * holding `patients.contact.view`, and the WhatsApp number only while the
 * clinic has the `whatsapp_api` module ("Patient Phone Field"); otherwise they
 * read as null, and the ciphertext never leaves this module. The activity log
 * names the fields that changed, never their values.
 *
 * @example
 * ```ts
 * const patient = await createPatient(db, config.encryptionKey, {
 *   access, actorId, fields: { fullName: "Ayesha Bibi", phone: "0300 1234567" },
 * });
 * const { patients, total } = await listPatients(db, config.encryptionKey, access, { query: "0300 1234567" });
 * ```
 */
import { and, asc, count, eq, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { patients, patientTags } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { forbidden, notFound } from "../errors.ts";
import { type Access, can } from "../permissions/access.ts";
import { decryptPhi, encryptPhi, phiIndex } from "../crypto/phi.ts";
import { normalisePhone, parsePhone } from "../phones.ts";
import { formatMrn, reserveMrns } from "./mrn.ts";
import type { Gender, PatientChanges, PatientFields } from "./fields.ts";
import { isUuid } from "../ids.ts";

export const WHATSAPP_MODULE = "whatsapp_api";
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface Patient extends PatientFields {
  id: string;
  clinicId: string;
  mrn: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a member may read beyond the record itself. */
export interface Disclosure {
  /** `patients.contact.view`: phone numbers. */
  contact: boolean;
  /** The clinic has WhatsApp: the WhatsApp number exists as a field at all. */
  whatsapp: boolean;
  /** `patients.alerts.view`: medical alerts. */
  alerts: boolean;
}

export function disclosureFor(access: Access): Disclosure {
  return {
    contact: can(access, "patients.contact.view"),
    whatsapp: access.modules.has(WHATSAPP_MODULE),
    alerts: can(access, "patients.alerts.view"),
  };
}

type PatientRow = typeof patients.$inferSelect;

async function openRow(secret: string, row: PatientRow, disclosure: Disclosure): Promise<Patient> {
  const open = (sealed: string | null, allowed: boolean) =>
    allowed && sealed ? decryptPhi(secret, sealed) : Promise.resolve(null);
  const [phone, whatsappPhone] = await Promise.all([
    open(row.phoneEnc, disclosure.contact),
    open(row.whatsappPhoneEnc, disclosure.contact && disclosure.whatsapp),
  ]);
  return {
    id: row.id,
    clinicId: row.clinicId,
    mrn: row.mrn,
    fullName: row.fullName,
    dateOfBirth: row.dateOfBirth,
    gender: row.gender as Gender | null,
    email: row.email,
    phone,
    whatsappPhone,
    address: row.address,
    medicalAlerts: disclosure.alerts ? row.medicalAlerts : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Refuses a change the member may not make: contact numbers need
 * `patients.contact.edit`, medical alerts `patients.alerts.edit`, and the
 * WhatsApp number needs the clinic's WhatsApp module before anything else.
 */
export function assertMayWrite(access: Access, changes: PatientChanges): void {
  if ("whatsappPhone" in changes && !access.modules.has(WHATSAPP_MODULE)) {
    throw forbidden(
      "MODULE_DISABLED",
      `Module '${WHATSAPP_MODULE}' is not enabled for this clinic: whatsappPhone cannot be set`,
      { module: WHATSAPP_MODULE },
    );
  }
  const needs = (permission: string) => {
    if (!can(access, permission)) {
      throw forbidden("FORBIDDEN", `You do not have permission "${permission}"`, { permission });
    }
  };
  if ("phone" in changes || "whatsappPhone" in changes) needs("patients.contact.edit");
  if ("medicalAlerts" in changes) needs("patients.alerts.edit");
}

/** Sealed value and lookup hash of a number, both null when it is cleared. */
async function sealPhone(secret: string, raw: string | null | undefined, field: string) {
  if (!raw) return { enc: null, hash: null };
  const e164 = normalisePhone(raw, field);
  const [enc, hash] = await Promise.all([encryptPhi(secret, e164), phiIndex(secret, e164)]);
  return { enc, hash };
}

export interface CreatePatientInput {
  access: Access;
  actorId: string;
  fields: Pick<PatientFields, "fullName"> & Partial<PatientFields>;
}

export async function createPatient(
  db: Db,
  secret: string,
  input: CreatePatientInput,
): Promise<Patient> {
  const { access, fields } = input;
  const present = Object.fromEntries(
    Object.entries(fields).filter(([, value]) =>
      value !== undefined && value !== null && value !== ""
    ),
  ) as PatientChanges;
  assertMayWrite(access, present);
  const [phone, whatsapp] = await Promise.all([
    sealPhone(secret, fields.phone, "phone"),
    sealPhone(secret, fields.whatsappPhone, "whatsappPhone"),
  ]);
  const row = await db.transaction(async (tx) => {
    const [mrn] = await reserveMrns(tx as unknown as Db, access.clinicId);
    const [inserted] = await tx.insert(patients).values({
      clinicId: access.clinicId,
      mrn,
      fullName: fields.fullName.trim(),
      dateOfBirth: fields.dateOfBirth ?? null,
      gender: fields.gender ?? null,
      email: fields.email?.toLowerCase() ?? null,
      phoneEnc: phone.enc,
      phoneHash: phone.hash,
      whatsappPhoneEnc: whatsapp.enc,
      whatsappPhoneHash: whatsapp.hash,
      address: fields.address ?? null,
      medicalAlerts: fields.medicalAlerts ?? null,
      createdBy: input.actorId,
    }).returning();
    await recordActivity(tx, {
      clinicId: access.clinicId,
      actorId: input.actorId,
      action: "patients.created",
      entityType: "patient",
      entityId: inserted.id,
      details: { mrn },
    });
    return inserted;
  });
  return await openRow(secret, row, disclosureFor(access));
}

async function findRow(db: Db, clinicId: string, patientId: string): Promise<PatientRow> {
  if (!isUuid(patientId)) throw notFound("Patient not found");
  const [row] = await db.select().from(patients).where(
    and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)),
  );
  if (!row) throw notFound("Patient not found");
  return row;
}

export async function getPatient(
  db: Db,
  secret: string,
  access: Access,
  patientId: string,
): Promise<Patient> {
  return await openRow(
    secret,
    await findRow(db, access.clinicId, patientId),
    disclosureFor(access),
  );
}

/**
 * The record with the patient's tags (which discount policies ask for), read in the same
 * statement: the record page shows them in its header and has a statement budget.
 */
export async function getPatientWithTags(
  db: Db,
  secret: string,
  access: Access,
  patientId: string,
): Promise<Patient & { tags: string[] }> {
  if (!isUuid(patientId)) throw notFound("Patient not found");
  // Tags are entered comma-separated, so a comma never occurs inside one.
  const [found] = await db.select({
    row: patients,
    tags: sql<
      string
    >`coalesce((select string_agg(${patientTags.tag}, ',' order by ${patientTags.tag})
      from ${patientTags} where ${patientTags.clinicId} = ${patients.clinicId}
      and ${patientTags.patientId} = ${patients.id}), '')`,
  }).from(patients)
    .where(and(eq(patients.clinicId, access.clinicId), eq(patients.id, patientId)));
  if (!found) throw notFound("Patient not found");
  const patient = await openRow(secret, found.row, disclosureFor(access));
  return { ...patient, tags: found.tags ? found.tags.split(",") : [] };
}

/** The patient's id and MRN, without opening any sealed field; 404 for another clinic's. */
export async function findPatientReference(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<{ id: string; mrn: string }> {
  if (!isUuid(patientId)) throw notFound("Patient not found");
  const [row] = await db.select({ id: patients.id, mrn: patients.mrn }).from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
  if (!row) throw notFound("Patient not found");
  return row;
}

export interface UpdatePatientInput {
  access: Access;
  actorId: string;
  patientId: string;
  changes: PatientChanges;
}

const PLAIN_FIELDS = [
  "fullName",
  "dateOfBirth",
  "gender",
  "email",
  "address",
  "medicalAlerts",
] as const;

/** Applies the fields present in `changes`; logs the names of those that really changed. */
export async function updatePatient(
  db: Db,
  secret: string,
  input: UpdatePatientInput,
): Promise<Patient> {
  const { access, changes } = input;
  assertMayWrite(access, changes);
  const current = await findRow(db, access.clinicId, input.patientId);
  const set: Partial<typeof patients.$inferInsert> = {};
  const changed: string[] = [];

  for (const field of PLAIN_FIELDS) {
    if (!(field in changes)) continue;
    let value = changes[field] ?? null;
    if (typeof value === "string") value = value.trim() || null;
    if (field === "email" && value) value = value.toLowerCase();
    if (field === "fullName" && !value) continue;
    if (value === current[field]) continue;
    Object.assign(set, { [field]: value });
    changed.push(field);
  }
  const phones = [
    ["phone", "phoneEnc", "phoneHash"],
    ["whatsappPhone", "whatsappPhoneEnc", "whatsappPhoneHash"],
  ] as const;
  for (const [field, encColumn, hashColumn] of phones) {
    if (!(field in changes)) continue;
    // The keyed hash tells whether the number changed without opening the stored one.
    const sealed = await sealPhone(secret, changes[field], field);
    if (sealed.hash === current[hashColumn]) continue;
    Object.assign(set, { [encColumn]: sealed.enc, [hashColumn]: sealed.hash });
    changed.push(field);
  }

  if (changed.length === 0) return await openRow(secret, current, disclosureFor(access));
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx.update(patients)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(patients.clinicId, access.clinicId), eq(patients.id, current.id)))
      .returning();
    await recordActivity(tx, {
      clinicId: access.clinicId,
      actorId: input.actorId,
      action: "patients.updated",
      entityType: "patient",
      entityId: current.id,
      details: { mrn: current.mrn, fields: changed },
    });
    return updated;
  });
  return await openRow(secret, row, disclosureFor(access));
}

export interface PatientQuery {
  /** A name fragment, an MRN ("P-000042", "p42"), or a phone number in any common spelling. */
  query?: string;
  limit?: number;
  offset?: number;
}

export interface PatientPage {
  patients: Patient[];
  total: number;
  limit: number;
  offset: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The clinic's patients by name, a page at a time. A query matches a name
 * fragment (any case), an exact MRN, or, for members who may see numbers, a
 * phone or WhatsApp number: otherwise the search would tell them whose a
 * number is.
 */
export async function listPatients(
  db: Db,
  secret: string,
  access: Access,
  options: PatientQuery = {},
): Promise<PatientPage> {
  const limit = Math.min(
    Math.max(Math.trunc(options.limit ?? DEFAULT_PAGE_SIZE), 1),
    MAX_PAGE_SIZE,
  );
  const offset = Math.max(Math.trunc(options.offset ?? 0), 0);
  const disclosure = disclosureFor(access);
  const text = options.query?.trim().slice(0, 200) ?? "";

  let match = undefined;
  if (text) {
    const alternatives = [
      sql`lower(${patients.fullName}) like ${`%${escapeLike(text.toLowerCase())}%`} escape '\\'`,
    ];
    const mrn = /^p-?0*(\d{1,9})$/i.exec(text);
    alternatives.push(eq(patients.mrn, mrn ? formatMrn(Number(mrn[1])) : text.toUpperCase()));
    const digits = text.replace(/\D/g, "");
    const e164 = disclosure.contact && digits.length >= 7 && /^[\d\s()+.-]+$/.test(text)
      ? parsePhone(text)
      : null;
    if (e164) {
      const hash = await phiIndex(secret, e164);
      alternatives.push(eq(patients.phoneHash, hash));
      if (disclosure.whatsapp) alternatives.push(eq(patients.whatsappPhoneHash, hash));
    }
    match = or(...alternatives);
  }
  const where = and(eq(patients.clinicId, access.clinicId), match);
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(patients).where(where)
      .orderBy(asc(sql`lower(${patients.fullName})`), asc(patients.id))
      .limit(limit).offset(offset),
    db.select({ total: count() }).from(patients).where(where),
  ]);
  return {
    patients: await Promise.all(rows.map((row) => openRow(secret, row, disclosure))),
    total: Number(total),
    limit,
    offset,
  };
}
