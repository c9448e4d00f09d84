/**
 * What the treatment pages load: the editor's catalog, policies and patient facts, a saved plan
 * as the editor's document, and the editor form's post read through the API's own schemas.
 */
import type { Db } from "../db/client.ts";
import type { Access } from "../permissions/access.ts";
import { can } from "../permissions/access.ts";
import { badRequest } from "../errors.ts";
import { formValidationError } from "../http/form.ts";
import { listServices } from "./catalog.ts";
import { activeRules } from "./policies.ts";
import { discountFacts } from "./plan-writes.ts";
import { planPatient } from "./patients.ts";
import type { EditorDocument, EditorItem, PlanEditorProps, SavedDiscount } from "./editor.ts";
import {
  type NewPlanInput,
  newPlanInput,
  type PlanChangeInput,
  planChangeInput,
} from "./plan-input.ts";
import type { PlanDetail } from "./plans.ts";
import { plannedTeeth } from "./plans.ts";
import { PLANNED_BADGE_COLOR } from "../clinical/chart-palette.ts";

export async function editorContext(
  db: Db,
  access: Access,
  patientId: string,
  now: Date,
): Promise<Omit<PlanEditorProps, "action" | "initial" | "saved" | "submitLabel" | "cancelHref">> {
  const patient = await planPatient(db, access.clinicId, patientId);
  const [services, policies, facts] = await Promise.all([
    listServices(db, access.clinicId),
    activeRules(db, access.clinicId),
    discountFacts(db, access.clinicId, patient, now),
  ]);
  return {
    patient: {
      id: patient.id,
      name: patient.fullName,
      mrn: patient.mrn,
      ageYears: facts.ageYears,
      tags: [...facts.tags],
    },
    services: services.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      category: s.category,
      priceMinor: s.defaultPriceMinor,
      perTooth: s.perTooth,
    })),
    policies,
    mayApplyDiscounts: can(access, "treatment.discounts.apply"),
  };
}

export function blankDocument(): EditorDocument {
  return {
    title: "",
    validUntil: null,
    notes: null,
    options: [{
      name: "Treatment",
      recommended: true,
      discount: { mode: "auto" },
      phases: [{ name: "Urgent", items: [] }, { name: "Restorative", items: [] }],
    }],
  };
}

/** A saved plan as the editor opens it, with each option's discount state as saved. */
export function documentOf(plan: PlanDetail): { doc: EditorDocument; saved: SavedDiscount[] } {
  return {
    doc: {
      title: plan.title,
      validUntil: plan.validUntil,
      notes: plan.notes,
      options: plan.options.map((o) => ({
        id: o.id,
        name: o.name,
        recommended: o.recommended,
        discount: o.discountMode === "manual"
          ? { mode: "manual", amountMinor: o.manualDiscountMinor ?? 0 }
          : { mode: o.discountMode },
        phases: o.phases.map((p) => ({
          name: p.name,
          items: p.items.map((i) => ({
            id: i.id,
            serviceId: i.serviceId,
            tooth: i.tooth,
            surfaces: i.surfaces,
            quantity: i.quantity,
            unitPriceMinor: i.unitPriceMinor,
            status: i.status,
            appointmentId: i.appointmentId,
          })),
        })),
      })),
    },
    saved: plan.options.map((o) => ({
      optionId: o.id,
      mode: o.discountMode,
      basis: o.discountBasis,
      discounts: o.discounts,
    })),
  };
}

function parseDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("The plan could not be read; reload the page and try again");
  }
}

/** The editor's post for a new plan, checked like the API's body. */
export function newPlanFromForm(text: string, patientId: string): NewPlanInput {
  const parsed = newPlanInput.safeParse({ ...(parseDocument(text) as object), patientId });
  if (!parsed.success) throw formValidationError(parsed.error.issues);
  return parsed.data;
}

export function planChangeFromForm(text: string): PlanChangeInput {
  const parsed = planChangeInput.safeParse(parseDocument(text));
  if (!parsed.success) throw formValidationError(parsed.error.issues);
  return parsed.data;
}

/** Badges of planned work per tooth for the dental chart. */
export async function plannedBadges(db: Db, clinicId: string, patientId: string) {
  const teeth = await plannedTeeth(db, clinicId, patientId);
  return Object.fromEntries(
    [...teeth].map((
      [tooth, names],
    ) => [tooth, [{ label: `Planned: ${names.join(", ")}`, color: PLANNED_BADGE_COLOR }]]),
  );
}

const asText = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);
const asWhole = (v: unknown, fallback: number) =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : fallback;
const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x) => x && typeof x === "object") : [];

/**
 * A refused post shown again in the editor: what the user sent, with anything missing or
 * malformed replaced by a default, so the editor can always open it.
 */
export function editorDocumentFromPost(
  text: string,
  priceOf: (serviceId: string) => number,
): EditorDocument | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== "object") return null;
  const options = list(raw.options).map((o, i): EditorDocument["options"][number] => {
    const discount = (o.discount ?? {}) as Record<string, unknown>;
    return {
      id: typeof o.id === "string" ? o.id : undefined,
      name: asText(o.name, `Option ${i + 1}`),
      recommended: o.recommended === true,
      discount: discount.mode === "manual"
        ? { mode: "manual" as const, amountMinor: asWhole(discount.amountMinor, 0) }
        : { mode: discount.mode === "none" ? "none" as const : "auto" as const },
      phases: list(o.phases).map((p, n) => ({
        name: asText(p.name, `Phase ${n + 1}`),
        items: list(p.items).map((item) => {
          const serviceId = asText(item.serviceId);
          return {
            id: typeof item.id === "string" ? item.id : undefined,
            serviceId,
            tooth: typeof item.tooth === "string" ? item.tooth : null,
            surfaces: asText(item.surfaces),
            quantity: Math.min(asWhole(item.quantity, 1) || 1, 99),
            unitPriceMinor: asWhole(item.unitPriceMinor, priceOf(serviceId)),
            status: (item.status === "done" || item.status === "scheduled"
              ? item.status
              : "planned") as EditorItem["status"],
            appointmentId: typeof item.appointmentId === "string" ? item.appointmentId : null,
          };
        }),
      })),
    };
  });
  if (options.length === 0) return null;
  return {
    title: asText(raw.title),
    validUntil: typeof raw.validUntil === "string" ? raw.validUntil : null,
    notes: typeof raw.notes === "string" ? raw.notes : null,
    options,
  };
}
