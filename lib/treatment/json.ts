/** A plan as the JSON API answers it: paisa with the currency, instants as ISO 8601. */
import type { PlanDetail } from "./plans.ts";
import { CURRENCY } from "./money.ts";

export function planJson(plan: PlanDetail) {
  return {
    id: plan.id,
    title: plan.title,
    status: plan.status,
    revision: plan.revision,
    currency: CURRENCY,
    validUntil: plan.validUntil,
    notes: plan.notes,
    patient: { id: plan.patient.id, fullName: plan.patient.fullName, mrn: plan.patient.mrn },
    hasBeforePhoto: plan.beforePhotoId !== null,
    hasAfterPhoto: plan.afterPhotoId !== null,
    options: plan.options.map(({ discountBasis: _, ...option }) => option),
    acceptances: plan.acceptances.map((a) => ({
      id: a.id,
      optionId: a.optionId,
      revision: a.revision,
      via: a.via,
      acceptedByName: a.acceptedByName,
      signedName: a.signedName,
      signed: a.signatureFileId !== null,
      acceptedAt: a.acceptedAt.toISOString(),
      snapshotSha256: a.snapshotSha256,
      snapshot: JSON.parse(a.snapshot),
    })),
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}
