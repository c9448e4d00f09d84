/** Items and suppliers the inventory tests create in the seeded demo clinics. */
import { eq } from "drizzle-orm";
import type { Db } from "../../../lib/db/client.ts";
import { clinics, users } from "../../../lib/db/schema.ts";
import { createItem, type Item } from "../../../lib/inventory/items.ts";
import { newItemSchema } from "../../../lib/inventory/schemas.ts";

export async function clinicId(db: Db, slug: string): Promise<string> {
  const [clinic] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug));
  return clinic.id;
}

export async function userId(db: Db, email: string): Promise<string> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return user.id;
}

let sequence = 0;

/** A new item of the clinic: a box of gloves with a threshold of 5 unless `fields` say otherwise. */
export async function testItem(
  db: Db,
  clinic: string,
  fields: Record<string, unknown> = {},
): Promise<Item> {
  return await createItem(db, {
    clinicId: clinic,
    actorId: await userId(db, "owner@demo-dental.test"),
    fields: newItemSchema.parse({
      name: `Test item ${++sequence}`,
      category: "Disposables",
      unit: "box",
      reorderThreshold: 5,
      reorderQuantity: 20,
      ...fields,
    }),
  });
}
