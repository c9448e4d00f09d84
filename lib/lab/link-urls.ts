/** Where a shared link points, and until when it works. */
import type { Db } from "../db/client.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import { fromWallClock } from "../time/zoned.ts";
import { addDays } from "../calendar/calendar-dates.ts";

export function sharedLinkUrl(appUrl: string, token: string): string {
  return `${appUrl}/lab/shared/${token}`;
}

/**
 * A link chosen to work "until 31 December" works to the end of that day on
 * the clinic's clock; without a date it works `defaultDays` from now.
 */
export async function linkExpiry(
  db: Db,
  clinicId: string,
  input: { expiresOn?: string | null; defaultDays: number; now?: Date },
): Promise<Date> {
  const now = input.now ?? new Date();
  if (!input.expiresOn) return new Date(now.getTime() + input.defaultDays * 86_400_000);
  const timeZone = await clinicTimeZone(db, clinicId);
  return fromWallClock(addDays(input.expiresOn, 1), 0, timeZone);
}
