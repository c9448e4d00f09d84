/**
 * The words of the inventory: units of measure, the categories a dental
 * clinic stocks, and how an item's stock reads (OK, Low, Out). Pure values,
 * so views and islands can import them too.
 */
export const INVENTORY_UNITS = [
  "piece",
  "box",
  "pack",
  "bottle",
  "cartridge",
  "syringe",
  "ml",
  "g",
  "pair",
  "kit",
] as const;
export type InventoryUnit = typeof INVENTORY_UNITS[number];

export const UNIT_LABELS: Readonly<Record<InventoryUnit, { one: string; many: string }>> = {
  piece: { one: "piece", many: "pieces" },
  box: { one: "box", many: "boxes" },
  pack: { one: "pack", many: "packs" },
  bottle: { one: "bottle", many: "bottles" },
  cartridge: { one: "cartridge", many: "cartridges" },
  syringe: { one: "syringe", many: "syringes" },
  ml: { one: "ml", many: "ml" },
  g: { one: "g", many: "g" },
  pair: { one: "pair", many: "pairs" },
  kit: { one: "kit", many: "kits" },
};

/** `3 boxes`, `1 cartridge`. */
export function quantityText(quantity: number, unit: InventoryUnit): string {
  const label = UNIT_LABELS[unit] ?? { one: unit, many: unit };
  return `${quantity} ${quantity === 1 ? label.one : label.many}`;
}

/** Suggested in the form; a clinic may type its own. */
export const SUGGESTED_CATEGORIES = [
  "Anaesthetics",
  "Disposables",
  "Infection control",
  "Restorative",
  "Endodontics",
  "Impression materials",
  "Surgical",
  "Burs and instruments",
  "Lab consumables",
  "Orthodontics",
] as const;

export type StockStatus = "ok" | "low" | "out";

export function stockStatus(onHand: number, threshold: number): StockStatus {
  if (onHand <= 0) return "out";
  return onHand <= threshold ? "low" : "ok";
}

export const STOCK_STATUS_LABELS: Readonly<Record<StockStatus, string>> = {
  ok: "OK",
  low: "Low",
  out: "Out",
};

export const MOVEMENT_LABELS = {
  receive: "Received",
  consume: "Used",
  adjust: "Count adjusted",
  return: "Returned",
} as const;
