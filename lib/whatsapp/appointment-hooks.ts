/**
 * Where WhatsApp listens to appointment changes: a booking queues the
 * confirmation, a new date or time queues the reschedule notification. The
 * hooks run inside the change's transaction, so the queued message exists
 * only if the change committed. Reminders and missed-visit follow-ups come
 * from cron jobs instead (./automations.ts).
 *
 * Every subscription to the appointment hooks lives in this one file.
 *
 * @example
 * ```ts
 * subscribeWhatsappAutomations(); // once per process; later calls do nothing
 * ```
 */
import { onAppointmentRescheduled, onAppointmentScheduled } from "../appointments/events.ts";
import { queueAutomation } from "./automations.ts";

let subscribed = false;

export function subscribeWhatsappAutomations(): void {
  if (subscribed) return;
  subscribed = true;
  onAppointmentScheduled(async ({ tx, appointment, timeZone }) => {
    await queueAutomation(tx, "booking_confirmation", appointment, timeZone);
  });
  onAppointmentRescheduled(async ({ tx, appointment, timeZone, previous }) => {
    // A new doctor or room alone does not change when the patient must come.
    if (previous.startsAt.getTime() === appointment.startsAt.getTime()) return;
    await queueAutomation(tx, "reschedule", appointment, timeZone);
  });
}
