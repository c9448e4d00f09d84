/**
 * Which appointments in a stretch of the calendar wait on a lab case that may
 * not be back in time — the calendar marks their cards. One query for the whole
 * view (`lib/calendar/calendar-queries.ts`); the working calendar comes from the hours and closed dates the calendar
 * loads anyway, so the warning costs the page a single statement.
 */
import { localDateOf } from "../time/zoned.ts";
import { mayNotBeBack } from "./case-queries.ts";
import type { LabCaseStatus } from "./statuses.ts";
import type { WorkingCalendar } from "./working-days.ts";

/** Lab cases in these states no longer hold up an appointment. */
export const SETTLED: LabCaseStatus[] = ["delivered", "fitted", "cancelled"];

export interface PendingLabCase {
  appointmentId: string;
  startsAt: Date;
  status: LabCaseStatus;
  dueDate: string | null;
}

/** The appointments among `cases` whose lab work may not be back in time. */
export function appointmentsAtLabRisk(
  cases: readonly PendingLabCase[],
  timeZone: string,
  calendar: WorkingCalendar,
): Set<string> {
  return new Set(
    cases.filter((row) => mayNotBeBack(row, localDateOf(row.startsAt, timeZone), calendar))
      .map((row) => row.appointmentId),
  );
}
