/**
 * The appointment detail's X-rays panel: images captured during this
 * appointment, and new ones as the bridge sends them (`xray.captured`, or
 * `xray.assigned` when a capture is filed from the inbox), appended without a
 * reload. Each thumbnail opens the patient's Radiology tab on that capture.
 */
import { categoryLabel } from "../lib/radiology/categories.ts";
import { useEffect, useState } from "preact/hooks";
import { subscribeLive } from "../lib/islands/live-events.ts";

export interface AppointmentXray {
  captureId: string;
  fileId: string;
  category: string;
  /** ISO time. */
  capturedAt: string;
}

export interface AppointmentXraysProps {
  appointmentId: string;
  patientId: string;
  captures: AppointmentXray[];
  timeZone: string;
}

// New thumbnails exist only in the browser, so they are styled inline.
const S = {
  grid: "display:grid;grid-template-columns:repeat(auto-fill,minmax(6.5rem,1fr));gap:0.75rem;" +
    "padding:1rem 1.25rem",
  card: "display:block;text-decoration:none;color:inherit",
  thumb: "position:relative;display:block;aspect-ratio:1/1;border-radius:0.5rem;overflow:hidden;" +
    "background:#1e293b",
  img: "position:absolute;inset:0",
  label: "display:block;margin-top:0.3rem;font-size:12px;font-weight:500;color:#0f172a",
  time: "display:block;font-size:11px;color:#64748b",
  empty: "padding:1.5rem 1.25rem;font-size:14px;color:#64748b",
};

export default function AppointmentXrays(
  { appointmentId, patientId, captures: initial, timeZone }: AppointmentXraysProps,
) {
  const [captures, setCaptures] = useState(initial);

  useEffect(() =>
    subscribeLive(["xray.captured", "xray.assigned"], (event) => {
      const data = event.data as AppointmentXray & { appointmentId: string | null };
      if (data.appointmentId !== appointmentId) return;
      setCaptures((list) =>
        list.some((c) => c.captureId === data.captureId) ? list : [...list, {
          captureId: data.captureId,
          fileId: data.fileId,
          category: data.category,
          capturedAt: data.capturedAt,
        }]
      );
    }), [appointmentId]);

  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
  });
  if (captures.length === 0) {
    return (
      <p style={S.empty} data-xrays-empty>
        No X-rays yet. Images the sensor takes during this visit appear here.
      </p>
    );
  }
  return (
    <ul style={`${S.grid};list-style:none;margin:0`} data-appointment-xrays>
      {captures.map((c) => (
        <li key={c.captureId} data-xray={c.captureId}>
          <a
            style={S.card}
            href={`/patients/${patientId}?tab=radiology&open=capture:${c.captureId}`}
          >
            <span style={S.thumb}>
              {/* A background, so a thumbnail that cannot be made leaves the tile plain. */}
              <span
                style={`${S.img};background:center/cover url("/api/v1/files/${c.fileId}/thumbnail")`}
              />
            </span>
            <span style={S.label}>{categoryLabel(c.category)}</span>
            <span style={S.time}>{time.format(new Date(c.capturedAt))}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
