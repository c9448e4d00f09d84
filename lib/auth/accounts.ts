/** Staff accounts and the clinic a session acts for. */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedPerDatabase } from "../db/prepared.ts";
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

const accountById = preparedPerDatabase((db) =>
  db.select().from(users).where(eq(users.id, sql.placeholder("id"))).limit(1)
    .prepare("account_by_id")
);

/** Every refresh of a session asks; prepared once per database. */
export async function findAccountById(db: Db, id: string): Promise<Account | null> {
  const [row] = await accountById(db).execute({ id });
  return row ?? null;
}

/** The clinic fields a session needs, with the member's role. */
function membershipColumns() {
  return {
    clinicId: clinics.id,
    clinicName: clinics.name,
    clinicSlug: clinics.slug,
    timeZone: clinics.timeZone,
    planId: clinics.planId,
    role: clinicMembers.role,
  };
}

/** The active membership a new session acts under: the user's oldest one. */
export async function primaryMembership(db: Db, userId: string): Promise<Membership | null> {
  const [row] = await db.select(membershipColumns())
    .from(clinicMembers)
    .innerJoin(clinics, eq(clinics.id, clinicMembers.clinicId))
    .where(and(eq(clinicMembers.userId, userId), eq(clinicMembers.status, "active")))
    .orderBy(asc(clinicMembers.createdAt))
    .limit(1);
  return row ?? null;
}

const activeMembershipIn = preparedPerDatabase((db) =>
  db.select(membershipColumns())
    .from(clinicMembers)
    .innerJoin(clinics, eq(clinics.id, clinicMembers.clinicId))
    .where(
      and(
        eq(clinicMembers.userId, sql.placeholder("userId")),
        eq(clinicMembers.clinicId, sql.placeholder("clinicId")),
        eq(clinicMembers.status, "active"),
      ),
    )
    .limit(1)
    .prepare("active_membership_in")
);

/** Every refresh of a session asks; prepared once per database. */
export async function membershipIn(
  db: Db,
  userId: string,
  clinicId: string,
): Promise<Membership | null> {
  const [row] = await activeMembershipIn(db).execute({ userId, clinicId });
  return row ?? null;
}
