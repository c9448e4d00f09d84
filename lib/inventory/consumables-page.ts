/**
 * What the Consumables page needs: each appointment type's and each catalog
 * service's consumables, the items a row may name, the types the clinic books
 * (to suggest), the active services, and the forms that set one list.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { appointments, inventoryItems, treatmentServices } from "../db/schema.ts";
import type { InventoryUnit } from "./catalog.ts";
import { listTypeConsumables, type TypeConsumable } from "./appointment-consumption.ts";
import { listServiceConsumables, type ServiceConsumable } from "./service-consumption.ts";
import { consumablesSchema, serviceConsumablesSchema } from "./schemas.ts";

/** Rows the form offers; a type with more consumables gets one spare row after them. */
export const FORM_ROWS = 6;

export interface ConsumablesPageData {
  types: { appointmentType: string; items: TypeConsumable[] }[];
  items: { id: string; name: string; unit: InventoryUnit }[];
  /** Appointment types booked lately, most frequent first. */
  bookedTypes: string[];
  services: { serviceId: string; serviceName: string; items: ServiceConsumable[] }[];
  /** The catalog's active services, for the service form's picker. */
  catalog: { id: string; code: string; name: string }[];
}

/** The items a consumables row may name: the clinic's unarchived ones, by name. */
export function itemChoices(db: Db, clinicId: string): Promise<ConsumablesPageData["items"]> {
  return db.select({ id: inventoryItems.id, name: inventoryItems.name, unit: inventoryItems.unit })
    .from(inventoryItems)
    .where(and(eq(inventoryItems.clinicId, clinicId), eq(inventoryItems.archived, false)))
    .orderBy(asc(sql`lower(${inventoryItems.name})`));
}

export async function loadConsumablesPage(db: Db, clinicId: string): Promise<ConsumablesPageData> {
  const [consumables, items, booked, byService, catalog] = await Promise.all([
    listTypeConsumables(db, clinicId),
    itemChoices(db, clinicId),
    db.select({ type: appointments.type }).from(appointments)
      .where(eq(appointments.clinicId, clinicId))
      .groupBy(appointments.type)
      .orderBy(desc(sql`count(*)`))
      .limit(30),
    listServiceConsumables(db, clinicId),
    db.select({
      id: treatmentServices.id,
      code: treatmentServices.code,
      name: treatmentServices.name,
    })
      .from(treatmentServices)
      .where(and(eq(treatmentServices.clinicId, clinicId), eq(treatmentServices.active, true)))
      .orderBy(asc(sql`lower(${treatmentServices.name})`)),
  ]);
  const services = new Map<string, ServiceConsumable[]>();
  for (const row of byService) {
    services.set(row.serviceId, [...(services.get(row.serviceId) ?? []), row]);
  }
  const types = new Map<string, TypeConsumable[]>();
  for (const row of consumables) {
    const key = row.appointmentType.toLowerCase();
    types.set(key, [...(types.get(key) ?? []), row]);
  }
  return {
    types: [...types.values()].map((list) => ({
      appointmentType: list[0].appointmentType,
      items: list,
    })),
    items,
    bookedTypes: booked.map((row) => row.type),
    services: [...services.values()].map((list) => ({
      serviceId: list[0].serviceId,
      serviceName: list[0].serviceName,
      items: list,
    })),
    catalog,
  };
}

/**
 * The form's flat fields (`appointmentType`, `itemId0`/`quantity0` …) as the
 * API's body: rows left without an item are ignored, so clearing every row
 * removes the type's consumables.
 */
export const consumablesForm = z.record(z.string(), z.string()).transform((values) => ({
  appointmentType: values.appointmentType ?? "",
  items: formRows(values),
})).pipe(consumablesSchema);

/** The service form's fields (`serviceId`, `itemId0`/`quantity0` …), read like the type form's. */
export const serviceConsumablesForm = z.record(z.string(), z.string()).transform((values) => ({
  serviceId: values.serviceId ?? "",
  items: formRows(values),
})).pipe(serviceConsumablesSchema);

/** The form on a service's own catalog page: the service is the page's, whatever is posted. */
export const consumablesFormOfService = (serviceId: string) =>
  z.record(z.string(), z.string()).transform((values) => ({
    serviceId,
    items: formRows(values),
  })).pipe(serviceConsumablesSchema);

function formRows(values: Record<string, string>) {
  return Object.keys(values)
    .filter((key) => /^itemId\d+$/.test(key) && values[key].trim() !== "")
    .map((key) => {
      const quantity = values[`quantity${key.slice(6)}`]?.trim() ?? "";
      return { itemId: values[key], quantity: quantity === "" ? 1 : Number(quantity) };
    });
}
