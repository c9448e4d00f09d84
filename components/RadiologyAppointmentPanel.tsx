/**
 * The appointment detail's "X-rays" card: images captured during the visit
 * (captures whose `appointment_id` is this appointment), kept live by the
 * `AppointmentXrays` island.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../lib/db/client.ts";
import { xrayCaptures } from "../lib/db/schema.ts";
import AppointmentXrays, { type AppointmentXray } from "../islands/AppointmentXrays.tsx";
import { Card } from "./Card.tsx";

export async function appointmentXrays(
  db: Db,
  clinicId: string,
  appointmentId: string,
): Promise<AppointmentXray[]> {
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

export function AppointmentXraysCard(
  { appointmentId, patientId, captures, timeZone }: {
    appointmentId: string;
    patientId: string;
    captures: AppointmentXray[];
    timeZone: string;
  },
) {
  return (
    <div id="xrays">
      <Card
        title="X-rays"
        action={
          <a
            href={`/patients/${patientId}?tab=radiology`}
            class="text-sm font-medium text-brand-700 hover:text-brand-800"
          >
            Radiology
          </a>
        }
      >
        <AppointmentXrays
          appointmentId={appointmentId}
          patientId={patientId}
          captures={captures}
          timeZone={timeZone}
        />
      </Card>
    </div>
  );
}
