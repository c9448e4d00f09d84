/**
 * Staff invitations (release notes, "Onboarding & Invitations" and "Role
 * Templates"): an admin invites an address with a role; whoever opens the
 * link sets up their account, or confirms an existing one, and joins the
 * clinic following that role's template.
 *
 * The link carries 32 random bytes; only their SHA-256 is stored, so the
 * table cannot be used to forge a link. Resending replaces the hash, which
 * is what makes the old link stop working. Given the app's address, the
 * link is also emailed through the outbox, in the transaction that creates
 * it; it is still shown to the inviter, who may pass it on themselves.
 */
import { and, asc, desc, eq, gt, isNull, ne } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicMembers, clinics, staffInvitations, users } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, badRequest, notFound, unauthorized } from "../errors.ts";
import { findAccountByEmail, normaliseEmail } from "../auth/accounts.ts";
import { hashPassword, verifyPassword } from "../auth/passwords.ts";
import { hashRefreshToken as sha256Base64url } from "../auth/sessions.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { publishAccessChange } from "../events/publish.ts";
import { staffInvitationEmail } from "../email/templates.ts";
import { isUuid } from "../ids.ts";
import { type AssignableRole, isAssignableRole } from "./members.ts";
import { clinicLogoUrl } from "../clinic-branding/logo-url.ts";

export const INVITATION_TTL_MS = 7 * 86_400_000;
export const MIN_PASSWORD_LENGTH = 10;

/** Staff are invited with an assignable role; only an approved clinic's first owner joins as owner. */
export type InvitedRole = AssignableRole | "owner";

export interface Invitation {
  id: string;
  clinicId: string;
  email: string;
  role: InvitedRole;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  /** When the current link was emailed: the invitation's creation or its latest resend. */
  lastSentAt: Date;
}

// Neither accepted nor revoked: the only invitations a link, a resend or a revoke may touch.
const stillOpen = and(isNull(staffInvitations.acceptedAt), isNull(staffInvitations.revokedAt));

const invitationColumns = {
  id: staffInvitations.id,
  clinicId: staffInvitations.clinicId,
  email: staffInvitations.email,
  role: staffInvitations.role,
  invitedBy: staffInvitations.invitedBy,
  createdAt: staffInvitations.createdAt,
  expiresAt: staffInvitations.expiresAt,
  acceptedAt: staffInvitations.acceptedAt,
  revokedAt: staffInvitations.revokedAt,
  lastSentAt: staffInvitations.lastSentAt,
};

// Same shape as a refresh token: 43 base64url characters. Patient portal invitations share it.
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A link token: 32 random bytes, base64url; only its SHA-256 is ever stored. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function invitationLink(appUrl: string, token: string): string {
  return `${appUrl}/invite/${token}`;
}

const ROLE_LABELS: Record<InvitedRole, string> = {
  owner: "Owner",
  admin: "Admin",
  doctor: "Doctor",
  nurse: "Nurse",
  reception: "Reception",
};

/** Queues the invitation email with the new link; `tx` is the transaction that made the link. */
async function emailInvitation(
  tx: Db,
  invitation: Invitation,
  input: { appUrl: string; token: string; actorId: string },
): Promise<void> {
  const [clinic] = await tx.select({
    name: clinics.name,
    timeZone: clinics.timeZone,
    logoFileId: clinics.logoFileId,
  }).from(clinics).where(eq(clinics.id, invitation.clinicId));
  const [inviter] = await tx.select({ name: users.name }).from(users)
    .where(eq(users.id, input.actorId));
  await enqueueEmail(tx, {
    clinicId: invitation.clinicId,
    to: invitation.email,
    kind: "staff.invitation",
    ...staffInvitationEmail({
      clinicName: clinic.name,
      inviterName: inviter?.name ?? null,
      roleLabel: ROLE_LABELS[invitation.role],
      acceptUrl: invitationLink(input.appUrl, input.token),
      expiresAt: invitation.expiresAt,
      timeZone: clinic.timeZone,
      clinicLogoUrl: clinicLogoUrl(input.appUrl, clinic.logoFileId),
    }),
  });
}

