/**
 * What the new-invoice form offers: the clinic's patients and doctors, its catalog, and for the
 * chosen patient the treatment plan items (planned or done) and appointments to bill.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  appointments,
  clinicMembers,
  patients,
  treatmentPlanItems,
  treatmentPlanOptions,
  treatmentPlanPhases,
  treatmentPlans,
  treatmentServices,
  users,
} from "../db/schema.ts";
import { isUuid } from "../ids.ts";
import { localDateOf } from "../time/zoned.ts";

export interface Choice {
  value: string;
  label: string;
  /** Default unit price in paisa, when the source has one. */
  priceMinor?: number | null;
}

export interface InvoiceFormOptions {
  patients: Choice[];
  doctors: Choice[];
  /** `service:<id>`, `plan_item:<id>`, `appointment:<id>`, grouped for the line selects. */
  sources: { group: string; choices: Choice[] }[];
  patientId: string | null;
}

export async function invoiceFormOptions(
  db: Db,
  clinicId: string,
  patientId: string | undefined,
  timeZone: string,
): Promise<InvoiceFormOptions> {
  const [patientRows, doctorRows, services] = await Promise.all([
    db.select({ id: patients.id, name: patients.fullName, mrn: patients.mrn }).from(patients)
      .where(eq(patients.clinicId, clinicId)).orderBy(asc(patients.fullName)).limit(500),
    db.select({ id: users.id, name: users.name }).from(clinicMembers)
      .innerJoin(users, eq(users.id, clinicMembers.userId))
      .where(and(
        eq(clinicMembers.clinicId, clinicId),
        eq(clinicMembers.status, "active"),
        inArray(clinicMembers.role, ["doctor", "owner"]),
      )).orderBy(asc(users.name)),
    db.select().from(treatmentServices)
      .where(and(eq(treatmentServices.clinicId, clinicId), eq(treatmentServices.active, true)))
      .orderBy(asc(treatmentServices.category), asc(treatmentServices.name)),
  ]);
  const chosen = isUuid(patientId) && patientRows.some((p) => p.id === patientId)
    ? patientId
    : null;
  const sources: InvoiceFormOptions["sources"] = [];
  if (chosen) {
    const items = await db.select({
      id: treatmentPlanItems.id,
      name: treatmentPlanItems.name,
      tooth: treatmentPlanItems.tooth,
      status: treatmentPlanItems.status,
      price: treatmentPlanItems.unitPriceMinor,
      plan: treatmentPlans.title,
    }).from(treatmentPlanItems)
      .innerJoin(treatmentPlanPhases, eq(treatmentPlanPhases.id, treatmentPlanItems.phaseId))
      .innerJoin(treatmentPlanOptions, eq(treatmentPlanOptions.id, treatmentPlanPhases.optionId))
      .innerJoin(treatmentPlans, eq(treatmentPlans.id, treatmentPlanOptions.planId))
      .where(and(
        eq(treatmentPlanItems.clinicId, clinicId),
        eq(treatmentPlans.patientId, chosen),
        inArray(treatmentPlanItems.status, ["planned", "done", "completed", "in_progress"]),
      ))
      .orderBy(asc(treatmentPlans.title), asc(treatmentPlanItems.position));
    if (items.length) {
      sources.push({
        group: "Treatment plan items",
        choices: items.map((item) => ({
          value: `plan_item:${item.id}`,
          label: `${item.name}${
            item.tooth ? ` (tooth ${item.tooth})` : ""
          } · ${item.status} · ${item.plan}`,
          priceMinor: item.price,
        })),
      });
    }
    const visits = await db.select({
      id: appointments.id,
      type: appointments.type,
      startsAt: appointments.startsAt,
    }).from(appointments)
      .where(and(eq(appointments.clinicId, clinicId), eq(appointments.patientId, chosen)))
      .orderBy(desc(appointments.startsAt)).limit(20);
    if (visits.length) {
      sources.push({
        group: "Appointments",
        choices: visits.map((visit) => ({
          value: `appointment:${visit.id}`,
          label: `${visit.type} · ${localDateOf(visit.startsAt, timeZone)}`,
        })),
      });
    }
  }
  sources.push({
    group: "Service catalog",
    choices: services.map((service) => ({
      value: `service:${service.id}`,
      label: `${service.name} (${service.code})`,
      priceMinor: service.defaultPriceMinor,
    })),
  });
  return {
    patients: patientRows.map((p) => ({ value: p.id, label: `${p.name} · ${p.mrn}` })),
    doctors: doctorRows.map((d) => ({ value: d.id, label: d.name })),
    sources,
    patientId: chosen,
  };
}
