import { assertEquals } from "../../support/assert.ts";
import { etagMatches, parseRange } from "../../../lib/radiology/byte-range.ts";

Deno.test("one byte range is served; what cannot be served as one is the whole file", () => {
  const cases: [string | null, ReturnType<typeof parseRange>][] = [
    [null, { kind: "none" }],
    ["bytes=0-99", { kind: "range", range: { start: 0, end: 99 } }],
    ["bytes=900-", { kind: "range", range: { start: 900, end: 999 } }],
    ["bytes=-100", { kind: "range", range: { start: 900, end: 999 } }],
    ["bytes=-2000", { kind: "range", range: { start: 0, end: 999 } }],
    ["bytes=10-5000", { kind: "range", range: { start: 10, end: 999 } }],
    ["bytes=1000-", { kind: "unsatisfiable" }],
    ["bytes=-0", { kind: "unsatisfiable" }],
    ["bytes=5-1", { kind: "none" }],
    ["bytes=0-1, 4-5", { kind: "none" }],
    ["bytes=-", { kind: "none" }],
    ["items=0-1", { kind: "none" }],
  ];
  for (const [header, expected] of cases) assertEquals(parseRange(header, 1000), expected, header!);
  assertEquals(parseRange("bytes=0-", 0), { kind: "unsatisfiable" });
});

Deno.test("If-None-Match matches the ETag in a list, weakly, or with *", () => {
  assertEquals(etagMatches('"a", "b"', '"b"'), true);
  assertEquals(etagMatches('W/"b"', '"b"'), true);
  assertEquals(etagMatches("*", '"b"'), true);
  assertEquals(etagMatches('"c"', '"b"'), false);
  assertEquals(etagMatches(undefined, '"b"'), false);
});
