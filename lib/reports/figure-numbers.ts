/**
 * The narrative never invents a number. These two functions are that rule:
 * every number a report's figures hold (amounts also in rupees, dates and
 * case numbers by their parts, list lengths), and the numbers a text uses
 * that are not among them. A model's narrative that fails the check is
 * replaced by the template one.
 *
 * @example
 * ```ts
 * numbersNotInFigures("42 booked, 7.5% no-shows", figures); // [] when both are figures
 * ```
 */

/** The numbers written in `text`: `12,500` is 12500, `66.7%` is 66.7. */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)]
    .map((m) => Number(m[0].replace(/,/g, "").replace(/\.$/, "")))
    .filter((n) => Number.isFinite(n));
}

function collect(value: unknown, key: string, into: Set<number>): void {
  if (typeof value === "number") {
    into.add(value);
    // Amounts are stored in paisa and written in rupees.
    if (key.endsWith("Minor")) into.add(value / 100);
  } else if (typeof value === "string") {
    for (const n of numbersIn(value)) into.add(n);
  } else if (Array.isArray(value)) {
    into.add(value.length);
    for (const item of value) collect(item, key, into);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) collect(v, k, into);
  }
}

export function figureNumbers(figures: unknown): Set<number> {
  const numbers = new Set<number>();
  collect(figures, "", numbers);
  return numbers;
}

/** The numbers of `text` the figures do not hold; empty when the text invents none. */
export function numbersNotInFigures(text: string, figures: unknown): number[] {
  const known = figureNumbers(figures);
  const close = (n: number) => [...known].some((k) => Math.abs(k - n) < 1e-9);
  return numbersIn(text).filter((n) => !close(n));
}
