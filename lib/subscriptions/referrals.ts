/**
 * The referral programme: each clinic's referral code, the public form a prospective clinic
 * fills in through it, and the lists of referrals the referring clinic and the superadmin read.
 * A prospect's phone is sealed like every phone number; the referring clinic sees who it
 * referred and how far they got, never their contact details.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { clinicReferralCodes, clinics, referrals } from "../db/schema.ts";
import { REFERRAL_STATUSES, type ReferralStatus } from "./referral-status.ts";
import { recordActivity } from "../activity-log.ts";
import { notFound, tooManyRequests } from "../errors.ts";
import { decryptPhi, encryptPhi } from "../crypto/phi.ts";
import { normalisePhone } from "../phones.ts";
import { hitRateLimit } from "../auth/rate-limit.ts";

/** Public submissions per client address per minute. */
export const REFERRAL_FORM_LIMIT = { limit: 10, windowSeconds: 60 };

/** Counts one submission of the public form against the client's address; the 11th is a 429. */
export async function countReferralSubmission(kv: Deno.Kv, ip: string, now = Date.now()) {
  const result = await hitRateLimit(kv, ["referral_form", ip], REFERRAL_FORM_LIMIT, now);
  if (!result.allowed) throw tooManyRequests(result.retryAfterSeconds);
}

// No 0/O or 1/I: codes get read aloud and typed from paper.
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function newCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
}

/** The clinic's referral code, created the first time it is asked for. */
export async function referralCodeOf(db: Db, clinicId: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [existing] = await db.select({ code: clinicReferralCodes.code }).from(clinicReferralCodes)
      .where(eq(clinicReferralCodes.clinicId, clinicId));
    if (existing) return existing.code;
    // A code clash or a concurrent first visit inserts nothing; the next round reads the winner.
    await db.insert(clinicReferralCodes).values({ clinicId, code: newCode() })
      .onConflictDoNothing();
  }
  throw new Error("could not allocate a referral code");
}

export interface Referrer {
  clinicId: string;
  clinicName: string;
  code: string;
}

/** The clinic behind a public code; unknown codes are a 404 like any missing page. */
export async function referrerOf(db: Db, code: string): Promise<Referrer> {
  const normalised = code.trim().toUpperCase();
  const [row] = /^[A-Z0-9]{6,16}$/.test(normalised)
    ? await db.select({
      clinicId: clinicReferralCodes.clinicId,
      clinicName: clinics.name,
      code: clinicReferralCodes.code,
    }).from(clinicReferralCodes).innerJoin(clinics, eq(clinics.id, clinicReferralCodes.clinicId))
      .where(eq(clinicReferralCodes.code, normalised))
    : [];
  if (!row) throw notFound("This referral link is not valid");
  return row;
}

const text = (label: string, max: number) =>
  z.string({ error: `Enter the ${label}.` }).trim().min(1, `Enter the ${label}.`).max(
    max,
    `The ${label} is at most ${max} characters.`,
  );

/** The public form, as posted. */
export const referralForm = z.object({
  clinicName: text("clinic name", 200),
  city: text("city", 100),
  contactName: text("contact name", 200),
  email: z.string({ error: "Enter an email address." }).trim().toLowerCase().max(320)
    .pipe(z.email("Enter a valid email address.")),
  // Read in the picked country by `phoneFromForm`; validated and normalised on submission.
  phone: z.string({ error: "Enter a phone number." }).trim().min(1, "Enter a phone number."),
});
export type ReferralInput = z.output<typeof referralForm>;

export async function submitReferral(
  db: Db,
  encryptionKey: string,
  referrer: Referrer,
  input: ReferralInput,
): Promise<{ id: string }> {
  const phone = normalisePhone(input.phone, "phone");
  const phoneEnc = await encryptPhi(encryptionKey, phone);
  return await db.transaction(async (tx) => {
    const [row] = await tx.insert(referrals).values({
      referrerClinicId: referrer.clinicId,
      clinicName: input.clinicName,
      city: input.city,
      contactName: input.contactName,
      email: input.email,
      phoneEnc,
    }).returning({ id: referrals.id });
    await recordActivity(tx, {
      clinicId: referrer.clinicId,
      actorId: null,
      action: "referrals.received",
      entityType: "referral",
      entityId: row.id,
      details: { city: input.city },
    });
    return row;
  });
}

/** What the referring clinic sees of one of its referrals. */
export interface ClinicReferral {
  id: string;
  clinicName: string;
  city: string;
  contactName: string;
  status: ReferralStatus;
  createdAt: Date;
}

const clinicColumns = {
  id: referrals.id,
  clinicName: referrals.clinicName,
  city: referrals.city,
  contactName: referrals.contactName,
  status: referrals.status,
  createdAt: referrals.createdAt,
};

export async function listClinicReferrals(db: Db, clinicId: string): Promise<ClinicReferral[]> {
  return await db.select(clinicColumns).from(referrals)
    .where(eq(referrals.referrerClinicId, clinicId))
    .orderBy(desc(referrals.createdAt), desc(referrals.id));
}

/** One of the clinic's referrals; another clinic's id is a 404 like a missing one. */
export async function clinicReferral(
  db: Db,
  clinicId: string,
  id: string,
): Promise<ClinicReferral> {
  const [row] = z.uuid().safeParse(id).success
    ? await db.select(clinicColumns).from(referrals)
      .where(and(eq(referrals.id, id), eq(referrals.referrerClinicId, clinicId)))
    : [];
  if (!row) throw notFound("No such referral");
  return row;
}

/** The superadmin's view: every referral, with the prospect's contact details opened. */
export interface PlatformReferral extends ClinicReferral {
  referrerClinicId: string;
  referrerName: string;
  email: string;
  phone: string;
}

export async function listAllReferrals(
  db: Db,
  encryptionKey: string,
  limit = 200,
): Promise<PlatformReferral[]> {
  const rows = await db.select({
    ...clinicColumns,
    referrerClinicId: referrals.referrerClinicId,
    referrerName: clinics.name,
    email: referrals.email,
    phoneEnc: referrals.phoneEnc,
  }).from(referrals).innerJoin(clinics, eq(clinics.id, referrals.referrerClinicId))
    .orderBy(desc(referrals.createdAt), desc(referrals.id)).limit(limit);
  return await Promise.all(rows.map(async ({ phoneEnc, ...row }) => ({
    ...row,
    phone: await decryptPhi(encryptionKey, phoneEnc),
  })));
}

export const referralStatusForm = z.object({
  status: z.enum(REFERRAL_STATUSES, { error: "Choose a status." }),
});

/** The superadmin moves a referral along as the prospect is followed up. */
export async function setReferralStatus(
  db: Db,
  input: { id: string; status: ReferralStatus; actorId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = z.uuid().safeParse(input.id).success
      ? await tx.update(referrals).set({ status: input.status, updatedAt: sql`now()` })
        .where(eq(referrals.id, input.id))
        .returning({ clinicId: referrals.referrerClinicId })
      : [];
    if (!row) throw notFound("No such referral");
    await recordActivity(tx, {
      clinicId: row.clinicId,
      actorId: input.actorId,
      action: "referrals.status_changed",
      entityType: "referral",
      entityId: input.id,
      details: { status: input.status },
    });
  });
}
