/**
 * How the inventory answers over JSON: the list's query parameters as a zod
 * schema, and items, movements and alerts with times in the clinic's zone.
 */
import { z } from "zod";
import { toClinicIso } from "../time/zoned.ts";
import { type Item, ITEM_SORTS } from "./items.ts";
import type { Movement } from "./movements.ts";
import type { Alert } from "./alerts.ts";
import type { Cover } from "./cover.ts";

const flag = z.enum(["1", "0", "true", "false"], { message: "Use 1 or 0" })
  .transform((v) => v === "1" || v === "true");

export const itemListQuery = z.object({
  q: z.string().trim().max(100, "Search at most 100 characters").optional(),
  category: z.string().trim().max(60).optional().transform((v) => v || undefined),
  supplierId: z.union([z.uuid("supplierId must be a supplier id"), z.literal("")]).optional()
    .transform((v) => v || undefined),
  low: flag.optional(),
  archived: flag.optional(),
  sort: z.enum(ITEM_SORTS, { message: `sort is one of ${ITEM_SORTS.join(", ")}` }).optional(),
  dir: z.enum(["asc", "desc"], { message: "dir is asc or desc" }).optional(),
  page: z.coerce.number({ message: "page is a number" }).int().min(1).max(10_000).optional(),
  pageSize: z.coerce.number({ message: "pageSize is a number" }).int().min(1).max(100)
    .optional(),
});

export function itemJson(item: Item, cover?: Cover) {
  return {
    id: item.id,
    name: item.name,
    sku: item.sku,
    category: item.category,
    unit: item.unit,
    packSize: item.packSize,
    reorderThreshold: item.reorderThreshold,
    reorderQuantity: item.reorderQuantity,
    leadTimeDays: item.leadTimeDays,
    supplierId: item.supplierId,
    supplierName: item.supplierName,
    labPreset: item.labPreset,
    supplierNotes: item.supplierNotes,
    archived: item.archived,
    onHand: item.onHand,
    status: item.status,
    nextExpiry: item.nextExpiry,
    ...(cover
      ? {
        cover: {
          daysAtRecentRate: cover.daysAtRecentRate,
          daysAtBookedRate: cover.daysAtBookedRate,
          bookedUse: cover.bookedUse,
          runsOutAt: cover.runsOutAt?.toISOString() ?? null,
          atRisk: cover.atRisk,
        },
      }
      : {}),
  };
}

export type ItemJson = ReturnType<typeof itemJson>;

export function movementJson(movement: Movement, timeZone: string) {
  return { ...movement, createdAt: toClinicIso(movement.createdAt, timeZone) };
}

export function alertJson(alert: Alert, timeZone: string) {
  return {
    ...alert,
    openedAt: toClinicIso(alert.openedAt, timeZone),
    emailSentAt: alert.emailSentAt && toClinicIso(alert.emailSentAt, timeZone),
    resolvedAt: alert.resolvedAt && toClinicIso(alert.resolvedAt, timeZone),
  };
}
