/**
 * Turns the lines a user asked for into priced invoice lines: a catalog service, a treatment
 * plan item of the same patient, an appointment of the same patient, or free text. Names and
 * prices are copied, so a later catalog or plan change never alters an invoice. Anything of
 * another clinic or another patient is "not found", like a missing row.
 */
import { and, eq, ilike } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  appointments,
  type InvoiceLineSource,
  treatmentPlanItems,
  treatmentPlanOptions,
  treatmentPlanPhases,
  treatmentPlans,
  treatmentServices,
} from "../db/schema.ts";
import { AppError, notFound } from "../errors.ts";
import type { InvoiceLineInput } from "./schemas.ts";
import { lineTotal } from "./totals.ts";

export interface ResolvedLine {
  source: InvoiceLineSource;
  serviceId: string | null;
  planItemId: string | null;
  appointmentId: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
  lineTotalMinor: number;
}

const lineProblem = (index: number, message: string) =>
  new AppError(400, "INVALID_LINE", `Line ${index + 1}: ${message}`, { field: `lines.${index}` });

async function serviceLine(tx: Db, clinicId: string, id: string) {
  const [service] = await tx.select().from(treatmentServices)
    .where(and(eq(treatmentServices.clinicId, clinicId), eq(treatmentServices.id, id)));
  if (!service) throw notFound("Service not found");
  return { description: service.name, unitPriceMinor: service.defaultPriceMinor, serviceId: id };
}

async function planItemLine(tx: Db, clinicId: string, patientId: string, id: string) {
  const [item] = await tx.select({
    name: treatmentPlanItems.name,
    tooth: treatmentPlanItems.tooth,
    quantity: treatmentPlanItems.quantity,
    unitPriceMinor: treatmentPlanItems.unitPriceMinor,
    discountMinor: treatmentPlanItems.discountMinor,
    serviceId: treatmentPlanItems.serviceId,
    appointmentId: treatmentPlanItems.appointmentId,
  }).from(treatmentPlanItems)
    .innerJoin(treatmentPlanPhases, eq(treatmentPlanPhases.id, treatmentPlanItems.phaseId))
    .innerJoin(treatmentPlanOptions, eq(treatmentPlanOptions.id, treatmentPlanPhases.optionId))
    .innerJoin(treatmentPlans, eq(treatmentPlans.id, treatmentPlanOptions.planId))
    .where(and(
      eq(treatmentPlanItems.clinicId, clinicId),
      eq(treatmentPlanItems.id, id),
      eq(treatmentPlans.patientId, patientId),
    ));
  if (!item) throw notFound("Treatment plan item not found");
  return {
    description: item.tooth ? `${item.name} (tooth ${item.tooth})` : item.name,
    quantity: item.quantity,
    unitPriceMinor: item.unitPriceMinor,
    discountMinor: item.discountMinor,
    serviceId: item.serviceId,
    appointmentId: item.appointmentId,
  };
}

async function appointmentLine(tx: Db, clinicId: string, patientId: string, id: string) {
  const [visit] = await tx.select({ type: appointments.type }).from(appointments)
    .where(and(
      eq(appointments.clinicId, clinicId),
      eq(appointments.id, id),
      eq(appointments.patientId, patientId),
    ));
  if (!visit) throw notFound("Appointment not found");
  // An appointment has no price of its own; the catalog service of the same name gives one.
  const [service] = await tx.select().from(treatmentServices).where(and(
    eq(treatmentServices.clinicId, clinicId),
    ilike(treatmentServices.name, visit.type),
  )).limit(1);
  return {
    description: visit.type,
    unitPriceMinor: service?.defaultPriceMinor ?? null,
    serviceId: service?.id ?? null,
  };
}

export async function resolveLines(
  tx: Db,
  clinicId: string,
  patientId: string,
  inputs: readonly InvoiceLineInput[],
): Promise<ResolvedLine[]> {
  const resolved: ResolvedLine[] = [];
  for (const [index, input] of inputs.entries()) {
    let base: {
      description: string;
      unitPriceMinor: number | null;
      quantity?: number;
      discountMinor?: number;
      serviceId?: string | null;
      appointmentId?: string | null;
    };
    switch (input.source) {
      case "service":
        if (!input.serviceId) throw lineProblem(index, "choose a service");
        base = await serviceLine(tx, clinicId, input.serviceId);
        break;
      case "plan_item":
        if (!input.planItemId) throw lineProblem(index, "choose a treatment plan item");
        base = await planItemLine(tx, clinicId, patientId, input.planItemId);
        break;
      case "appointment":
        if (!input.appointmentId) throw lineProblem(index, "choose an appointment");
        base = await appointmentLine(tx, clinicId, patientId, input.appointmentId);
        break;
      default:
        if (!input.description) throw lineProblem(index, "describe what is charged");
        base = { description: input.description, unitPriceMinor: null };
    }
    const unitPriceMinor = input.unitPriceMinor ?? base.unitPriceMinor;
    if (unitPriceMinor === null) throw lineProblem(index, "enter a unit price");
    const quantity = input.quantity ?? base.quantity ?? 1;
    const discountMinor = input.discountMinor ?? base.discountMinor ?? 0;
    if (discountMinor > quantity * unitPriceMinor) {
      throw lineProblem(index, "the discount is more than the line is worth");
    }
    const line = { quantity, unitPriceMinor, discountMinor };
    resolved.push({
      source: input.source,
      serviceId: base.serviceId ?? input.serviceId ?? null,
      planItemId: input.source === "plan_item" ? input.planItemId! : null,
      appointmentId: base.appointmentId ?? input.appointmentId ?? null,
      description: (input.description ?? base.description).slice(0, 200),
      ...line,
      lineTotalMinor: lineTotal(line),
    });
  }
  return resolved;
}
