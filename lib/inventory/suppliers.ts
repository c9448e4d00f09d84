/**
 * The clinic's suppliers: who stock comes from and how to reach them (the
 * reorder list prints their contact beside each flagged item).
 */
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { activityLog, inventorySuppliers } from "../db/schema.ts";
import { AppError, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { SupplierInput } from "./schemas.ts";

export interface Supplier {
  id: string;
  name: string;
  contactPerson: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
}

const columns = {
  id: inventorySuppliers.id,
  name: inventorySuppliers.name,
  contactPerson: inventorySuppliers.contactPerson,
  phone: inventorySuppliers.phone,
  email: inventorySuppliers.email,
  notes: inventorySuppliers.notes,
};

export async function listSuppliers(db: Db, clinicId: string): Promise<Supplier[]> {
  return await db.select(columns).from(inventorySuppliers)
    .where(eq(inventorySuppliers.clinicId, clinicId))
    .orderBy(asc(sql`lower(${inventorySuppliers.name})`));
}

export async function getSupplier(db: Db, clinicId: string, id: string): Promise<Supplier> {
  if (!isUuid(id)) throw notFound("Supplier not found");
  const [row] = await db.select(columns).from(inventorySuppliers)
    .where(and(eq(inventorySuppliers.clinicId, clinicId), eq(inventorySuppliers.id, id)));
  if (!row) throw notFound("Supplier not found");
  return row;
}

async function refuseDuplicateName(db: Db, clinicId: string, name: string, except?: string) {
  const [clash] = await db.select({ id: inventorySuppliers.id }).from(inventorySuppliers)
    .where(and(
      eq(inventorySuppliers.clinicId, clinicId),
      sql`lower(${inventorySuppliers.name}) = lower(${name})`,
      except ? ne(inventorySuppliers.id, except) : undefined,
    ));
  if (clash) {
    throw new AppError(409, "DUPLICATE_SUPPLIER", `There is already a supplier named ${name}`, {
      field: "name",
    });
  }
}

export async function createSupplier(
  db: Db,
  input: { clinicId: string; actorId: string; fields: SupplierInput },
): Promise<Supplier> {
  return await db.transaction(async (tx) => {
    await refuseDuplicateName(tx, input.clinicId, input.fields.name);
    const [row] = await tx.insert(inventorySuppliers)
      .values({ clinicId: input.clinicId, ...input.fields })
      .returning(columns);
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: "inventory.supplier_created",
      entityType: "inventory_supplier",
      entityId: row.id,
      details: { name: row.name },
    });
    return row;
  });
}

export async function updateSupplier(
  db: Db,
  input: { clinicId: string; supplierId: string; actorId: string; fields: SupplierInput },
): Promise<Supplier> {
  await getSupplier(db, input.clinicId, input.supplierId);
  return await db.transaction(async (tx) => {
    await refuseDuplicateName(tx, input.clinicId, input.fields.name, input.supplierId);
    const [row] = await tx.update(inventorySuppliers)
      .set({ ...input.fields, updatedAt: new Date() })
      .where(and(
        eq(inventorySuppliers.clinicId, input.clinicId),
        eq(inventorySuppliers.id, input.supplierId),
      ))
      .returning(columns);
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: "inventory.supplier_updated",
      entityType: "inventory_supplier",
      entityId: row.id,
      details: { name: row.name },
    });
    return row;
  });
}
