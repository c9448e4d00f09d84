/** Mirror of treatment_service_consumables: what a catalog service uses from inventory. */
import { integer, pgTable, uuid } from "drizzle-orm/pg-core";

export const treatmentServiceConsumables = pgTable("treatment_service_consumables", {
  clinicId: uuid("clinic_id").notNull(),
  serviceId: uuid("service_id").notNull(),
  itemId: uuid("item_id").notNull(),
  quantity: integer("quantity").notNull(),
});
