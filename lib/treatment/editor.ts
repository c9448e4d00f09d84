/**
 * What the plan editor island is given and what it posts: the plan document of
 * ./plan-input.ts with prices in paisa, the catalog and policies to preview with, and the
 * discount state each option was saved with. No imports at run time: islands load it.
 */
import type { AppliedDiscount, DiscountPolicyRule } from "./pricing.ts";

export interface EditorService {
  id: string;
  code: string;
  name: string;
  category: string;
  priceMinor: number;
  perTooth: boolean;
}

export interface EditorItem {
  /** Absent on an item added in this edit. */
  id?: string;
  serviceId: string;
  tooth: string | null;
  surfaces: string;
  quantity: number;
  unitPriceMinor: number;
  status: "planned" | "scheduled" | "done";
  appointmentId: string | null;
}

export interface EditorOption {
  id?: string;
  name: string;
  recommended: boolean;
  discount: { mode: "auto" } | { mode: "none" } | { mode: "manual"; amountMinor: number };
  phases: { name: string; items: EditorItem[] }[];
}

export interface EditorDocument {
  title: string;
  validUntil: string | null;
  notes: string | null;
  options: EditorOption[];
}

/** An option's discount as saved: restored as it is while its basis is unchanged. */
export interface SavedDiscount {
  optionId: string;
  mode: "auto" | "manual" | "none";
  basis: string;
  discounts: AppliedDiscount[];
}

export interface PlanEditorProps {
  /** Where the form posts. */
  action: string;
  patient: { id: string; name: string; mrn: string; ageYears: number | null; tags: string[] };
  services: EditorService[];
  policies: DiscountPolicyRule[];
  mayApplyDiscounts: boolean;
  initial: EditorDocument;
  saved: SavedDiscount[];
  /** A refusal from the last post, shown above the form. */
  problem?: string | null;
  submitLabel: string;
  cancelHref: string;
}
