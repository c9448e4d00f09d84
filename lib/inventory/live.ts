/**
 * `inventory.changed` on the live event bus: published in the transaction of
 * every stock movement and item save, so every open inventory tab of the
 * clinic drops its cached lists and fetches them again.
 */
import type { Db } from "../db/client.ts";
import { publishEvent } from "../events/publish.ts";

export const INVENTORY_CHANGED = "inventory.changed";

export interface InventoryChanged {
  itemIds: string[];
  /** What happened: a movement kind, or `saved` for an item's details. */
  change: string;
}

export async function publishInventoryChanged(
  tx: Db,
  clinicId: string,
  data: InventoryChanged,
): Promise<void> {
  await publishEvent(tx, {
    clinicId,
    type: INVENTORY_CHANGED,
    permission: "inventory.items.view",
    data: { ...data },
  });
}