/** Postgres reports a unique violation as 23505; drizzle may wrap the driver's error. */
function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as never) {
    if (e.code === "23505") return true;
  }
  return false;
}

function alreadyInvited(email: string, expired: boolean): AppError {
  return new AppError(
    409,
    "ALREADY_INVITED",
    expired
      ? `The invitation to ${email} has expired. Resend it from the pending invitations to send a new link.`
      : `${email} has already been invited. Resend the invitation from the pending invitations instead.`,
  );
}

export async function inviteMember(
  db: Db,
  input: {
    clinicId: string;
    email: string;
    role: string;
    actorId: string;
    /** The app's address; when given, the invitation is emailed too. */
    appUrl?: string;
    now?: Date;
  },
): Promise<{ invitation: Invitation; token: string }> {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  if (!EMAIL_SHAPE.test(email) || email.length > 320) {
    throw badRequest(`"${input.email}" is not an email address`);
  }
  if (!isAssignableRole(input.role)) {
    throw badRequest(`Invite as one of admin, doctor, nurse or reception`);
  }
  const [member] = await db
    .select({ status: clinicMembers.status })
    .from(clinicMembers)
    .innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(and(eq(clinicMembers.clinicId, input.clinicId), eq(users.email, email)));
  if (member?.status === "active") {
    throw new AppError(409, "ALREADY_MEMBER", `${email} is already a member of this clinic`);
  }
  const [open] = await db
    .select({ expiresAt: staffInvitations.expiresAt })
    .from(staffInvitations)
    .where(and(
      eq(staffInvitations.clinicId, input.clinicId),
      eq(staffInvitations.email, email),
      stillOpen,
    ));
  if (open) throw alreadyInvited(email, open.expiresAt <= now);

  const token = newToken();
  try {
    const invitation = await db.transaction(async (tx) => {
      const [row] = await tx.insert(staffInvitations).values({
        clinicId: input.clinicId,
        email,
        role: input.role as AssignableRole,
        tokenHash: await sha256Base64url(token),
        invitedBy: input.actorId,
        createdAt: now,
        lastSentAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      }).returning(invitationColumns);
      await recordActivity(tx, {
        clinicId: input.clinicId,
        actorId: input.actorId,
        action: "staff.invited",
        entityType: "staff_invitation",
        entityId: row.id,
        details: { email, role: input.role },
      });
      if (input.appUrl) await emailInvitation(tx, row, { ...input, appUrl: input.appUrl, token });
      return row;
    });
    return { invitation, token };
  } catch (error) {
    // A concurrent invitation to the same address won the unique index.
    if (isUniqueViolation(error)) throw alreadyInvited(email, false);
    throw error;
  }
}

/**
 * The first owner's invitation for a clinic a superadmin just approved, in
 * the approval's transaction. No email here: the approval sends its own,
 * with the link; a resend later goes out like any staff invitation.
 */
export async function createOwnerInvitation(
  tx: Db,
  input: { clinicId: string; email: string; actorId: string; now: Date },
): Promise<{ invitation: Invitation; token: string }> {
  const token = newToken();
  const [invitation] = await tx.insert(staffInvitations).values({
    clinicId: input.clinicId,
    email: normaliseEmail(input.email),
    role: "owner",
    tokenHash: await sha256Base64url(token),
    invitedBy: input.actorId,
    createdAt: input.now,
    lastSentAt: input.now,
    expiresAt: new Date(input.now.getTime() + INVITATION_TTL_MS),
  }).returning(invitationColumns);
  return { invitation, token };
}

/** Pending invitations, newest first, including expired ones (they can be resent). */
export async function listOpenInvitations(db: Db, clinicId: string): Promise<Invitation[]> {
  return await db
    .select(invitationColumns)
    .from(staffInvitations)
    .where(and(
      eq(staffInvitations.clinicId, clinicId),
      stillOpen,
    ))
    .orderBy(desc(staffInvitations.createdAt), asc(staffInvitations.email));
}

