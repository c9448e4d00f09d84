/** A referral's status as a coloured label. */
import type { ReferralStatus } from "../../lib/subscriptions/referral-status.ts";
import { REFERRAL_STATUS_LABELS } from "../../lib/subscriptions/referral-status.ts";
import { Badge, type BadgeTone } from "../ui/mod.ts";

const TONES: Record<ReferralStatus, BadgeTone> = {
  new: "brand",
  contacted: "indigo",
  signed_up: "green",
  declined: "slate",
};

export function ReferralStatusBadge(
  { status, label }: { status: ReferralStatus; label?: string },
) {
  return <Badge tone={TONES[status]} dot>{label ?? REFERRAL_STATUS_LABELS[status]}</Badge>;
}
