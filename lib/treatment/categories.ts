/** The service catalog's categories and how they read. No imports: islands use them too. */

export const SERVICE_CATEGORIES = [
  "diagnostic",
  "preventive",
  "restorative",
  "endodontic",
  "periodontic",
  "prosthodontic",
  "oral_surgery",
  "orthodontic",
  "implant",
  "cosmetic",
  "other",
] as const;
export type ServiceCategory = typeof SERVICE_CATEGORIES[number];

export const CATEGORY_LABELS: Record<ServiceCategory, string> = {
  diagnostic: "Diagnostic",
  preventive: "Preventive",
  restorative: "Restorative",
  endodontic: "Endodontic",
  periodontic: "Periodontic",
  prosthodontic: "Prosthodontic",
  oral_surgery: "Oral surgery",
  orthodontic: "Orthodontic",
  implant: "Implant",
  cosmetic: "Cosmetic",
  other: "Other",
};

export function isServiceCategory(value: string): value is ServiceCategory {
  return (SERVICE_CATEGORIES as readonly string[]).includes(value);
}

/** A stored tag ("senior_citizen") as people read it ("senior citizen"). */
export function tagLabel(tag: string): string {
  return tag.replaceAll("_", " ");
}
