/**
 * The X-rays of one visit: captures whose `appointment_id` is the
 * appointment, oldest first, in the shape the appointment's live X-ray panel
 * takes as props (times as ISO text, so they cross to the browser).
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { xrayCaptures } from "../db/schema.ts";

export interface AppointmentCapture {
  captureId: string;
  fileId: string;
  category: string;
  /** ISO time. */
  capturedAt: string;
}

export async function loadAppointmentRadiology(
  db: Db,
  clinicId: string,
  appointmentId: string,
): Promise<AppointmentCapture[]> {
  const rows = await db.select({
    captureId: xrayCaptures.id,
    fileId: xrayCaptures.fileId,
    category: xrayCaptures.category,
    capturedAt: xrayCaptures.capturedAt,
  })
    .from(xrayCaptures)
    .where(and(eq(xrayCaptures.clinicId, clinicId), eq(xrayCaptures.appointmentId, appointmentId)))
    .orderBy(asc(xrayCaptures.capturedAt));
  return rows.map((row) => ({ ...row, capturedAt: row.capturedAt.toISOString() }));
}
