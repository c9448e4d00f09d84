/**
 * Accepting a portal invitation: whoever holds the link chooses a password
 * and completes the record (date of birth, gender, phone; the WhatsApp
 * number when the clinic has WhatsApp), prefilled with what the clinic has.
 * Claiming the invitation, filling the record and creating (or, for a
 * patient invited again, re-keying) the account are one transaction.
 */
import { and, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { clinics } from "../db/schema.ts";
import { patientAccounts, patientInvitations } from "../db/schema/portal.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError } from "../errors.ts";
import { hashPassword } from "../auth/passwords.ts";
import { MIN_PASSWORD_LENGTH } from "../staff/invitations.ts";
import { openInvitationByToken, type PatientInvitation, stillOpen } from "./invitations.ts";
import {
  clinicHasWhatsapp,
  type DetailChanges,
  detailFields,
  type OwnDetails,
  readOwnDetails,
  writeOwnDetails,
} from "./patient-details.ts";
import { endAccountSessions } from "./sessions.ts";

export { MIN_PASSWORD_LENGTH };

const LINK_PROBLEM_CODES = new Set([
  "INVITATION_EXPIRED",
  "INVITATION_REVOKED",
  "INVITATION_USED",
  "INVITATION_INVALID",
]);

/** A link that no longer works; its page says why instead of showing the form. */
export function isPatientLinkProblem(error: unknown): error is AppError {
  return error instanceof AppError && LINK_PROBLEM_CODES.has(error.code);
}

export interface PatientInvitationPreview {
  invitation: PatientInvitation;
  clinicName: string;
  /** The clinic has WhatsApp: the form asks for the WhatsApp number too. */
  whatsapp: boolean;
  /** What the clinic already has, to prefill the form. */
  details: OwnDetails;
  /** The patient accepted an invitation before: this one sets a new password. */
  hasAccount: boolean;
}

export async function previewPatientInvitation(
  db: Db,
  secret: string,
  token: string,
  now = new Date(),
): Promise<PatientInvitationPreview> {
  const invitation = await openInvitationByToken(db, token, now);
  const [clinic] = await db.select({ name: clinics.name }).from(clinics)
    .where(eq(clinics.id, invitation.clinicId));
  const whatsapp = await clinicHasWhatsapp(db, invitation.clinicId);
  const details = await readOwnDetails(db, secret, invitation, { whatsapp });
  const [account] = await db.select({ id: patientAccounts.id }).from(patientAccounts)
    .where(eq(patientAccounts.patientId, invitation.patientId));
  return { invitation, clinicName: clinic.name, whatsapp, details, hasAccount: !!account };
}

export interface AcceptanceInput {
  password: string;
  details: DetailChanges;
}

const tooShort = `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters`;

/** The acceptance form, every field checked at once so each wrong one is named. */
export function acceptanceForm(options: { whatsapp: boolean }) {
  return z.record(z.string(), z.string()).transform((values, ctx): AcceptanceInput => {
    const password = (values.password ?? "").slice(0, 1024);
    if (password.length < MIN_PASSWORD_LENGTH) {
      ctx.addIssue({ code: "custom", message: tooShort, path: ["password"] });
    } else if (password !== (values.confirm ?? "").slice(0, 1024)) {
      ctx.addIssue({
        code: "custom",
        message: "The two passwords do not match",
        path: ["confirm"],
      });
    }
    const details = detailFields(values, { ...options, address: false }, ctx);
    return { password, details: details! };
  });
}

export interface AcceptedPatientInvitation {
  accountId: string;
  clinicId: string;
  patientId: string;
  email: string;
}

export async function acceptPatientInvitation(
  deps: { db: Db; kv: Deno.Kv },
  input: { token: string; secret: string; accepted: AcceptanceInput; now?: Date },
): Promise<AcceptedPatientInvitation> {
  const { db, kv } = deps;
  const now = input.now ?? new Date();
  const invitation = await openInvitationByToken(db, input.token, now);
  const passwordHash = await hashPassword(input.accepted.password);
  const result = await db.transaction(async (tx) => {
    // Claiming the row first makes a double submit (or a newer invitation) lose cleanly.
    const [claimed] = await tx.update(patientInvitations).set({ acceptedAt: now })
      .where(and(
        eq(patientInvitations.id, invitation.id),
        stillOpen,
        gt(patientInvitations.expiresAt, now),
      ))
      .returning({ id: patientInvitations.id });
    if (!claimed) {
      throw new AppError(410, "INVITATION_USED", "This invitation is no longer open");
    }
    const fields = await writeOwnDetails(tx, input.secret, {
      clinicId: invitation.clinicId,
      patientId: invitation.patientId,
      changes: input.accepted.details,
      email: invitation.email,
      via: "invitation",
      now,
    });
    const [previous] = await tx.select({ id: patientAccounts.id }).from(patientAccounts)
      .where(eq(patientAccounts.patientId, invitation.patientId));
    const [account] = await tx.insert(patientAccounts).values({
      clinicId: invitation.clinicId,
      patientId: invitation.patientId,
      email: invitation.email,
      passwordHash,
    }).onConflictDoUpdate({
      target: patientAccounts.patientId,
      set: { email: invitation.email, passwordHash, updatedAt: now },
    }).returning({ id: patientAccounts.id });
    await recordActivity(tx, {
      clinicId: invitation.clinicId,
      actorId: null,
      action: "portal.invitation_accepted",
      entityType: "patient",
      entityId: invitation.patientId,
      details: { invitationId: invitation.id, newAccount: !previous, fields },
    });
    return {
      accountId: account.id,
      clinicId: invitation.clinicId,
      patientId: invitation.patientId,
      email: invitation.email,
      rekeyed: !!previous,
    };
  });
  // A new password ends the sessions opened with the old one.
  if (result.rekeyed) await endAccountSessions(kv, result.accountId);
  const { rekeyed: _, ...accepted } = result;
  return accepted;
}