async function openInvitation(db: Db, clinicId: string, invitationId: string) {
  if (!isUuid(invitationId)) throw notFound("Invitation not found");
  const [row] = await db
    .select(invitationColumns)
    .from(staffInvitations)
    .where(and(
      eq(staffInvitations.clinicId, clinicId),
      eq(staffInvitations.id, invitationId),
      stillOpen,
    ));
  if (!row) throw notFound("Invitation not found");
  return row;
}

/** A new link valid for another seven days; the previous link stops working. */
export async function resendInvitation(
  db: Db,
  input: {
    clinicId: string;
    invitationId: string;
    actorId: string;
    /** The app's address; when given, the new link is emailed too. */
    appUrl?: string;
    now?: Date;
  },
): Promise<{ invitation: Invitation; token: string }> {
  const now = input.now ?? new Date();
  const current = await openInvitation(db, input.clinicId, input.invitationId);
  const token = newToken();
  const invitation = await db.transaction(async (tx) => {
    const [row] = await tx.update(staffInvitations)
      .set({
        tokenHash: await sha256Base64url(token),
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        lastSentAt: now,
      })
      .where(and(
        eq(staffInvitations.id, current.id),
        stillOpen,
      ))
      .returning(invitationColumns);
    if (!row) throw notFound("Invitation not found");
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "staff.invitation_resent",
      entityType: "staff_invitation",
      entityId: row.id,
      details: { email: row.email, role: row.role },
    });
    if (input.appUrl) await emailInvitation(tx, row, { ...input, appUrl: input.appUrl, token });
    return row;
  });
  return { invitation, token };
}

export async function revokeInvitation(
  db: Db,
  input: { clinicId: string; invitationId: string; actorId: string; now?: Date },
): Promise<Invitation> {
  const now = input.now ?? new Date();
  const current = await openInvitation(db, input.clinicId, input.invitationId);
  return await db.transaction(async (tx) => {
    const [row] = await tx.update(staffInvitations)
      .set({ revokedAt: now })
      .where(and(
        eq(staffInvitations.id, current.id),
        stillOpen,
      ))
      .returning(invitationColumns);
    if (!row) throw notFound("Invitation not found");
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "staff.invitation_revoked",
      entityType: "staff_invitation",
      entityId: row.id,
      details: { email: row.email },
    });
    return row;
  });
}

export interface InvitationPreview {
  invitation: Invitation;
  clinicName: string;
  /** The address already has an OdontoX account: accepting asks for its password. */
  hasAccount: boolean;
}

const linkInvalid = () =>
  new AppError(
    404,
    "INVITATION_INVALID",
    "This invitation link is not valid. It may have been replaced by a newer one; ask the clinic to resend it.",
  );

/** What the invite page shows; throws a 4xx naming why a link no longer works. */
export async function previewInvitation(
  db: Db,
  token: string,
  now = new Date(),
): Promise<InvitationPreview> {
  if (!TOKEN_SHAPE.test(token)) throw linkInvalid();
  const [row] = await db
    .select({ ...invitationColumns, clinicName: clinics.name })
    .from(staffInvitations)
    .innerJoin(clinics, eq(clinics.id, staffInvitations.clinicId))
    .where(eq(staffInvitations.tokenHash, await sha256Base64url(token)));
  if (!row) throw linkInvalid();
  const { clinicName, ...invitation } = row;
  if (invitation.acceptedAt) {
    throw new AppError(
      410,
      "INVITATION_USED",
      "This invitation has already been accepted. Sign in with your email and password.",
    );
  }
  if (invitation.revokedAt) {
    throw new AppError(410, "INVITATION_REVOKED", "This invitation was withdrawn by the clinic.");
  }
  if (invitation.expiresAt <= now) {
    throw new AppError(
      410,
      "INVITATION_EXPIRED",
      "This invitation has expired. Ask the clinic to send you a new one.",
    );
  }
  const account = await findAccountByEmail(db, invitation.email);
  return { invitation, clinicName, hasAccount: account !== null };
}

