/**
 * A clinic's operatories (treatment rooms). Names are unique in the clinic,
 * whatever their case; an inactive operatory keeps its appointments but
 * takes no new ones.
 */
import { isUniqueViolation } from "../db/errors.ts";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedPerDatabase } from "../db/prepared.ts";
import { operatories } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";

export interface Operatory {
  id: string;
  name: string;
  active: boolean;
}

const columns = { id: operatories.id, name: operatories.name, active: operatories.active };

/** Read on every dashboard and calendar page, so planned once per database. */
const operatoriesOfClinic = preparedPerDatabase((db) =>
  db.select(columns).from(operatories)
    .where(eq(operatories.clinicId, sql.placeholder("clinicId")))
    .orderBy(sql`lower(${operatories.name})`, asc(operatories.createdAt))
    .prepare("operatories_of_clinic")
);

export async function listOperatories(db: Db, clinicId: string): Promise<Operatory[]> {
  return await operatoriesOfClinic(db).execute({ clinicId });
}

export async function getOperatory(
  db: Db,
  clinicId: string,
  operatoryId: string,
): Promise<Operatory> {
  if (!isUuid(operatoryId)) throw notFound("Operatory not found");
  const [row] = await db.select(columns).from(operatories)
    .where(and(eq(operatories.clinicId, clinicId), eq(operatories.id, operatoryId)));
  if (!row) throw notFound("Operatory not found");
  return row;
}

const taken = (name: string) =>
  new AppError(409, "DUPLICATE", `There is already an operatory named "${name}"`);

export async function createOperatory(
  db: Db,
  input: { clinicId: string; name: string; actorId: string },
): Promise<Operatory> {
  return await db.transaction(async (tx) => {
    const [row] = await tx.insert(operatories)
      .values({ clinicId: input.clinicId, name: input.name })
      .onConflictDoNothing()
      .returning(columns);
    if (!row) throw taken(input.name);
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "appointments.operatory_created",
      entityType: "operatory",
      entityId: row.id,
      details: { name: row.name },
    });
    return row;
  });
}

/** Renames an operatory, or takes it out of (or back into) use. */
export async function updateOperatory(
  db: Db,
  input: {
    clinicId: string;
    operatoryId: string;
    name?: string;
    active?: boolean;
    actorId: string;
  },
): Promise<Operatory> {
  const current = await getOperatory(db, input.clinicId, input.operatoryId);
  const changes: Partial<Operatory> = {};
  if (input.name !== undefined && input.name !== current.name) changes.name = input.name;
  if (input.active !== undefined && input.active !== current.active) changes.active = input.active;
  if (Object.keys(changes).length === 0) return current;
  return await db.transaction(async (tx) => {
    if (changes.name !== undefined) {
      const [clash] = await tx.select({ id: operatories.id }).from(operatories).where(and(
        eq(operatories.clinicId, input.clinicId),
        sql`lower(${operatories.name}) = lower(${changes.name})`,
        sql`${operatories.id} <> ${current.id}`,
      ));
      if (clash) throw taken(changes.name);
    }
    const [row] = await tx.update(operatories)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(operatories.id, current.id))
      .returning(columns)
      .catch((error) => {
        // A concurrent rename to the same name won the unique index.
        throw changes.name !== undefined && isUniqueViolation(error) ? taken(changes.name) : error;
      });
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "appointments.operatory_updated",
      entityType: "operatory",
      entityId: current.id,
      details: {
        from: Object.fromEntries(
          Object.keys(changes).map((k) => [k, current[k as keyof Operatory]]),
        ),
        to: changes,
      },
    });
    return row;
  });
}
