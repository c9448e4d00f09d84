import { assertEquals } from "../../support/assert.ts";
import { layoutOverlaps } from "../../../lib/calendar/overlap-layout.ts";

const placed = (items: { id: string; start: number; end: number }[]) =>
  Object.fromEntries(
    [...layoutOverlaps(items)].map((
      [id, p],
    ) => [id, `${p.column}/${p.columns}${p.span > 1 ? `+${p.span}` : ""}`]),
  );

Deno.test("appointments that do not overlap each take the full width", () => {
  assertEquals(
    placed([{ id: "a", start: 600, end: 630 }, { id: "b", start: 630, end: 660 }]),
    { a: "0/1", b: "0/1" },
  );
});

Deno.test("overlapping appointments sit side by side", () => {
  assertEquals(
    placed([
      { id: "b", start: 630, end: 690 },
      { id: "a", start: 600, end: 660 },
      { id: "c", start: 700, end: 730 },
    ]),
    { a: "0/2", b: "1/2", c: "0/1" },
  );
});

Deno.test("a chain of overlaps shares one column count and reuses freed columns", () => {
  // a overlaps b, b overlaps c, a and c do not: two columns suffice, c reuses a's.
  assertEquals(
    placed([
      { id: "a", start: 540, end: 600 },
      { id: "b", start: 570, end: 660 },
      { id: "c", start: 600, end: 630 },
      { id: "d", start: 605, end: 620 },
    ]),
    { a: "0/3", b: "1/3", c: "0/3", d: "2/3" },
  );
});

Deno.test("a card widens over the columns its neighbours leave free", () => {
  // c sits beside b only; the third column, used by d earlier, is free at c's time.
  assertEquals(
    placed([
      { id: "a", start: 540, end: 600 },
      { id: "b", start: 540, end: 660 },
      { id: "d", start: 550, end: 590 },
      { id: "c", start: 600, end: 630 },
    ]),
    { b: "0/3", a: "1/3", d: "2/3", c: "1/3+2" },
  );
});

Deno.test("at the same start the longer appointment takes the left column", () => {
  assertEquals(
    placed([{ id: "short", start: 600, end: 615 }, { id: "long", start: 600, end: 690 }]),
    { long: "0/2", short: "1/2" },
  );
});
