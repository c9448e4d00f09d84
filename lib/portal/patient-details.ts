/**
 * The part of a patient record a patient fills in themselves: date of birth,
 * gender, phone (and WhatsApp number when the clinic has WhatsApp), address.
 * Validated by the patient record's own schema (`lib/patients/fields.ts`), so
 * the portal refuses what the clinic's forms refuse; numbers are sealed and
 * hashed exactly as the record stores them (`lib/crypto/phi.ts`).
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { clinics, patients } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { decryptPhi, encryptPhi, phiIndex } from "../crypto/phi.ts";
import { loadClinicModules } from "../permissions/access.ts";
import type { PlanId } from "../permissions/features.ts";
import { phoneFromForm } from "../phones.ts";
import { type Gender, patientChangesSchema } from "../patients/fields.ts";
import { WHATSAPP_MODULE } from "../patients/records.ts";

export interface OwnDetails {
  fullName: string;
  mrn: string;
  email: string | null;
  /** YYYY-MM-DD. */
  dateOfBirth: string | null;
  gender: Gender | null;
  /** E.164. */
  phone: string | null;
  /** E.164; null, and never asked for, unless the clinic has WhatsApp. */
  whatsappPhone: string | null;
  address: string | null;
}

export interface DetailOptions {
  /** The clinic has the WhatsApp module: the WhatsApp number is a field. */
  whatsapp: boolean;
}

/** What the patient may change, as the record's change schema reads it. */
export interface DetailChanges {
  dateOfBirth: string;
  gender: Gender;
  phone: string;
  whatsappPhone?: string | null;
  address?: string | null;
}

/** The genders a patient picks from; "not recorded" is the clinic's word, not an answer. */
export const PATIENT_GENDERS = ["female", "male", "other"] as const satisfies readonly Gender[];

export async function clinicHasWhatsapp(db: Db, clinicId: string): Promise<boolean> {
  const [clinic] = await db.select({ planId: clinics.planId }).from(clinics)
    .where(eq(clinics.id, clinicId));
  if (!clinic) return false;
  return (await loadClinicModules(db, clinicId, clinic.planId as PlanId)).has(WHATSAPP_MODULE);
}

export async function readOwnDetails(
  db: Db,
  secret: string,
  scope: { clinicId: string; patientId: string },
  options: DetailOptions,
): Promise<OwnDetails> {
  const [row] = await db.select().from(patients)
    .where(and(eq(patients.clinicId, scope.clinicId), eq(patients.id, scope.patientId)));
  if (!row) throw notFound("Patient not found");
  const open = (sealed: string | null) => sealed ? decryptPhi(secret, sealed) : null;
  return {
    fullName: row.fullName,
    mrn: row.mrn,
    email: row.email,
    dateOfBirth: row.dateOfBirth,
    gender: row.gender as Gender | null,
    phone: await open(row.phoneEnc),
    whatsappPhone: options.whatsapp ? await open(row.whatsappPhoneEnc) : null,
    address: row.address,
  };
}

/**
 * The details form: every field checked at once, so each wrong one is named
 * (`FormProblem.fields`). Date of birth, gender and phone are required; the
 * WhatsApp number and the address are optional and only read when shown.
 */
export function detailFields(
  values: Record<string, string>,
  options: DetailOptions & { address: boolean },
  ctx: z.RefinementCtx,
): DetailChanges | undefined {
  const body: Record<string, string | null> = {
    dateOfBirth: values.dateOfBirth ?? "",
    gender: values.gender ?? "",
    phone: phoneFromForm(values, "phone") ?? null,
  };
  if (options.whatsapp) body.whatsappPhone = phoneFromForm(values, "whatsappPhone") ?? null;
  if (options.address) body.address = values.address ?? "";
  const parsed = patientChangesSchema.safeParse(body);
  const issues: { path: string; message: string }[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
      path: String(issue.path[0] ?? "form"),
      message: issue.message[0].toUpperCase() + issue.message.slice(1),
    }));
  // Required fields are read from what was posted, so one bad field does not hide the others.
  const named = new Set(issues.map((issue) => issue.path));
  if (!named.has("dateOfBirth") && !body.dateOfBirth?.trim()) {
    issues.push({ path: "dateOfBirth", message: "Enter your date of birth" });
  }
  if (!named.has("gender") && !(PATIENT_GENDERS as readonly string[]).includes(body.gender ?? "")) {
    issues.push({ path: "gender", message: "Choose your gender" });
  }
  if (!named.has("phone") && !body.phone) {
    issues.push({ path: "phone", message: "Enter your phone number" });
  }
  for (const issue of issues) {
    ctx.addIssue({ code: "custom", message: issue.message, path: [issue.path] });
  }
  if (issues.length || !parsed.success) return undefined;
  return parsed.data as DetailChanges;
}

