/**
 * How capture categories read to staff. Kept free of server imports, because
 * islands show the same labels in the browser.
 */
import type { CaptureCategory } from "../db/schema.ts";

export const CATEGORY_LABELS: Record<CaptureCategory, string> = {
  periapical: "Periapical",
  bitewing: "Bitewing",
  panoramic: "Panoramic",
  cephalometric: "Cephalometric",
  intraoral_photo: "Intraoral photo",
  other: "Other",
};

/** The label of a stored category; an unknown one is shown as stored. */
export function categoryLabel(category: string): string {
  return CATEGORY_LABELS[category as CaptureCategory] ?? category;
}
