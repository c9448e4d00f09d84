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
import type { EditorDocument, PlanEditorProps, SavedDiscount } from "./editor.ts";
import {
  type NewPlanInput,
  newPlanInput,
  type PlanChangeInput,
  planChangeInput,
} from "./plan-input.ts";
import type { PlanDetail } from "./plans.ts";
import { plannedTeeth } from "./plans.ts";

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
    ) => [tooth, [{ label: `Planned: ${names.join(", ")}`, color: "#d97706" }]]),
  );
}
