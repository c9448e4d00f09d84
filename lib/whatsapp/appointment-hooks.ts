/**
 * Where WhatsApp listens to appointment changes: a booking queues the
 * confirmation, a new date or time queues the reschedule notification. The
 * hooks run inside the change's transaction, so the queued message exists
 * only if the change committed. Reminders and missed-visit follow-ups come
 * from cron jobs instead (./automations.ts).
 *
 * Every registration on the appointment hooks for WhatsApp lives in this one file.
 *
 * @example
 * ```ts
 * registerWhatsappAutomations(deps.hooks); // once per app, in createApp
 * ```
 */
import type { DomainHooks } from "../events/domain-hooks.ts";
import { queueAutomation } from "./automations.ts";

export function registerWhatsappAutomations(hooks: DomainHooks): void {
  hooks.on("appointment.scheduled", async ({ appointment, timeZone }, tx) => {
    await queueAutomation(tx, "booking_confirmation", appointment, timeZone);
  });
  hooks.on("appointment.rescheduled", async ({ appointment, timeZone, previous }, tx) => {
    // A new doctor or room alone does not change when the patient must come.
    if (previous.startsAt.getTime() === appointment.startsAt.getTime()) return;
    await queueAutomation(tx, "reschedule", appointment, timeZone);
  });
}
