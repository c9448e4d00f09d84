import { assert, assertEquals } from "../../support/assert.ts";
import {
  CROWN,
  layoutOdontogram,
  neighbourTooth,
  surfaceName,
  surfacePolygon,
  surfaceSide,
  viewRows,
} from "../../../lib/clinical/odontogram-geometry.ts";
import { type DrawnEntry, toothDrawings } from "../../../lib/clinical/odontogram-findings.ts";
import { chartAsOf, type ChartEntry } from "../../../lib/clinical/chart.ts";

Deno.test("mesial faces the midline and buccal the outside of the mouth, in every quadrant", () => {
  // Viewer's left half (patient's right): mesial on the right-hand side of the square.
  assertEquals(surfaceSide("16", "M"), "right");
  assertEquals(surfaceSide("46", "M"), "right");
  assertEquals(surfaceSide("16", "D"), "left");
  // Viewer's right half: mesial on the left.
  assertEquals(surfaceSide("26", "M"), "left");
  assertEquals(surfaceSide("36", "M"), "left");
  assertEquals(surfaceSide("36", "D"), "right");
  // Upper teeth: buccal on top, palatal toward the occlusal plane; lower teeth mirrored.
  assertEquals(surfaceSide("26", "B"), "top");
  assertEquals(surfaceSide("26", "L"), "bottom");
  assertEquals(surfaceSide("36", "B"), "bottom");
  assertEquals(surfaceSide("36", "L"), "top");
  assertEquals(surfaceSide("75", "M"), "left");
  assertEquals(surfaceSide("55", "B"), "top");
  assertEquals(surfaceSide("11", "O"), "center");
});

Deno.test("surfaces are named for the tooth: incisal and labial in front, palatal above", () => {
  assertEquals(surfaceName("11", "O"), "Incisal");
  assertEquals(surfaceName("11", "B"), "Labial");
  assertEquals(surfaceName("11", "L"), "Palatal");
  assertEquals(surfaceName("36", "O"), "Occlusal");
  assertEquals(surfaceName("36", "B"), "Buccal");
  assertEquals(surfaceName("36", "L"), "Lingual");
});

Deno.test("the five surfaces tile the crown square without leaving it", () => {
  const area = (points: readonly (readonly [number, number])[]) =>
    Math.abs(points.reduce((sum, [x, y], i) => {
      const [nx, ny] = points[(i + 1) % points.length];
      return sum + x * ny - nx * y;
    }, 0)) / 2;
  let total = 0;
  for (const surface of ["M", "O", "D", "B", "L"] as const) {
    const polygon = surfacePolygon("36", surface, 100, 50);
    for (const [x, y] of polygon) {
      assert(x >= 100 && x <= 100 + CROWN && y >= 50 && y <= 50 + CROWN, `${surface} leaves`);
    }
    total += area(polygon);
  }
  assertEquals(total, CROWN * CROWN);
});

Deno.test("FDI order on the drawing: adult 32, primary 20, mixed both with the midline kept", () => {
  const adult = layoutOdontogram("permanent");
  assertEquals(adult.teeth.length, 32);
  assertEquals(adult.rows[0].join(" "), "18 17 16 15 14 13 12 11 21 22 23 24 25 26 27 28");
  assertEquals(adult.rows[1].join(" "), "48 47 46 45 44 43 42 41 31 32 33 34 35 36 37 38");
  assertEquals(layoutOdontogram("primary").teeth.length, 20);
  const mixed = viewRows("mixed");
  assertEquals(mixed.rows.map((r) => r.length), [16, 10, 10, 16]);
  assertEquals(mixed.upperRows, 2);
  const layout = layoutOdontogram("mixed");
  const x = (tooth: string) => layout.teeth.find((t) => t.tooth === tooth)!.x;
  // Both rows straddle the same midline: 11 and 51 left of it, 21 and 61 right.
  const midline = layout.width / 2;
  for (const t of ["11", "51", "41", "81"]) assert(x(t) + CROWN < midline, t);
  for (const t of ["21", "61", "31", "71"]) assert(x(t) > midline, t);
  // Teeth never overlap within a row.
  for (const row of layout.rows) {
    for (let i = 1; i < row.length; i++) assert(x(row[i]) - x(row[i - 1]) >= CROWN);
  }
});

