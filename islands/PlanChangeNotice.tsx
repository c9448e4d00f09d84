/**
 * On an open treatment plan page: when someone else changes this plan (a new
 * revision, its status, an item's progress, an acceptance), a notice says so
 * with a button that reloads the page. It does not redraw by itself: the
 * page holds forms — a signature being drawn, a photo being chosen — that a
 * silent redraw would throw away.
 *
 * @example
 * ```tsx
 * <PlanChangeNotice planId={plan.id} userId={me.user.id} />
 * ```
 */
import type { CSSProperties } from "preact";
import { useEffect, useState } from "preact/hooks";
import { subscribeLive } from "../lib/islands/live-events.ts";
import {
  PLAN_CHANGED,
  type PlanChangedEvent,
  planChangeText,
} from "../lib/treatment/plan-events.ts";

export interface PlanChangeNoticeProps {
  planId: string;
  /** The reader: their own changes reload the page anyway. */
  userId: string;
}

// Shown only in the browser: inline styles (twind sees the server render alone).
const BAR: CSSProperties = {
  display: "flex",
  flexWrap: "wrap",
  alignItems: "center",
  justifyContent: "space-between",
  gap: "0.5rem 1rem",
  marginBottom: "1rem",
  padding: "0.75rem 1rem",
  borderRadius: "0.75rem",
  background: "#fffbeb",
  border: "1px solid #fcd34d",
  color: "#78350f",
  fontSize: "0.875rem",
};

const BUTTON: CSSProperties = {
  minHeight: "2.25rem",
  padding: "0.375rem 0.875rem",
  borderRadius: "0.5rem",
  background: "#b45309",
  color: "#ffffff",
  fontWeight: 600,
  border: "none",
  cursor: "pointer",
};

export default function PlanChangeNotice({ planId, userId }: PlanChangeNoticeProps) {
  const [change, setChange] = useState<string | null>(null);
  useEffect(() =>
    subscribeLive([PLAN_CHANGED], (event) => {
      const data: PlanChangedEvent = event.data;
      if (data.planId !== planId || data.actorId === userId) return;
      setChange(data.change);
    }), [planId, userId]);
  if (!change) return null;
  return (
    <div role="status" style={BAR} data-plan-changed={change}>
      <span>{planChangeText(change)} What you see may be out of date.</span>
      <button type="button" style={BUTTON} onClick={() => location.reload()}>
        Reload plan
      </button>
    </div>
  );
}
