/** A plan's status as a coloured badge. */
import { Badge, type BadgeTone } from "../ui/mod.ts";
import { type PlanStatus, STATUS_LABELS } from "../../lib/treatment/plan-input.ts";

const TONES: Record<PlanStatus, BadgeTone> = {
  draft: "slate",
  proposed: "sky",
  accepted: "green",
  in_progress: "indigo",
  completed: "brand",
  declined: "rose",
  cancelled: "red",
};

export function PlanStatusBadge({ status }: { status: PlanStatus }) {
  return <Badge tone={TONES[status]} dot>{STATUS_LABELS[status]}</Badge>;
}
