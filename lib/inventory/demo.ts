/**
 * Demo inventory for a clinic with the module: a dental stock room (gloves,
 * masks, anaesthetic cartridges, composite, impression material, burs,
 * sutures…) with three weeks of deliveries and use behind it, a few items
 * low or out, a few lots expiring soon, and the consumables of the demo
 * appointment types. Written directly as ledger rows (lots drawn earliest
 * expiry first, like ./movements.ts), so seeding stays fast. Idempotent: a
 * clinic that already has items gets none.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  inventoryAlerts,
  inventoryItems,
  inventoryLots,
  inventoryMovements,
  inventorySuppliers,
  inventoryTypeConsumables,
  type InventoryUnit,
  type LotChange,
} from "../db/schema.ts";
import { addDays } from "../calendar/calendar-dates.ts";
import { fromWallClock, localDateOf } from "../time/zoned.ts";

const SUPPLIERS = [
  {
    key: "depot",
    name: "Dental Depot Lahore",
    contactPerson: "Imran Qureshi",
    phone: "+924235761234",
    email: "orders@dentaldepot.example",
    notes: "Delivers Tuesdays and Fridays; orders before noon.",
  },
  {
    key: "medisupply",
    name: "MediSupply Karachi",
    contactPerson: "Sadia Noor",
    phone: "+923001234567",
    email: "sadia@medisupply.example",
    notes: "Anaesthetics and surgical; 30-day credit.",
  },
  {
    key: "ortho",
    name: "Ortholine Traders",
    contactPerson: "Kashif Raza",
    phone: "+923214567890",
    email: null,
    notes: null,
  },
] as const;

interface DemoItem {
  name: string;
  sku: string | null;
  category: string;
  unit: InventoryUnit;
  packSize: number;
  threshold: number;
  reorder: number;
  lead: number;
  supplier: typeof SUPPLIERS[number]["key"];
  /** Deliveries: quantity, days ago, expiry in days from today (null: none), lot number. */
  lots: [number, number, number | null, string | null][];
  /** Units used on each of the last 21 days, cycled. */
  use: number[];
  labPreset?: string;
}

