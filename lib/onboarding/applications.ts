/**
 * Clinic applications: a clinic applies from the public sign-up page; a
 * superadmin approves it (the clinic is created on a trial whose clock waits
 * for the first sign-in, and its owner is invited through the staff
 * invitation flow) or declines it with a reason the applicant is told.
 */
import { and, desc, eq, like, or, sql } from "drizzle-orm";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { type ApplicationStatus, clinicApplications, clinics } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, notFound } from "../errors.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { decryptPhi, encryptPhi } from "../crypto/phi.ts";
import { hitRateLimit } from "../auth/rate-limit.ts";
import { isUuid } from "../ids.ts";
import { createOwnerInvitation, invitationLink } from "../staff/invitations.ts";
import type { ApplicationInput } from "./forms.ts";
import {
  applicationDeclinedEmail,
  applicationReceivedEmail,
  clinicApprovedEmail,
} from "./emails.ts";

export interface ClinicApplication {
  id: string;
  clinicName: string;
  city: string;
  ownerName: string;
  email: string;
  /** E.164; only the superadmin's page reads it. */
  phone: string;
  status: ApplicationStatus;
  rejectionReason: string | null;
  clinicId: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

type SignupDeps = { db: Db; kv: Deno.Kv; config: Pick<Config, "encryptionKey" | "onboarding"> };

/**
 * Records an application and thanks the applicant by email. Every attempt
 * counts against the client's IP, so the public form cannot flood the
 * superadmin's queue. Applying again while an application from the same
 * address waits changes nothing and answers the same.
 */
export async function submitApplication(
  deps: SignupDeps,
  input: ApplicationInput,
  client: { ip: string; now?: Date },
): Promise<void> {
  const now = client.now ?? new Date();
  const { signupLimitPerIp: limit, signupLimitWindowSeconds: windowSeconds } =
    deps.config.onboarding;
  const hit = await hitRateLimit(
    deps.kv,
    ["signup_ip", client.ip],
    { limit, windowSeconds },
    now.getTime(),
  );
  if (!hit.allowed) {
    const minutes = Math.ceil(hit.retryAfterSeconds / 60);
    throw new AppError(
      429,
      "RATE_LIMITED",
      `Too many applications from this network. Try again in ${minutes} minute${
        minutes === 1 ? "" : "s"
      }.`,
      { retryAfterSeconds: hit.retryAfterSeconds },
      { "Retry-After": String(hit.retryAfterSeconds) },
    );
  }
  const phoneSealed = await encryptPhi(deps.config.encryptionKey, input.phone);
  await deps.db.transaction(async (tx) => {
    const [created] = await tx.insert(clinicApplications).values({
      clinicName: input.clinicName,
      city: input.city,
      ownerName: input.ownerName,
      email: input.email,
      phoneSealed,
      createdAt: now,
    }).onConflictDoNothing().returning({ id: clinicApplications.id });
    if (!created) return;
    await enqueueEmail(tx, {
      clinicId: null,
      to: input.email,
      kind: "onboarding.application_received",
      ...applicationReceivedEmail(input),
    });
  });
}

const columns = {
  id: clinicApplications.id,
  clinicName: clinicApplications.clinicName,
  city: clinicApplications.city,
  ownerName: clinicApplications.ownerName,
  email: clinicApplications.email,
  phoneSealed: clinicApplications.phoneSealed,
  status: clinicApplications.status,
  rejectionReason: clinicApplications.rejectionReason,
  clinicId: clinicApplications.clinicId,
  decidedAt: clinicApplications.decidedAt,
  createdAt: clinicApplications.createdAt,
};

type Row = { phoneSealed: string } & Omit<ClinicApplication, "phone">;

async function unseal(encryptionKey: string, row: Row): Promise<ClinicApplication> {
  const { phoneSealed, ...rest } = row;
  return { ...rest, phone: await decryptPhi(encryptionKey, phoneSealed) };
}

export interface ApplicationQueue {
  pending: ClinicApplication[];
  /** The latest decisions, newest first. */
  decided: ClinicApplication[];
}

/** The superadmin's queue: every waiting application, oldest first, and the last 20 decisions. */
export async function applicationQueue(db: Db, encryptionKey: string): Promise<ApplicationQueue> {
  const [pending, decided] = await Promise.all([
    db.select(columns).from(clinicApplications)
      .where(eq(clinicApplications.status, "pending"))
      .orderBy(clinicApplications.createdAt),
    db.select(columns).from(clinicApplications)
      .where(sql`${clinicApplications.status} <> 'pending'`)
      .orderBy(desc(clinicApplications.decidedAt)).limit(20),
  ]);
  return {
    pending: await Promise.all(pending.map((row) => unseal(encryptionKey, row))),
    decided: await Promise.all(decided.map((row) => unseal(encryptionKey, row))),
  };
}

/** A waiting application, claimed for a decision inside `tx`; 404 when missing, 409 when decided. */
async function claimPending(
  tx: Db,
  applicationId: string,
  decision: {
    status: "approved" | "rejected";
    actorId: string;
    now: Date;
    rejectionReason?: string;
  },
) {
  if (!isUuid(applicationId)) throw notFound("Application not found");
  const [claimed] = await tx.update(clinicApplications)
    .set({
      status: decision.status,
      decidedBy: decision.actorId,
      decidedAt: decision.now,
      rejectionReason: decision.rejectionReason ?? null,
    })
    .where(and(eq(clinicApplications.id, applicationId), eq(clinicApplications.status, "pending")))
    .returning(columns);
  if (claimed) return claimed;
  const [exists] = await tx.select({ status: clinicApplications.status })
    .from(clinicApplications).where(eq(clinicApplications.id, applicationId));
  if (!exists) throw notFound("Application not found");
  throw new AppError(409, "ALREADY_DECIDED", `This application was already ${exists.status}.`);
}

/** "Smile Care, Lahore" → "smile-care"; a taken slug gets the first free "-2", "-3"… */
async function freeSlug(tx: Db, name: string): Promise<string> {
  const base = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "") || "clinic";
  const taken = new Set(
    (await tx.select({ slug: clinics.slug }).from(clinics)
      .where(or(eq(clinics.slug, base), like(clinics.slug, `${base}-%`))))
      .map((row) => row.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2;; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Creates the clinic (on the default plan, a trial not yet started) and
 * invites the applicant as its owner, all in one transaction with the
 * decision: a second approval of the same application finds it decided.
 */
export async function approveApplication(
  db: Db,
  input: { applicationId: string; actorId: string; appUrl: string; trialDays: number; now?: Date },
): Promise<{ clinicId: string; invitationId: string }> {
  const now = input.now ?? new Date();
  return await db.transaction(async (tx) => {
    // Claimed first, so two superadmins approving together create one clinic.
    const application = await claimPending(tx, input.applicationId, {
      status: "approved",
      actorId: input.actorId,
      now,
    });
    const [clinic] = await tx.insert(clinics).values({
      name: application.clinicName,
      slug: await freeSlug(tx, application.clinicName),
      ownerEmail: application.email,
      subscriptionStatus: "trial",
      trialStartedAt: null,
    }).returning({ id: clinics.id, timeZone: clinics.timeZone });
    await tx.update(clinicApplications).set({ clinicId: clinic.id })
      .where(eq(clinicApplications.id, application.id));
    const { invitation, token } = await createOwnerInvitation(tx, {
      clinicId: clinic.id,
      email: application.email,
      actorId: input.actorId,
      now,
    });
    await enqueueEmail(tx, {
      clinicId: clinic.id,
      to: application.email,
      kind: "onboarding.clinic_approved",
      ...clinicApprovedEmail({
        clinicName: application.clinicName,
        ownerName: application.ownerName,
        acceptUrl: invitationLink(input.appUrl, token),
        expiresAt: invitation.expiresAt,
        trialDays: input.trialDays,
        timeZone: clinic.timeZone,
      }),
    });
    await recordActivity(tx, {
      clinicId: clinic.id,
      actorId: input.actorId,
      action: "onboarding.application_approved",
      entityType: "clinic_application",
      entityId: application.id,
      details: { clinicName: application.clinicName, email: application.email },
    });
    return { clinicId: clinic.id, invitationId: invitation.id };
  });
}

/** Declines the application and tells the applicant why, politely. */
export async function rejectApplication(
  db: Db,
  input: { applicationId: string; actorId: string; reason: string; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const application = await claimPending(tx, input.applicationId, {
      status: "rejected",
      actorId: input.actorId,
      now,
      rejectionReason: input.reason,
    });
    await enqueueEmail(tx, {
      clinicId: null,
      to: application.email,
      kind: "onboarding.application_declined",
      ...applicationDeclinedEmail({ ...application, reason: input.reason }),
    });
    await recordActivity(tx, {
      clinicId: null,
      actorId: input.actorId,
      action: "onboarding.application_rejected",
      entityType: "clinic_application",
      entityId: application.id,
      details: { clinicName: application.clinicName },
    });
  });
}
