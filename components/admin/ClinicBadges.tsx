/** The labels a clinic carries on the admin pages: its plan, and the test-account tag. */
import { Badge, type BadgeTone } from "../ui/mod.ts";

const PLAN_TONES: Record<string, BadgeTone> = { pro_plus: "indigo", pro: "brand" };

export function PlanBadge({ planId, name }: { planId: string; name: string }) {
  return <Badge tone={PLAN_TONES[planId] ?? "slate"}>{name}</Badge>;
}

export function TestBadge() {
  return <Badge tone="amber">Test account</Badge>;
}