const ITEMS: DemoItem[] = [
  {
    name: "Nitrile gloves, medium",
    sku: "GLV-NIT-M",
    category: "Infection control",
    unit: "box",
    packSize: 100,
    threshold: 6,
    reorder: 20,
    lead: 3,
    supplier: "depot",
    lots: [[20, 20, 700, "NG2291"], [30, 6, 760, "NG2377"]],
    use: [1, 1, 2, 1, 1, 1, 2],
  },
  {
    name: "Surgical face masks",
    sku: "MSK-3PLY",
    category: "Infection control",
    unit: "box",
    packSize: 50,
    threshold: 4,
    reorder: 12,
    lead: 3,
    supplier: "depot",
    lots: [[10, 18, 500, null]],
    use: [0, 1, 0, 0, 1, 0, 1],
  },
  {
    name: "Lidocaine 2% with adrenaline",
    sku: "ANA-LIDO-2",
    category: "Anaesthetics",
    unit: "cartridge",
    packSize: 1,
    threshold: 40,
    reorder: 100,
    lead: 5,
    supplier: "medisupply",
    lots: [[100, 19, 20, "LD0425"], [50, 5, 240, "LD0611"]],
    use: [6, 4, 8, 5, 3, 7, 5],
  },
  {
    name: "Articaine 4% 1:100,000",
    sku: "ANA-ARTI-4",
    category: "Anaesthetics",
    unit: "cartridge",
    packSize: 1,
    threshold: 30,
    reorder: 100,
    lead: 5,
    supplier: "medisupply",
    lots: [[100, 16, 12, "AR7781"]],
    use: [2, 2, 1, 3, 2, 2, 1],
  },
  {
    name: "Composite A2, universal",
    sku: "RES-A2-4G",
    category: "Restorative",
    unit: "syringe",
    packSize: 1,
    threshold: 4,
    reorder: 10,
    lead: 7,
    supplier: "depot",
    lots: [[15, 21, 300, "CA2-118"]],
    use: [0, 1, 0, 0, 1, 0, 0],
  },
  {
    name: "Alginate impression material",
    sku: "IMP-ALG-500",
    category: "Impression materials",
    unit: "pack",
    packSize: 1,
    threshold: 3,
    reorder: 6,
    lead: 7,
    supplier: "depot",
    lots: [[6, 20, 25, "ALG-09"]],
    use: [0, 0, 1, 0, 0, 0, 1],
  },
  {
    name: "Diamond burs, round FG",
    sku: "BUR-DIA-RD",
    category: "Burs and instruments",
    unit: "pack",
    packSize: 5,
    threshold: 3,
    reorder: 10,
    lead: 10,
    supplier: "depot",
    lots: [[6, 21, null, null]],
    use: [0, 0, 0, 1, 0, 0, 0],
  },
  {
    name: "Silk sutures 3-0",
    sku: "SUT-SLK-30",
    category: "Surgical",
    unit: "box",
    packSize: 12,
    threshold: 2,
    reorder: 5,
    lead: 7,
    supplier: "medisupply",
    lots: [[6, 20, 18, "SS30-442"]],
    use: [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
  },
  {
    name: "Sodium hypochlorite 3%",
    sku: null,
    category: "Endodontics",
    unit: "bottle",
    packSize: 1,
    threshold: 2,
    reorder: 6,
    lead: 5,
    supplier: "medisupply",
    lots: [[8, 15, 200, null]],
    use: [0, 0, 0, 1, 0, 0, 0, 0],
  },
  {
    name: "Gutta-percha points 25",
    sku: "END-GP-25",
    category: "Endodontics",
    unit: "box",
    packSize: 120,
    threshold: 1,
    reorder: 3,
    lead: 7,
    supplier: "depot",
    lots: [[3, 21, null, null]],
    use: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1],
  },
  {
    name: 'Orthodontic elastics 3/16"',
    sku: "ORT-ELA-316",
    category: "Orthodontics",
    unit: "pack",
    packSize: 100,
    threshold: 2,
    reorder: 5,
    lead: 14,
    supplier: "ortho",
    lots: [[5, 12, null, null]],
    use: [0, 0, 0, 0, 0, 0, 1],
  },
  {
    name: "Die stone, type IV",
    sku: "LAB-DIE-IV",
    category: "Lab consumables",
    unit: "g",
    packSize: 1,
    threshold: 500,
    reorder: 2000,
    lead: 7,
    supplier: "depot",
    lots: [[2000, 14, null, null]],
    use: [0, 150, 0, 100, 0, 0, 0],
    labPreset: "Precision Dental Lab",
  },
];

/** Appointment type → [item name, quantity]. */
const CONSUMABLES: Record<string, [string, number][]> = {
  "Root canal": [
    ["Lidocaine 2% with adrenaline", 2],
    ["Nitrile gloves, medium", 1],
    ["Sodium hypochlorite 3%", 1],
    ["Gutta-percha points 25", 1],
  ],
  "Filling": [["Lidocaine 2% with adrenaline", 1], ["Composite A2, universal", 1]],
  "Extraction": [["Articaine 4% 1:100,000", 2], ["Silk sutures 3-0", 1]],
  "Crown fitting": [["Alginate impression material", 1]],
};

