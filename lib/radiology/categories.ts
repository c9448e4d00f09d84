/**
 * Capture categories and how they read to staff. No imports: islands show
 * the labels in the browser, and the bridge program validates its config
 * against the same list.
 */

export const CAPTURE_CATEGORIES = [
  "periapical",
  "bitewing",
  "panoramic",
  "cephalometric",
  "intraoral_photo",
  "other",
] as const;
export type CaptureCategory = typeof CAPTURE_CATEGORIES[number];

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
