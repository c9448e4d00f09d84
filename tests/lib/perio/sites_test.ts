import { assertEquals } from "../../support/assert.ts";
import {
  attachmentLevel,
  compareExams,
  emptySite,
  entrySequence,
  hasFurcation,
  isWorse,
  siteKey,
  type SiteReading,
  summarize,
} from "../../../lib/perio/sites.ts";

Deno.test("clinical attachment level is depth plus recession, unknown without both", () => {
  assertEquals(attachmentLevel(4, 2), 6);
  assertEquals(attachmentLevel(3, 0), 3);
  // Gum above the enamel–cement junction (swelling): attachment less than the pocket.
  assertEquals(attachmentLevel(5, -2), 3);
  assertEquals(attachmentLevel(4, null), null);
  assertEquals(attachmentLevel(null, 1), null);
});

Deno.test("the usual sweep: upper buccal 18→28, palatal back, lower lingual 48→38, buccal back", () => {
  const order = entrySequence("arches");
  assertEquals(order.length, 192);
  const at = (i: number) => `${order[i].tooth}${order[i].site}`;
  // Moving right along the upper row, 18's distal site comes first, 11's mesial last.
  assertEquals([0, 1, 2].map(at), ["18DB", "18B", "18MB"]);
  assertEquals([22, 23, 24, 25].map(at), ["11B", "11MB", "21MB", "21B"]);
  assertEquals(at(47), "28DB");
  // Palatal pass returns from 28 to 18.
  assertEquals([48, 49, 50].map(at), ["28DL", "28L", "28ML"]);
  assertEquals(at(95), "18DL");
  // Lower lingual from 48 (viewer's left) to 38, then buccal back.
  assertEquals([96, 97, 98].map(at), ["48DL", "48L", "48ML"]);
  assertEquals(at(143), "38DL");
  assertEquals([144, 191].map(at), ["38DB", "48DB"]);
  // Every site exactly once.
  assertEquals(new Set(order.map((s) => siteKey(s.tooth, s.site))).size, 192);
});

Deno.test("tooth by tooth: six sites of one tooth before the next; missing teeth skipped", () => {
  const order = entrySequence("tooth", new Set(["18", "17"]));
  assertEquals(order.length, 180);
  assertEquals(
    order.slice(0, 6).map((s) => `${s.tooth}${s.site}`),
    ["16DB", "16B", "16MB", "16DL", "16L", "16ML"],
  );
  assertEquals(order.slice(-1)[0].tooth, "48");
  assertEquals(entrySequence("arches", new Set(["11"])).some((s) => s.tooth === "11"), false);
});

Deno.test("summary: mean depth, bleeding share and deep sites over probed sites", () => {
  const site = (depth: number | null, bleeding = false): SiteReading => ({
    ...emptySite(),
    depth,
    recession: depth === null ? null : 1,
    bleeding,
  });
  const summary = summarize([site(2), site(3, true), site(4), site(7, true), site(null, true)]);
  assertEquals(summary.sites, 4);
  assertEquals(summary.meanDepth, 4);
  assertEquals(summary.bleedingPercent, 50);
  assertEquals(summary.deep4, 2);
  assertEquals(summary.deep6, 1);
  assertEquals(summary.meanAttachment, 5);
  assertEquals(summarize([]).meanDepth, null);
});

Deno.test("comparison per site; a site is worse at 2 mm deeper or 2 mm more attachment lost", () => {
  const reading = (depth: number, recession = 0): SiteReading => ({
    ...emptySite(),
    depth,
    recession,
  });
  const before = new Map([
    [siteKey("16", "MB"), reading(3)],
    [siteKey("16", "B"), reading(3)],
    [siteKey("16", "DB"), reading(4)],
  ]);
  const after = new Map([
    [siteKey("16", "MB"), reading(5)],
    [siteKey("16", "B"), reading(3, 2)],
    [siteKey("16", "DB"), reading(5)],
  ]);
  const changes = compareExams(before, after);
  assertEquals(changes.map((c) => [c.site, c.depthChange, c.attachmentChange]), [
    ["MB", 2, 2],
    ["B", 0, 2],
    ["DB", 1, 1],
  ]);
  assertEquals(changes.filter((c) => isWorse(c)).map((c) => c.site), ["MB", "B"]);
  assertEquals(hasFurcation("16"), true);
  assertEquals(hasFurcation("14"), true);
  assertEquals(hasFurcation("34"), false);
  assertEquals(hasFurcation("11"), false);
});
