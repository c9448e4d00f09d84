/**
 * Billing periods of platform invoices: a calendar month for a monthly subscription, twelve
 * months from the chosen month for an annual one. Dates are calendar dates (YYYY-MM-DD) on the
 * platform's clock, Pakistan time.
 */
import { addDays, addMonths } from "../calendar/calendar-dates.ts";
import { localDateOf } from "../time/zoned.ts";
import type { BillingPeriod } from "../subscriptions/state.ts";

/** The platform bills on Pakistan's calendar. */
export const PLATFORM_TIME_ZONE = "Asia/Karachi";

/** Days between the issue date and the due date of a new invoice. */
export const PAYMENT_TERMS_DAYS = 14;

export interface InvoicePeriod {
  start: string;
  end: string;
}

/** The period starting on the first of `month` (YYYY-MM). */
export function periodOf(month: string, billingPeriod: BillingPeriod): InvoicePeriod {
  const start = `${month}-01`;
  return { start, end: addDays(addMonths(start, billingPeriod === "annual" ? 12 : 1), -1) };
}

const monthYear = new Intl.DateTimeFormat("en-GB", {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

function monthName(date: string): string {
  return monthYear.format(new Date(`${date}T00:00:00Z`));
}

/** "December 2026", or "December 2026 – November 2027" for a longer period. */
export function periodLabel(period: InvoicePeriod): string {
  const first = monthName(period.start);
  const last = monthName(period.end);
  return first === last ? first : `${first} – ${last}`;
}

/** The platform's date today. */
export function platformToday(now: Date): string {
  return localDateOf(now, PLATFORM_TIME_ZONE);
}

/** "2 December 2026" */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${date}T00:00:00Z`));
}
