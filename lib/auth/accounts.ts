/** Staff accounts and the clinic a session acts for. */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicMembers, clinics, type StaffRole, users } from "../db/schema.ts";

export interface Account {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  isSuperadmin: boolean;
  lastLoginAt: Date | null;
}

export interface Membership {
  clinicId: string;
  clinicName: string;
  clinicSlug: string;
  timeZone: string;
  planId: string;
  role: StaffRole;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findAccountByEmail(db: Db, email: string): Promise<Account | null> {
  const [row] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)))
    .limit(1);
  return row ?? null;
}

export async function findAccountById(db: Db, id: string): Promise<Account | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

/** Active memberships of a user, with the clinic fields a session needs. */
function activeMemberships(db: Db, userId: string, clinicId?: string) {
  return db
    .select({
      clinicId: clinics.id,
      clinicName: clinics.name,
      clinicSlug: clinics.slug,
      timeZone: clinics.timeZone,
      planId: clinics.planId,
      role: clinicMembers.role,
    })
    .from(clinicMembers)
    .innerJoin(clinics, eq(clinics.id, clinicMembers.clinicId))
    .where(
      and(
        eq(clinicMembers.userId, userId),
        eq(clinicMembers.status, "active"),
        clinicId ? eq(clinicMembers.clinicId, clinicId) : undefined,
      ),
    );
}

/** The active membership a new session acts under: the user's oldest one. */
export async function primaryMembership(db: Db, userId: string): Promise<Membership | null> {
  const [row] = await activeMemberships(db, userId).orderBy(asc(clinicMembers.createdAt)).limit(1);
  return row ?? null;
}

export async function membershipIn(
  db: Db,
  userId: string,
  clinicId: string,
): Promise<Membership | null> {
  const [row] = await activeMemberships(db, userId, clinicId).limit(1);
  return row ?? null;
}