export interface AcceptedInvitation {
  userId: string;
  clinicId: string;
  email: string;
  createdAccount: boolean;
}

/**
 * Joins the clinic with the invited role and no override, so the member
 * follows the role's template. A new address gets an account with `name`
 * and `password`; an existing account must prove itself with its password
 * (the caller rate-limits those attempts like sign-ins).
 */
export async function acceptInvitation(
  db: Db,
  input: { token: string; name?: string; password: string; now?: Date },
): Promise<AcceptedInvitation> {
  const now = input.now ?? new Date();
  const { invitation } = await previewInvitation(db, input.token, now);
  const account = await findAccountByEmail(db, invitation.email);
  let passwordHash: string | null = null;
  if (account) {
    if (account.isSuperadmin) {
      throw new AppError(
        409,
        "PLATFORM_ACCOUNT",
        "This address belongs to a platform administrator and cannot join a clinic",
      );
    }
    if (!(await verifyPassword(input.password, account.passwordHash))) {
      throw unauthorized(
        "INVALID_CREDENTIALS",
        "That is not the password of your existing OdontoX account",
      );
    }
  } else {
    const name = input.name?.trim() ?? "";
    if (name.length < 1 || name.length > 200) throw badRequest("Enter your name");
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw badRequest(`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    passwordHash = await hashPassword(input.password);
  }

  return await db.transaction(async (tx) => {
    // Claiming the row first makes a double submit (or a concurrent revoke) lose cleanly.
    const [claimed] = await tx.update(staffInvitations)
      .set({ acceptedAt: now })
      .where(and(
        eq(staffInvitations.id, invitation.id),
        stillOpen,
        gt(staffInvitations.expiresAt, now),
      ))
      .returning({ id: staffInvitations.id });
    if (!claimed) {
      throw new AppError(410, "INVITATION_USED", "This invitation is no longer open");
    }
    let userId = account?.id;
    if (!userId) {
      const [created] = await tx.insert(users).values({
        email: invitation.email,
        name: input.name!.trim(),
        passwordHash: passwordHash!,
      }).returning({ id: users.id });
      userId = created.id;
    }
    // A former member (deactivated) comes back with the invited role and the
    // template; someone who became an active member meanwhile is left as they are.
    await tx.insert(clinicMembers).values({
      clinicId: invitation.clinicId,
      userId,
      role: invitation.role,
      status: "active",
    }).onConflictDoUpdate({
      target: [clinicMembers.clinicId, clinicMembers.userId],
      set: {
        role: invitation.role,
        status: "active",
        permissionsOverride: null,
        permissionsOverrideBy: null,
        updatedAt: now,
      },
      setWhere: ne(clinicMembers.status, "active"),
    });
    await publishAccessChange(tx, { userId, clinicId: invitation.clinicId });
    await recordActivity(tx, {
      clinicId: invitation.clinicId,
      actorId: userId,
      action: "staff.invitation_accepted",
      entityType: "staff_invitation",
      entityId: invitation.id,
      details: { email: invitation.email, role: invitation.role, newAccount: !account },
    });
    return {
      userId,
      clinicId: invitation.clinicId,
      email: invitation.email,
      createdAccount: !account,
    };
  });
}

export interface PlatformInvitation extends Invitation {
  clinicName: string;
}

/** Pending invitations across every clinic, for the superadmin's User Management (release notes). */
export async function listPlatformInvitations(db: Db): Promise<PlatformInvitation[]> {
  return await db
    .select({ ...invitationColumns, clinicName: clinics.name })
    .from(staffInvitations)
    .innerJoin(clinics, eq(clinics.id, staffInvitations.clinicId))
    .where(stillOpen)
    .orderBy(desc(staffInvitations.createdAt));
}
