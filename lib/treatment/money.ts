/**
 * Money as treatment plans show it: integer minor units (paisa) in, `PKR 12,500` out, with the
 * paisa only when there are some (`PKR 12,500.50`). No imports, so islands format previews the
 * same way the server formats pages and PDFs.
 */

export const CURRENCY = "PKR";

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatPkr(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const rupees = Math.floor(abs / 100);
  const paisa = abs % 100;
  const text = whole.format(rupees) + (paisa ? `.${String(paisa).padStart(2, "0")}` : "");
  return `${sign}${CURRENCY} ${text}`;
}

/**
 * Reads a rupee amount typed by a person ("12500", "12,500", "12500.5") as paisa; null when it
 * is not an amount. More than two decimals is refused rather than rounded.
 */
export function parseRupees(text: string): number | null {
  const cleaned = text.trim().replace(/,/g, "").replace(/^PKR\s*/i, "");
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [rupees, paisa = ""] = cleaned.split(".");
  return Number(rupees) * 100 + Number(paisa.padEnd(2, "0"));
}

/** Paisa as the plain rupee text a form field holds ("12500", "12500.50"). */
export function rupeesText(minor: number): string {
  const paisa = minor % 100;
  return `${Math.floor(minor / 100)}${paisa ? `.${String(paisa).padStart(2, "0")}` : ""}`;
}