export async function seedDemoInventory(db: Db, clinicId: string, now = new Date()) {
  const [existing] = await db.select({ id: inventoryItems.id }).from(inventoryItems)
    .where(eq(inventoryItems.clinicId, clinicId)).limit(1);
  if (existing) return;
  const timeZone = "Asia/Karachi";
  const today = localDateOf(now, timeZone);
  const at = (daysAgo: number, minutes: number) =>
    fromWallClock(addDays(today, -daysAgo), minutes, timeZone);

  const supplierIds = new Map<string, string>();
  for (const { key, ...supplier } of SUPPLIERS) {
    const [row] = await db.insert(inventorySuppliers).values({ clinicId, ...supplier })
      .returning({ id: inventorySuppliers.id });
    supplierIds.set(key, row.id);
  }
  const itemIds = new Map<string, string>();
  for (const spec of ITEMS) {
    const [item] = await db.insert(inventoryItems).values({
      clinicId,
      name: spec.name,
      sku: spec.sku,
      category: spec.category,
      unit: spec.unit,
      packSize: spec.packSize,
      reorderThreshold: spec.threshold,
      reorderQuantity: spec.reorder,
      leadTimeDays: spec.lead,
      supplierId: supplierIds.get(spec.supplier)!,
      labPreset: spec.labPreset ?? null,
      createdAt: at(22, 9 * 60),
    }).returning({ id: inventoryItems.id });
    itemIds.set(spec.name, item.id);

    const lots = spec.lots.map(([quantity, daysAgo, expiresIn, lotNumber]) => ({
      id: crypto.randomUUID(),
      quantity,
      daysAgo,
      lotNumber,
      expiresOn: expiresIn === null ? null : addDays(today, expiresIn),
      remaining: 0,
    }));
    // The day's events in order: deliveries at 10:00, use through the afternoon.
    const events: { when: Date; receive?: typeof lots[number]; use?: number }[] = [];
    for (const lot of lots) events.push({ when: at(lot.daysAgo, 10 * 60), receive: lot });
    for (let daysAgo = 20; daysAgo >= 0; daysAgo--) {
      const use = spec.use[(20 - daysAgo) % spec.use.length];
      if (use > 0) events.push({ when: at(daysAgo, daysAgo === 0 ? 9 * 60 + 30 : 15 * 60), use });
    }
    events.sort((a, b) => a.when.getTime() - b.when.getTime());
    let onHand = 0;
    const movements: typeof inventoryMovements.$inferInsert[] = [];
    for (const event of events) {
      if (event.when > now) continue;
      if (event.receive) {
        const lot = event.receive;
        lot.remaining += lot.quantity;
        onHand += lot.quantity;
        movements.push({
          clinicId,
          itemId: item.id,
          kind: "receive",
          delta: lot.quantity,
          balanceAfter: onHand,
          lotChanges: [{ lotId: lot.id, quantity: lot.quantity }],
          lotNumber: lot.lotNumber,
          expiresOn: lot.expiresOn,
          supplierId: supplierIds.get(spec.supplier)!,
          costMinor: lot.quantity * 45_000,
          createdAt: event.when,
        });
        continue;
      }
      const quantity = Math.min(event.use!, onHand);
      if (quantity === 0) continue;
      const changes: LotChange[] = [];
      let left = quantity;
      const order = lots.filter((l) => l.remaining > 0).sort((a, b) =>
        (a.expiresOn ?? "9999").localeCompare(b.expiresOn ?? "9999") || b.daysAgo - a.daysAgo
      );
      for (const lot of order) {
        if (!left) break;
        const take = Math.min(left, lot.remaining);
        lot.remaining -= take;
        left -= take;
        changes.push({ lotId: lot.id, quantity: -take });
      }
      onHand -= quantity;
      movements.push({
        clinicId,
        itemId: item.id,
        kind: "consume",
        delta: -quantity,
        balanceAfter: onHand,
        lotChanges: changes,
        reason: "Used in the operatories",
        createdAt: event.when,
      });
    }
    await db.insert(inventoryLots).values(lots.map((lot) => ({
      id: lot.id,
      clinicId,
      itemId: item.id,
      lotNumber: lot.lotNumber,
      expiresOn: lot.expiresOn,
      remaining: lot.remaining,
      receivedAt: at(lot.daysAgo, 10 * 60),
    })));
    if (movements.length) await db.insert(inventoryMovements).values(movements);
    await db.update(inventoryItems).set({ onHand }).where(eq(inventoryItems.id, item.id));
    if (onHand <= spec.threshold) {
      await db.insert(inventoryAlerts).values({
        clinicId,
        itemId: item.id,
        onHand,
        threshold: spec.threshold,
        openedAt: movements.at(-1)?.createdAt ?? now,
      });
    }
  }
  for (const [appointmentType, list] of Object.entries(CONSUMABLES)) {
    await db.insert(inventoryTypeConsumables).values(list.map(([name, quantity]) => ({
      clinicId,
      appointmentType,
      itemId: itemIds.get(name)!,
      quantity,
    })));
  }
}