Deno.test("arrow keys walk the row and jump to the nearest tooth of the next row", () => {
  const adult = layoutOdontogram("permanent");
  assertEquals(neighbourTooth(adult, "11", "ArrowRight"), "21");
  assertEquals(neighbourTooth(adult, "11", "ArrowLeft"), "12");
  assertEquals(neighbourTooth(adult, "18", "ArrowLeft"), "18");
  assertEquals(neighbourTooth(adult, "26", "ArrowDown"), "36");
  assertEquals(neighbourTooth(adult, "36", "ArrowUp"), "26");
  assertEquals(neighbourTooth(adult, "36", "ArrowDown"), "36");
  const mixed = layoutOdontogram("mixed");
  assertEquals(neighbourTooth(mixed, "11", "ArrowDown"), "51");
});

const e = (
  tooth: string,
  kind: DrawnEntry["kind"],
  code: string,
  surface: DrawnEntry["surface"] = null,
): DrawnEntry => ({ tooth, kind, code, surface });

Deno.test("caries on 36 MO colours exactly those two surfaces as a condition", () => {
  const drawing = toothDrawings([
    e("36", "condition", "caries", "M"),
    e("36", "condition", "caries", "O"),
  ])
    .get("36")!;
  assertEquals(drawing.surfaces, {
    M: { code: "caries", state: "condition" },
    O: { code: "caries", state: "condition" },
  });
});

Deno.test("planned treatment is outlined until done, and done treatment is blue", () => {
  const planned = toothDrawings([
    e("24", "condition", "caries", "D"),
    e("24", "planned", "filling_placed", "D"),
    e("17", "planned", "extraction"),
  ]);
  assertEquals(planned.get("24")!.surfaces.D, { code: "filling", state: "planned" });
  assertEquals(planned.get("17")!.extraction, { state: "planned" });
  assertEquals(planned.get("17")!.missing, undefined);
  const done = toothDrawings([
    e("24", "planned", "filling_placed", "D"),
    e("24", "procedure", "filling_placed", "D"),
    e("17", "planned", "extraction"),
    e("17", "procedure", "extraction"),
  ]);
  assertEquals(done.get("24")!.surfaces.D, { code: "filling", state: "completed" });
  assertEquals(done.get("17")!.missing, { state: "completed" });
  assertEquals(done.get("17")!.extraction, undefined);
});

Deno.test("whole-tooth findings: existing crown grey, canal, implant replaces missing, bridge roles", () => {
  const drawings = toothDrawings([
    e("11", "condition", "crown"),
    e("11", "procedure", "root_canal_treatment"),
    e("36", "condition", "missing"),
    e("36", "procedure", "implant_placed"),
    e("46", "condition", "missing"),
    ...["45", "46", "47"].map((t) => e(t, "procedure", "bridge_placed")),
  ]);
  assertEquals(drawings.get("11")!.crown, { state: "existing" });
  assertEquals(drawings.get("11")!.rootCanal, { state: "completed" });
  assertEquals(drawings.get("36")!.missing, undefined);
  assertEquals(drawings.get("36")!.implant, { state: "completed" });
  assertEquals(drawings.get("46")!.bridge?.role, "pontic");
  assertEquals(drawings.get("45")!.bridge?.role, "abutment");
  assertEquals(drawings.get("47")!.bridge?.role, "abutment");
});

Deno.test("the chart of a past date holds what was charted by then and not yet removed", () => {
  const entry = (id: string, recordedOn: string, removedAt: Date | null = null) =>
    ({ id, recordedOn, removedAt }) as ChartEntry;
  const history = [
    entry("a", "2026-10-01"),
    // Removed at 23:30 UTC on 1 Nov: already 2 Nov in Karachi (UTC+5).
    entry("b", "2026-10-15", new Date("2026-11-01T23:30:00Z")),
    entry("c", "2026-11-20"),
  ];
  const ids = (date: string) => chartAsOf(history, date, "Asia/Karachi").map((x) => x.id);
  assertEquals(ids("2026-09-30"), []);
  assertEquals(ids("2026-10-01"), ["a"]);
  assertEquals(ids("2026-11-01"), ["a", "b"]);
  assertEquals(ids("2026-11-02"), ["a"]);
  assertEquals(ids("2026-11-20"), ["a", "c"]);
});
