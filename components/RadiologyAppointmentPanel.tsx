/**
 * The appointment detail's "X-rays" card: images captured during the visit
 * (captures whose `appointment_id` is this appointment), kept live by the
 * `AppointmentXrays` island. Its captures come from `loadAppointmentRadiology`.
 */
import type { AppointmentCapture } from "../lib/radiology/appointment-xrays.ts";
import AppointmentXrays from "../islands/AppointmentXrays.tsx";
import { Card } from "./Card.tsx";

export function AppointmentXraysCard(
  { appointmentId, patientId, captures, timeZone }: {
    appointmentId: string;
    patientId: string;
    captures: AppointmentCapture[];
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
