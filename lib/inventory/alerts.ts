/**
 * Low-stock alerts. A movement that takes an item to or below its reorder
 * threshold opens an alert — at most one open per item, by a unique index —
 * and only an opening sends the owner an email (and tells staff who see
 * inventory, in the bell and live). Stock back above the threshold resolves
 * the alert, so the next drop is news again. `email_sent_at` records the send.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics, inventoryAlerts, inventoryItems } from "../db/schema.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { notifyClinicStaff } from "../notifications/notify.ts";
import { publishEvent } from "../events/publish.ts";
import { readSection } from "../settings/sections.ts";
import { type InventoryUnit } from "../db/schema.ts";
import { lowStockEmail } from "./emails.ts";
import { clinicLogoUrl } from "../clinic-branding/logo-url.ts";

export const INVENTORY_LOW_STOCK = "inventory.low_stock";

export interface StockChange {
  clinicId: string;
  itemId: string;
  before: number;
  after: number;
  now: Date;
  /** The app's address, for the email's link; without it the email has none. */
  appUrl?: string;
}

/** Runs in the movement's transaction, with the item row locked. */
export async function afterStockChange(tx: Db, change: StockChange): Promise<void> {
  const [item] = await tx.select({
    name: inventoryItems.name,
    unit: inventoryItems.unit,
    threshold: inventoryItems.reorderThreshold,
    reorderQuantity: inventoryItems.reorderQuantity,
  }).from(inventoryItems).where(eq(inventoryItems.id, change.itemId));
  if (change.after > item.threshold) {
    await tx.update(inventoryAlerts).set({ resolvedAt: change.now })
      .where(and(eq(inventoryAlerts.itemId, change.itemId), isNull(inventoryAlerts.resolvedAt)));
    return;
  }
  const [opened] = await tx.insert(inventoryAlerts).values({
    clinicId: change.clinicId,
    itemId: change.itemId,
    onHand: change.after,
    threshold: item.threshold,
    openedAt: change.now,
  }).onConflictDoNothing({
    target: inventoryAlerts.itemId,
    where: sql`${inventoryAlerts.resolvedAt} is null`,
  }).returning({ id: inventoryAlerts.id });
  if (!opened) return;
  await announce(tx, { ...change, ...item, alertId: opened.id });
}

async function announce(
  tx: Db,
  alert: StockChange & {
    alertId: string;
    name: string;
    unit: InventoryUnit;
    threshold: number;
    reorderQuantity: number;
  },
) {
  const [clinic] = await tx.select({
    name: clinics.name,
    ownerEmail: clinics.ownerEmail,
    logoFileId: clinics.logoFileId,
  })
    .from(clinics).where(eq(clinics.id, alert.clinicId));
  const { values } = await readSection(tx, alert.clinicId, "notifications");
  if (values.lowStockEmail && clinic.ownerEmail.trim()) {
    try {
      const { queued } = await enqueueEmail(tx, {
        clinicId: alert.clinicId,
        to: clinic.ownerEmail,
        kind: "inventory.low_stock",
        dedupeKey: `inventory.low_stock:${alert.alertId}`,
        ...lowStockEmail({
          clinicName: clinic.name,
          clinicLogoUrl: alert.appUrl ? clinicLogoUrl(alert.appUrl, clinic.logoFileId) : null,
          itemName: alert.name,
          unit: alert.unit,
          onHand: alert.after,
          threshold: alert.threshold,
          reorderQuantity: alert.reorderQuantity,
          itemUrl: alert.appUrl ? `${alert.appUrl}/inventory/items/${alert.itemId}` : null,
        }),
      });
      if (queued) {
        await tx.update(inventoryAlerts).set({ emailSentAt: alert.now })
          .where(eq(inventoryAlerts.id, alert.alertId));
      }
    } catch (error) {
      // An owner address the outbox refuses must not block the stock movement.
      if (!(error instanceof TypeError)) throw error;
    }
  }
  const title = alert.after === 0 ? `Out of stock: ${alert.name}` : `Low stock: ${alert.name}`;
  const body = `${alert.after} left; reorder threshold ${alert.threshold}.`;
  await notifyClinicStaff(tx, {
    clinicId: alert.clinicId,
    permission: "inventory.items.view",
    kind: "inventory.low_stock",
    title,
    body,
    link: `/inventory/items/${alert.itemId}`,
  });
  await publishEvent(tx, {
    clinicId: alert.clinicId,
    type: INVENTORY_LOW_STOCK,
    permission: "inventory.items.view",
    data: { itemId: alert.itemId, name: alert.name, onHand: alert.after, title },
  });
}

export interface Alert {
  id: string;
  itemId: string;
  itemName: string;
  onHand: number;
  threshold: number;
  openedAt: Date;
  emailSentAt: Date | null;
  resolvedAt: Date | null;
}

/** Open alerts first, then the recent resolved ones. */
export async function listAlerts(
  db: Db,
  clinicId: string,
  options: { open?: boolean; limit?: number } = {},
): Promise<Alert[]> {
  return await db.select({
    id: inventoryAlerts.id,
    itemId: inventoryAlerts.itemId,
    itemName: inventoryItems.name,
    onHand: inventoryAlerts.onHand,
    threshold: inventoryAlerts.threshold,
    openedAt: inventoryAlerts.openedAt,
    emailSentAt: inventoryAlerts.emailSentAt,
    resolvedAt: inventoryAlerts.resolvedAt,
  }).from(inventoryAlerts)
    .innerJoin(inventoryItems, eq(inventoryItems.id, inventoryAlerts.itemId))
    .where(and(
      eq(inventoryAlerts.clinicId, clinicId),
      options.open ? isNull(inventoryAlerts.resolvedAt) : undefined,
    ))
    .orderBy(sql`${inventoryAlerts.resolvedAt} is null desc`, desc(inventoryAlerts.openedAt))
    .limit(Math.min(options.limit ?? 100, 500));
}
