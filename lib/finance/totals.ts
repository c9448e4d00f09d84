/**
 * Invoice arithmetic, in integer paisa: a line is quantity × unit price less its discount; the
 * optional tax is charged on what is left after discounts, rounded half up to the paisa. No
 * imports, so the new-invoice form previews exactly what the server will store.
 */

export interface PricedLine {
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
}

export interface InvoiceTotals {
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export function lineTotal(line: PricedLine): number {
  return line.quantity * line.unitPriceMinor - line.discountMinor;
}

/** `taxRateBp` in basis points (1700 = 17%), null for no tax. */
export function invoiceTotals(
  lines: readonly PricedLine[],
  taxRateBp: number | null,
): InvoiceTotals {
  const subtotalMinor = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  const discountMinor = lines.reduce((sum, l) => sum + l.discountMinor, 0);
  const taxable = subtotalMinor - discountMinor;
  const taxMinor = taxRateBp ? Math.floor((taxable * taxRateBp + 5000) / 10000) : 0;
  return { subtotalMinor, discountMinor, taxMinor, totalMinor: taxable + taxMinor };
}

/** `1700` → `17%`, `1250` → `12.5%`. */
export function taxRateText(bp: number): string {
  return `${Number((bp / 100).toFixed(2))}%`;
}

export const invoiceNumberText = (n: number) => `INV-${String(n).padStart(6, "0")}`;
export const receiptNumberText = (n: number) => `RCT-${String(n).padStart(6, "0")}`;

export const PAYMENT_METHOD_LABELS = {
  cash: "Cash",
  card: "Card",
  bank_transfer: "Bank transfer",
  jazzcash: "JazzCash",
  easypaisa: "Easypaisa",
  cheque: "Cheque",
} as const;

export const INVOICE_STATUS_LABELS = {
  draft: "Draft",
  issued: "Issued",
  partially_paid: "Partially paid",
  paid: "Paid",
  void: "Void",
} as const;
