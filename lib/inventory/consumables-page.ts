/**
 * What the Consumables page needs: each appointment type's consumables, the
 * items a row may name, the types the clinic books (to suggest), and the form
 * that sets one type's list.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { appointments, inventoryItems } from "../db/schema.ts";
import type { InventoryUnit } from "./catalog.ts";
import { listTypeConsumables, type TypeConsumable } from "./appointment-consumption.ts";
import { consumablesSchema } from "./schemas.ts";

/** Rows the form offers; a type with more consumables gets one spare row after them. */
export const FORM_ROWS = 6;

export interface ConsumablesPageData {
  types: { appointmentType: string; items: TypeConsumable[] }[];
  items: { id: string; name: string; unit: InventoryUnit }[];
  /** Appointment types booked lately, most frequent first. */
  bookedTypes: string[];
}

export async function loadConsumablesPage(db: Db, clinicId: string): Promise<ConsumablesPageData> {
  const [consumables, items, booked] = await Promise.all([
    listTypeConsumables(db, clinicId),
    db.select({ id: inventoryItems.id, name: inventoryItems.name, unit: inventoryItems.unit })
      .from(inventoryItems)
      .where(and(eq(inventoryItems.clinicId, clinicId), eq(inventoryItems.archived, false)))
      .orderBy(asc(sql`lower(${inventoryItems.name})`)),
    db.select({ type: appointments.type }).from(appointments)
      .where(eq(appointments.clinicId, clinicId))
      .groupBy(appointments.type)
      .orderBy(desc(sql`count(*)`))
      .limit(30),
  ]);
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
  };
}

/**
 * The form's flat fields (`appointmentType`, `itemId0`/`quantity0` …) as the
 * API's body: rows left without an item are ignored, so clearing every row
 * removes the type's consumables.
 */
export const consumablesForm = z.record(z.string(), z.string()).transform((values) => ({
  appointmentType: values.appointmentType ?? "",
  items: Object.keys(values)
    .filter((key) => /^itemId\d+$/.test(key) && values[key].trim() !== "")
    .map((key) => {
      const quantity = values[`quantity${key.slice(6)}`]?.trim() ?? "";
      return { itemId: values[key], quantity: quantity === "" ? 1 : Number(quantity) };
    }),
})).pipe(consumablesSchema);
