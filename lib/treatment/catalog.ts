/**
 * The clinic's service catalog: what it offers, at what default price and duration, and whether
 * a service is charged per tooth. Archiving (active = false) hides a service from new plans while
 * plans that use it keep it.
 */
import { and, asc, eq, ilike, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { activityLog, treatmentServices } from "../db/schema.ts";
import { AppError, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { SERVICE_CATEGORIES, type ServiceCategory } from "./categories.ts";

export type Service = typeof treatmentServices.$inferSelect & { category: ServiceCategory };

/** The largest price a service may carry: PKR 1 billion, far beyond any dental fee. */
export const MAX_PRICE_MINOR = 100_000_000_000;

/** A service as the API and the CSV import take it. */
export const serviceInput = z.object({
  code: z.string().trim().toUpperCase().regex(
    /^[A-Z0-9][A-Z0-9-]{0,19}$/,
    "Code: up to 20 letters, digits or dashes",
  ),
  name: z.string().trim().min(1, "Name is required").max(120, "Name: at most 120 characters"),
  category: z.enum(SERVICE_CATEGORIES, {
    message: `Category is one of ${SERVICE_CATEGORIES.join(", ")}`,
  }),
  defaultPriceMinor: z.number({ message: "Price must be a number of paisa" }).int()
    .min(0, "Price cannot be negative").max(MAX_PRICE_MINOR, "Price is too large"),
  defaultDurationMinutes: z.number({ message: "Duration must be a number of minutes" }).int()
    .min(5, "Duration: at least 5 minutes").max(600, "Duration: at most 600 minutes"),
  perTooth: z.boolean().default(false),
  active: z.boolean().default(true),
}).strict();
export type ServiceInput = z.output<typeof serviceInput>;

export interface ServiceFilter {
  search?: string;
  category?: string;
  /** Archived services too (the settings list); plans pick from active ones only. */
  includeArchived?: boolean;
}

export async function listServices(
  db: Db,
  clinicId: string,
  filter: ServiceFilter = {},
): Promise<Service[]> {
  const conditions: (SQL | undefined)[] = [eq(treatmentServices.clinicId, clinicId)];
  if (!filter.includeArchived) conditions.push(eq(treatmentServices.active, true));
  if (filter.category) conditions.push(eq(treatmentServices.category, filter.category));
  const search = filter.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    conditions.push(
      or(ilike(treatmentServices.name, pattern), ilike(treatmentServices.code, pattern)),
    );
  }
  return await db.select().from(treatmentServices).where(and(...conditions))
    .orderBy(asc(treatmentServices.category), asc(treatmentServices.name)) as Service[];
}

export async function getService(db: Db, clinicId: string, serviceId: string): Promise<Service> {
  if (!isUuid(serviceId)) throw notFound("Service not found");
  const [row] = await db.select().from(treatmentServices).where(and(
    eq(treatmentServices.clinicId, clinicId),
    eq(treatmentServices.id, serviceId),
  ));
  if (!row) throw notFound("Service not found");
  return row as Service;
}

function duplicateCode(code: string) {
  return new AppError(409, "DUPLICATE_CODE", `Another service already has the code ${code}`, {
    field: "code",
  });
}

async function codeTaken(db: Db, clinicId: string, code: string, exceptId?: string) {
  const [row] = await db.select({ id: treatmentServices.id }).from(treatmentServices)
    .where(and(eq(treatmentServices.clinicId, clinicId), eq(treatmentServices.code, code)));
  return !!row && row.id !== exceptId;
}

export async function createService(
  db: Db,
  input: { clinicId: string; actorId: string; service: ServiceInput },
): Promise<Service> {
  if (await codeTaken(db, input.clinicId, input.service.code)) {
    throw duplicateCode(input.service.code);
  }
  return await db.transaction(async (tx) => {
    const [row] = await tx.insert(treatmentServices)
      .values({ clinicId: input.clinicId, ...input.service })
      .returning();
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: "treatment.service_created",
      entityType: "treatment_service",
      entityId: row.id,
      details: { code: row.code, priceMinor: row.defaultPriceMinor },
    });
    return row as Service;
  });
}

export async function updateService(
  db: Db,
  input: { clinicId: string; actorId: string; serviceId: string; service: ServiceInput },
): Promise<Service> {
  const current = await getService(db, input.clinicId, input.serviceId);
  if (await codeTaken(db, input.clinicId, input.service.code, current.id)) {
    throw duplicateCode(input.service.code);
  }
  return await db.transaction(async (tx) => {
    const [row] = await tx.update(treatmentServices)
      .set({ ...input.service, updatedAt: new Date() })
      .where(eq(treatmentServices.id, current.id))
      .returning();
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: "treatment.service_updated",
      entityType: "treatment_service",
      entityId: row.id,
      details: { code: row.code, priceMinor: row.defaultPriceMinor, active: row.active },
    });
    return row as Service;
  });
}
