/**
 * The clinic's external labs (Settings → Lab): who to send work to, how to
 * reach them, and how many working days each kind of work takes. The phone
 * number is sealed like every phone number; it is opened only for members
 * who may see the lab list.
 */
import { isUniqueViolation } from "../db/errors.ts";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { activityLog, labs } from "../db/schema.ts";
import { AppError, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { decryptPhi, encryptPhi } from "../crypto/phi.ts";
import { normalisePhone } from "../phones.ts";
import { LAB_CASE_TYPES, type LabCaseType } from "./statuses.ts";

export interface Lab {
  id: string;
  name: string;
  contactPerson: string | null;
  /** E.164. */
  phone: string | null;
  email: string | null;
  defaultTurnaroundDays: number;
  turnaroundByType: Partial<Record<LabCaseType, number>>;
  notes: string | null;
  active: boolean;
}

const days = z.number({ message: "Turnaround is a number of working days" }).int()
  .min(1, "Turnaround is at least 1 working day").max(90, "Turnaround is at most 90 working days");

const optionalText = (max: number) =>
  z.string().trim().max(max).nullable().optional().transform((value) => value || null);

export const labInput = z.object({
  name: z.string().trim().min(1, "Name the lab").max(120),
  contactPerson: optionalText(120),
  phone: optionalText(40),
  email: z.string().trim().max(254).nullable().optional()
    .transform((value) => value || null)
    .refine((value) => value === null || z.email().safeParse(value).success, {
      message: "Not an email address",
    }),
  defaultTurnaroundDays: days,
  turnaroundByType: z.partialRecord(z.enum(LAB_CASE_TYPES), days).optional().default({}),
  notes: optionalText(2000),
  active: z.boolean().optional().default(true),
}).strict();
export type LabInput = z.output<typeof labInput>;

type LabRow = typeof labs.$inferSelect;

async function openLab(secret: string, row: LabRow): Promise<Lab> {
  return {
    id: row.id,
    name: row.name,
    contactPerson: row.contactPerson,
    phone: row.phoneEnc ? await decryptPhi(secret, row.phoneEnc) : null,
    email: row.email,
    defaultTurnaroundDays: row.defaultTurnaroundDays,
    turnaroundByType: row.turnaroundByType,
    notes: row.notes,
    active: row.active,
  };
}

export async function listLabs(db: Db, secret: string, clinicId: string): Promise<Lab[]> {
  const rows = await db.select().from(labs).where(eq(labs.clinicId, clinicId))
    .orderBy(asc(sql`lower(${labs.name})`));
  return await Promise.all(rows.map((row) => openLab(secret, row)));
}

/** Id and name of each lab, for pickers and filters; no sealed field is opened. */
export async function labChoices(db: Db, clinicId: string) {
  return await db.select({
    id: labs.id,
    name: labs.name,
    active: labs.active,
    defaultTurnaroundDays: labs.defaultTurnaroundDays,
    turnaroundByType: labs.turnaroundByType,
  }).from(labs).where(eq(labs.clinicId, clinicId)).orderBy(asc(sql`lower(${labs.name})`));
}

export async function getLab(db: Db, secret: string, clinicId: string, labId: string) {
  if (!isUuid(labId)) throw notFound("Lab not found");
  const [row] = await db.select().from(labs)
    .where(and(eq(labs.clinicId, clinicId), eq(labs.id, labId)));
  if (!row) throw notFound("Lab not found");
  return await openLab(secret, row);
}

/** Working days a lab takes for a kind of work: its per-type figure, else its default. */
export function turnaroundFor(
  lab: Pick<Lab, "defaultTurnaroundDays" | "turnaroundByType">,
  caseType: LabCaseType,
): number {
  return lab.turnaroundByType[caseType] ?? lab.defaultTurnaroundDays;
}

const duplicateName = (name: string) =>
  new AppError(409, "DUPLICATE", `There is already a lab named "${name}"`, { field: "name" });

export async function saveLab(
  db: Db,
  secret: string,
  input: { clinicId: string; labId?: string; values: LabInput; actorId: string },
): Promise<Lab> {
  const { values } = input;
  const phone = values.phone ? normalisePhone(values.phone, "phone") : null;
  const row = {
    name: values.name,
    contactPerson: values.contactPerson,
    phoneEnc: phone ? await encryptPhi(secret, phone) : null,
    email: values.email,
    defaultTurnaroundDays: values.defaultTurnaroundDays,
    turnaroundByType: values.turnaroundByType,
    notes: values.notes,
    active: values.active,
  };
  try {
    return await db.transaction(async (tx) => {
      let saved: LabRow | undefined;
      if (input.labId) {
        if (!isUuid(input.labId)) throw notFound("Lab not found");
        [saved] = await tx.update(labs).set({ ...row, updatedAt: new Date() })
          .where(and(eq(labs.clinicId, input.clinicId), eq(labs.id, input.labId)))
          .returning();
        if (!saved) throw notFound("Lab not found");
      } else {
        [saved] = await tx.insert(labs)
          .values({ ...row, clinicId: input.clinicId, createdBy: input.actorId })
          .returning();
      }
      await tx.insert(activityLog).values({
        clinicId: input.clinicId,
        actorUserId: input.actorId,
        action: input.labId ? "lab.lab_updated" : "lab.lab_added",
        entityType: "lab",
        entityId: saved.id,
        details: { name: saved.name },
      });
      return await openLab(secret, saved);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(values.name);
    throw error;
  }
}
