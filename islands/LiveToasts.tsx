/**
 * Toasts for live events on every staff page: a new X-ray names its patient
 * and links to the radiology tab, or to the inbox when it matched no one; a
 * patient confirming or cancelling from the email link names the patient and
 * the time, and links to the appointment; a lab updating a case through its
 * shared link names the case and its new status, and links to the case.
 *
 * The region is in the page from the start (empty), so screen readers
 * announce what is added to it. Toasts stack, newest last, and leave after a
 * while unless the pointer or focus is on them. Everything here appears only
 * in the browser, so it is styled inline (twind sees only the server render).
 */
import type { CSSProperties } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { subscribeLive } from "../lib/islands/live-events.ts";
import type { AppointmentChanged } from "../lib/appointments/live-updates.ts";
import type { LabCaseUpdated } from "../lib/lab/timeline.ts";

interface Toast {
  id: string;
  text: string;
  href: string;
}

interface XrayCaptured {
  patientId: string | null;
  patientName: string | null;
}

const SHOW_MS = 8_000;
const MAX_SHOWN = 4;

export function toastForCapture(id: string, data: XrayCaptured): Toast {
  return data.patientId
    ? {
      id,
      text: `New X-ray: ${data.patientName ?? "patient"}`,
      href: `/patients/${encodeURIComponent(data.patientId)}?tab=radiology`,
    }
    : { id, text: "New X-ray in Unassigned captures", href: "/radiology/inbox" };
}

/** Only a patient's own answer is news; staff changes are seen where they are made. */
export function toastForAppointment(id: string, data: AppointmentChanged): Toast | null {
  if (data.by !== "patient") return null;
  const verb = data.status === "confirmed"
    ? "confirmed"
    : data.status === "cancelled"
    ? "cancelled"
    : null;
  if (!verb) return null;
  return {
    id,
    text: `Patient ${verb} ${data.patientName} ${data.time}`,
    href: `/appointments/${encodeURIComponent(data.appointmentId)}`,
  };
}

/** A lab's update through its shared link names the case and its new status. */
export function toastForLabCase(id: string, data: LabCaseUpdated): Toast | null {
  if (data.by !== "lab") return null;
  const what = data.change === "status"
    ? data.statusLabel
    : data.change === "attachment"
    ? "new file"
    : data.change === "note"
    ? "new note"
    : null;
  if (!what) return null;
  return {
    id,
    text: `${data.caseNumber} (${data.patientName}): ${what} — ${data.actor}`,
    href: `/lab/cases/${encodeURIComponent(data.caseId)}`,
  };
}

const REGION: CSSProperties = {
  position: "fixed",
  right: "1rem",
  bottom: "1rem",
  zIndex: 50,
  width: "min(24rem, calc(100vw - 2rem))",
  display: "flex",
  flexDirection: "column",
  gap: "0.5rem",
  pointerEvents: "none",
};

const CARD: CSSProperties = {
  pointerEvents: "auto",
  display: "flex",
  alignItems: "center",
  gap: "0.75rem",
  padding: "0.75rem 0.5rem 0.75rem 1rem",
  borderRadius: "0.75rem",
  borderLeft: "4px solid #14a897",
  background: "#0f172a",
  color: "#fff",
  boxShadow: "0 10px 25px -5px rgb(15 23 42 / 0.35)",
  fontSize: "0.9375rem",
  lineHeight: 1.35,
};

const LINK: CSSProperties = {
  flex: "1 1 auto",
  minWidth: 0,
  color: "#fff",
  fontWeight: 600,
  textDecoration: "none",
  overflowWrap: "anywhere",
};

const CLOSE: CSSProperties = {
  flex: "none",
  width: "2.25rem",
  height: "2.25rem",
  borderRadius: "0.5rem",
  border: "none",
  background: "transparent",
  color: "#cbd5e1",
  fontSize: "1.25rem",
  lineHeight: 1,
  cursor: "pointer",
};

export default function LiveToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const held = useRef(false);

  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const dismissLater = (id: string, ms: number) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        // Someone is reading or about to click: keep it a little longer.
        if (held.current) return dismissLater(id, 1_000);
        setToasts((list) => list.filter((toast) => toast.id !== id));
      }, ms);
      timers.add(timer);
    };
    const types = ["xray.captured", "appointment.changed", "lab.case.updated"];
    const unsubscribe = subscribeLive(types, (event) => {
      const toast = event.type === "xray.captured"
        ? toastForCapture(event.id, event.data as XrayCaptured)
        : event.type === "lab.case.updated"
        ? toastForLabCase(event.id, event.data as LabCaseUpdated)
        : toastForAppointment(event.id, event.data as AppointmentChanged);
      if (!toast) return;
      setToasts((list) => [...list, toast].slice(-MAX_SHOWN));
      dismissLater(toast.id, SHOW_MS);
    });
    return () => {
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
    };
  }, []);

  const hold = (on: boolean) => () => (held.current = on);
  return (
    <div
      role="status"
      aria-live="polite"
      aria-label="Live notifications"
      data-live-toasts
      style={REGION}
      onMouseEnter={hold(true)}
      onMouseLeave={hold(false)}
      onFocusIn={hold(true)}
      onFocusOut={hold(false)}
    >
      {toasts.map((toast) => (
        <div key={toast.id} style={CARD} data-toast>
          <a href={toast.href} style={LINK}>{toast.text}</a>
          <button
            type="button"
            style={CLOSE}
            aria-label="Dismiss notification"
            onClick={() => setToasts((list) => list.filter((t) => t.id !== toast.id))}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