/**
 * A refused form's values as it shows them again: numbers read in the country
 * picked beside them (E.164 when valid), so the picker keeps that country.
 */
export function postedDetailValues(values: Record<string, string>): Record<string, string> {
  const shown = { ...values };
  for (const name of ["phone", "whatsappPhone"]) {
    const read = phoneFromForm(values, name);
    if (read && /^\+\d+$/.test(read)) shown[name] = read;
  }
  return shown;
}

async function sealed(secret: string, e164: string | null | undefined) {
  if (!e164) return { enc: null, hash: null };
  const [enc, hash] = await Promise.all([encryptPhi(secret, e164), phiIndex(secret, e164)]);
  return { enc, hash };
}

/**
 * Writes the patient's own changes to their record and names the fields that
 * changed in the activity log (never their values), with no staff actor.
 * Pass the transaction of the surrounding change.
 */
export async function writeOwnDetails(
  tx: Db,
  secret: string,
  input: {
    clinicId: string;
    patientId: string;
    changes: DetailChanges;
    /** Set on the record when it has no email yet. */
    email?: string;
    via: "invitation" | "portal";
    now: Date;
  },
): Promise<string[]> {
  const [current] = await tx.select().from(patients)
    .where(and(eq(patients.clinicId, input.clinicId), eq(patients.id, input.patientId)))
    .for("update");
  if (!current) throw notFound("Patient not found");
  const { changes } = input;
  const set: Partial<typeof patients.$inferInsert> = {};
  const changed: string[] = [];
  if (changes.dateOfBirth !== current.dateOfBirth) {
    set.dateOfBirth = changes.dateOfBirth;
    changed.push("dateOfBirth");
  }
  if (changes.gender !== current.gender) {
    set.gender = changes.gender;
    changed.push("gender");
  }
  if ("address" in changes && (changes.address ?? null) !== current.address) {
    set.address = changes.address ?? null;
    changed.push("address");
  }
  if (input.email && !current.email) {
    set.email = input.email;
    changed.push("email");
  }
  const phone = await sealed(secret, changes.phone);
  if (phone.hash !== current.phoneHash) {
    Object.assign(set, { phoneEnc: phone.enc, phoneHash: phone.hash });
    changed.push("phone");
  }
  if ("whatsappPhone" in changes) {
    const whatsapp = await sealed(secret, changes.whatsappPhone);
    if (whatsapp.hash !== current.whatsappPhoneHash) {
      Object.assign(set, { whatsappPhoneEnc: whatsapp.enc, whatsappPhoneHash: whatsapp.hash });
      changed.push("whatsappPhone");
    }
  }
  if (!changed.length) return changed;
  await tx.update(patients).set({ ...set, updatedAt: input.now })
    .where(and(eq(patients.clinicId, input.clinicId), eq(patients.id, input.patientId)));
  await recordActivity(tx, {
    clinicId: input.clinicId,
    actorId: null,
    action: "patients.updated",
    entityType: "patient",
    entityId: input.patientId,
    details: { mrn: current.mrn, fields: changed, by: "patient", via: input.via },
  });
  return changed;
}

/** A patient's id and name in the clinic; 404 for another clinic's, like a missing one. */
export async function findPatientName(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<{ id: string; fullName: string }> {
  if (!isUuid(patientId)) throw notFound("Patient not found");
  const [row] = await db.select({ id: patients.id, fullName: patients.fullName }).from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
  if (!row) throw notFound("Patient not found");
  return row;
}
