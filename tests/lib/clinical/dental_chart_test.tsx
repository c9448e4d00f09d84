import { renderToString } from "preact-render-to-string";
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { DentalChart } from "../../../components/clinical/DentalChart.tsx";
import { archRows, isFdiTooth } from "../../../lib/clinical/teeth.ts";
import { type ChartEntry, toothStatus, validateChartEntry } from "../../../lib/clinical/chart.ts";

const teethIn = (svg: string) => [...svg.matchAll(/data-tooth="(\d+)"/g)].map((m) => m[1]);

Deno.test("FDI numbering accepts the 52 real teeth and nothing else", () => {
  const valid = [];
  for (let n = 0; n < 100; n++) if (isFdiTooth(String(n))) valid.push(n);
  assertEquals(valid.length, 32 + 20);
  for (const bad of ["19", "56", "09", "10", "49", "86", "91", "011", " 11"]) {
    assert(!isFdiTooth(bad), bad);
  }
});

Deno.test("the arches read as the clinician faces the patient", () => {
  const { upper, lower } = archRows("permanent");
  assertEquals(upper.join(" "), "18 17 16 15 14 13 12 11 21 22 23 24 25 26 27 28");
  assertEquals(lower.join(" "), "48 47 46 45 44 43 42 41 31 32 33 34 35 36 37 38");
  assertEquals(archRows("primary").upper.join(" "), "55 54 53 52 51 61 62 63 64 65");
});

Deno.test("the adult chart draws all 32 teeth with their labels, the primary chart 20", () => {
  const adult = renderToString(<DentalChart status={new Map()} />);
  const teeth = teethIn(adult);
  assertEquals(teeth.length, 32);
  for (const tooth of teeth) assertMatch(adult, new RegExp(`>${tooth}</text>`));
  assertMatch(adult, /viewBox="0 0 \d+ \d+"/);
  const primary = renderToString(<DentalChart dentition="primary" status={new Map()} />);
  assertEquals(teethIn(primary).length, 20);
  assert(teethIn(primary).every((t) => Number(t[0]) >= 5));
});

Deno.test("a missing tooth is faded, a carious one coloured, badges drawn", () => {
  const html = renderToString(
    <DentalChart
      status={new Map([["36", "missing"], ["11", "caries"]])}
      badges={{ "46": [{ label: "X-ray", color: "#0284c7" }] }}
    />,
  );
  assertMatch(html, /data-tooth="36" data-condition="missing" opacity="0.4"/);
  assertMatch(html, /data-tooth="11" data-condition="caries"(?! opacity)/);
  assertMatch(html, /data-tooth="21" data-condition="sound"(?! opacity)/);
  assertMatch(html, /data-tooth="46"[^]*?data-badge="X-ray"/);
  assertMatch(html, /data-chart-legend[^]*Caries[^]*Missing/);
});

Deno.test("a tooth shows its latest condition; procedures count as what they leave", () => {
  const entry = (tooth: string, kind: "condition" | "procedure", code: string) =>
    ({ tooth, kind, code }) as ChartEntry;
  const status = toothStatus([
    entry("36", "condition", "caries"),
    entry("36", "procedure", "filling_placed"),
    entry("46", "procedure", "extraction"),
    entry("11", "procedure", "scaling"),
  ]);
  assertEquals(Object.fromEntries(status), { "36": "filling", "46": "missing" });
});

Deno.test("a chart entry names the tooth it refuses", () => {
  for (const tooth of ["19", "56"]) {
    let message = "";
    try {
      validateChartEntry({ tooth, kind: "condition", code: "caries", recordedOn: "2026-11-21" });
    } catch (error) {
      message = (error as Error).message;
    }
    assertMatch(message, new RegExp(`Tooth "${tooth}" is not an FDI tooth number`));
  }
});
