/**
 * The month view and the phone's week agenda are drawn by the server alone,
 * so a change made elsewhere (a patient confirming from the email link, a
 * colleague booking) cannot restyle them in place. When one lands on a date
 * they show, this says so with a link that redraws the page; the page holds
 * nothing a reload would lose, but reloading by itself would jump the scroll
 * under the reader's finger.
 *
 * @example
 * ```tsx
 * <CalendarChangeNotice from="2026-11-23" to="2026-11-29" timeZone="Asia/Karachi" />
 * ```
 */
import type { CSSProperties } from "preact";
import { useEffect, useState } from "preact/hooks";
import { subscribeLive } from "../lib/islands/live-events.ts";
import { localDateOf } from "../lib/time/zoned.ts";

export interface CalendarChangeNoticeProps {
  /** The first and last dates (YYYY-MM-DD) the page shows. */
  from: string;
  to: string;
  timeZone: string;
}

// Shown only in the browser: inline styles (twind sees the server render alone).
const BAR: CSSProperties = {
  display: "flex",
  alignItems: "center",
  justifyContent: "space-between",
  gap: "0.75rem",
  margin: "0.75rem 1rem",
  padding: "0.5rem 0.75rem",
  borderRadius: "0.5rem",
  background: "#f0fdfa",
  border: "1px solid #99f6e4",
  color: "#134e4a",
  fontSize: "0.875rem",
};

export default function CalendarChangeNotice({ from, to, timeZone }: CalendarChangeNoticeProps) {
  const [changed, setChanged] = useState(false);
  useEffect(() =>
    subscribeLive(["appointment.changed"], (event) => {
      const date = localDateOf(new Date(event.data.startsAt), timeZone);
      if (date >= from && date <= to) setChanged(true);
    }), [from, to, timeZone]);
  if (!changed) return null;
  return (
    <div role="status" style={BAR} data-calendar-changed>
      <span>Calendar updated</span>
      <a
        href=""
        style={{ fontWeight: 600, textDecoration: "underline" }}
        onClick={(e) => {
          e.preventDefault();
          location.reload();
        }}
      >
        Refresh
      </a>
    </div>
  );
}
