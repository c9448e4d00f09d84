/**
 * Inviting a patient to the portal, from their record: a single-use link,
 * valid for seven days, emailed through the outbox in the transaction that
 * creates it. Like staff invitations (and with their token helpers), the link
 * carries 32 random bytes and only their SHA-256 is stored. Inviting again
 * revokes the open invitation first, so only the newest link works.
 *
 * Accepting (`./acceptance.ts`) sets the password and fills in the record.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { patients } from "../db/schema.ts";
import { clinicLetterhead } from "../clinic-branding/letterhead.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import { patientAccounts, patientInvitations } from "../db/schema/portal.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, badRequest, notFound } from "../errors.ts";
import { hashRefreshToken as sha256Base64url } from "../auth/sessions.ts";
import { normaliseEmail } from "../auth/accounts.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { isUuid } from "../ids.ts";
import { newToken, TOKEN_SHAPE } from "../staff/invitations.ts";
import { patientInvitationEmail } from "./invitation-email.ts";

export const PATIENT_INVITATION_TTL_MS = 7 * 86_400_000;
const EMAIL_SHAPE = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

export interface PatientInvitation {
  id: string;
  clinicId: string;
  patientId: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

const invitationColumns = {
  id: patientInvitations.id,
  clinicId: patientInvitations.clinicId,
  patientId: patientInvitations.patientId,
  email: patientInvitations.email,
  createdAt: patientInvitations.createdAt,
  expiresAt: patientInvitations.expiresAt,
  acceptedAt: patientInvitations.acceptedAt,
  revokedAt: patientInvitations.revokedAt,
};

export const stillOpen = and(
  isNull(patientInvitations.acceptedAt),
  isNull(patientInvitations.revokedAt),
);

export function patientInvitationLink(appUrl: string, token: string): string {
  return `${appUrl}/patient-invite/${token}`;
}

async function clinicPatient(db: Db, clinicId: string, patientId: string) {
  if (!isUuid(patientId)) throw notFound("Patient not found");
  const [row] = await db.select({
    id: patients.id,
    fullName: patients.fullName,
    email: patients.email,
    mrn: patients.mrn,
  }).from(patients).where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
  if (!row) throw notFound("Patient not found");
  return row;
}

export interface InvitePatientInput {
  clinicId: string;
  patientId: string;
  /** Where to send the link; the patient's email on file when left out. */
  email?: string | null;
  actorId: string;
  /** The app's address, for the link in the email. */
  appUrl: string;
  now?: Date;
}

/** A new link for the patient, emailed; any earlier link stops working. */
export async function invitePatient(
  db: Db,
  input: InvitePatientInput,
): Promise<{ invitation: PatientInvitation; token: string }> {
  const now = input.now ?? new Date();
  const patient = await clinicPatient(db, input.clinicId, input.patientId);
  const email = normaliseEmail(input.email?.trim() || patient.email || "");
  if (!email) {
    throw badRequest("Enter the email address the invitation should go to.", { field: "email" });
  }
  if (!EMAIL_SHAPE.test(email) || email.length > 320) {
    throw badRequest("Enter a valid email address.", { field: "email" });
  }
  const token = newToken();
  const invitation = await db.transaction(async (tx) => {
    const revoked = await tx.update(patientInvitations).set({ revokedAt: now })
      .where(and(
        eq(patientInvitations.clinicId, input.clinicId),
        eq(patientInvitations.patientId, patient.id),
        stillOpen,
      ))
      .returning({ id: patientInvitations.id });
    const [row] = await tx.insert(patientInvitations).values({
      clinicId: input.clinicId,
      patientId: patient.id,
      email,
      tokenHash: await sha256Base64url(token),
      invitedBy: input.actorId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + PATIENT_INVITATION_TTL_MS),
    }).returning(invitationColumns);
    // A patient registered without an email gets the one the clinic just used.
    if (!patient.email) {
      await tx.update(patients).set({ email, updatedAt: now })
        .where(and(eq(patients.clinicId, input.clinicId), eq(patients.id, patient.id)));
    }
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: revoked.length ? "portal.invitation_resent" : "portal.invited",
      entityType: "patient",
      entityId: patient.id,
      details: { mrn: patient.mrn, invitationId: row.id },
    });
    const letterhead = await clinicLetterhead(tx, input.clinicId, input.appUrl);
    await enqueueEmail(tx, {
      clinicId: input.clinicId,
      to: email,
      kind: "portal.invitation",
      ...patientInvitationEmail({
        clinicName: letterhead.clinicName,
        clinicLogoUrl: letterhead.clinicLogoUrl,
        patientName: patient.fullName,
        acceptUrl: patientInvitationLink(input.appUrl, token),
        expiresAt: row.expiresAt,
        timeZone: await clinicTimeZone(tx, input.clinicId),
      }),
    });
    return row;
  });
  return { invitation, token };
}

export interface PortalAccessState {
  /** The patient's portal account, once an invitation was accepted. */
  account: { email: string; createdAt: Date; lastLoginAt: Date | null } | null;
  /** The invitation waiting to be accepted (possibly expired). */
  open: PatientInvitation | null;
  /** Where a new invitation goes unless the inviter says otherwise. */
  email: string | null;
}

/** What the patient record shows about portal access. */
export async function portalAccessState(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<PortalAccessState> {
  const patient = await clinicPatient(db, clinicId, patientId);
  const [account] = await db.select({
    email: patientAccounts.email,
    createdAt: patientAccounts.createdAt,
    lastLoginAt: patientAccounts.lastLoginAt,
  }).from(patientAccounts).where(
    and(eq(patientAccounts.clinicId, clinicId), eq(patientAccounts.patientId, patient.id)),
  );
  const [open] = await db.select(invitationColumns).from(patientInvitations)
    .where(and(
      eq(patientInvitations.clinicId, clinicId),
      eq(patientInvitations.patientId, patient.id),
      stillOpen,
    ))
    .orderBy(desc(patientInvitations.createdAt)).limit(1);
  return { account: account ?? null, open: open ?? null, email: patient.email };
}

const linkInvalid = () =>
  new AppError(
    404,
    "INVITATION_INVALID",
    "This invitation link is not valid. It may have been replaced by a newer one; ask the clinic to send it again.",
  );

/** The invitation a link names, still open; a 4xx naming why a link no longer works. */
export async function openInvitationByToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<PatientInvitation> {
  if (!TOKEN_SHAPE.test(token)) throw linkInvalid();
  const [row] = await db.select(invitationColumns).from(patientInvitations)
    .where(eq(patientInvitations.tokenHash, await sha256Base64url(token)));
  if (!row) throw linkInvalid();
  if (row.acceptedAt) {
    throw new AppError(
      410,
      "INVITATION_USED",
      "This invitation has already been used. Sign in to the patient portal with your email and password.",
    );
  }
  if (row.revokedAt) {
    throw new AppError(
      410,
      "INVITATION_REVOKED",
      "The clinic has sent you a newer invitation; use the link in the latest email.",
    );
  }
  if (row.expiresAt <= now) {
    throw new AppError(
      410,
      "INVITATION_EXPIRED",
      "This invitation has expired. Ask the clinic to send you a new one.",
    );
  }
  return row;
}
