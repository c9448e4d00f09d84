/** Display formatting for dates and money, in the clinic's time zone. */
import { CURRENCY, formatPkr } from "../treatment/money.ts";

// Building an Intl formatter costs far more than using one; pages format many dates.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = timeZone + JSON.stringify(options);
  let format = formatters.get(key);
  if (!format) {
    formatters.set(key, format = new Intl.DateTimeFormat("en-GB", { timeZone, ...options }));
  }
  return format;
}
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** Money in minor units; PKR (every price in the app) follows the one rule of `formatPkr`. */
export function formatMoney(minor: number, currency: string): string {
  if (currency === CURRENCY) return formatPkr(minor);
  const major = minor / 100;
  return `${currency} ${major.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
}

export function formatDateTime(date: Date, timeZone: string): string {
  return dateFormat(timeZone, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

export function formatLongDate(date: Date, timeZone: string): string {
  return dateFormat(timeZone, { weekday: "long", day: "numeric", month: "long", year: "numeric" })
    .format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["week", 7 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

export function formatRelative(date: Date, now = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 45) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "minute") {
      return relative.format(Math.round(seconds / size), unit);
    }
  }
  return "just now";
}

export function greeting(now: Date, timeZone: string): string {
  const hour = Number(dateFormat(timeZone, { hour: "numeric", hour12: false }).format(now));
  return hour < 12 ? "Good morning" : hour < 17 ? "Good afternoon" : "Good evening";
}

/** `09:30`, on the clinic's 24-hour clock. */
export function formatTime(date: Date, timeZone: string): string {
  return dateFormat(timeZone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(date);
}

/** `Fri 4 Dec`, for a day within the coming week. */
export function formatShortDay(date: Date, timeZone: string): string {
  return dateFormat(timeZone, { weekday: "short", day: "numeric", month: "short" }).format(date);
}
