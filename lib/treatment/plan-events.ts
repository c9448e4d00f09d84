/**
 * The live event a plan's change publishes, and what an open plan page says
 * about each kind of change. Browser-safe: the plan page's island reads it.
 */
export const PLAN_CHANGED = "treatment.plan_changed";

export type PlanChange = "created" | "edited" | "status" | "item" | "accepted" | "photo";

export interface PlanChangedEvent {
  planId: string;
  patientId: string;
  change: PlanChange;
  /** Who changed it; null when the patient accepted through their link. */
  actorId: string | null;
}

const SAID: Record<PlanChange, string> = {
  created: "This plan was created elsewhere.",
  edited: "Someone saved a new revision of this plan.",
  status: "Someone changed this plan's status.",
  item: "Someone updated an item's progress on this plan.",
  accepted: "This plan has just been accepted.",
  photo: "Someone attached a photo to this plan.",
};

export function planChangeText(change: string): string {
  return SAID[change as PlanChange] ?? "This plan has changed.";
}
