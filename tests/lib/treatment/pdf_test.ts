/**
 * The plan PDF: A4, the figures a patient reads, and a render by poppler, so a broken document
 * shows up as a failed render rather than in a patient's hands.
 */
import { PDFDocument } from "pdf-lib";
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { pdfText } from "../../support/pdf-text.ts";
import { assertLaidOut, renderPdf } from "../../support/pdf-render.ts";
import { buildPlanPdf, validUntilOf } from "../../../lib/treatment/pdf.ts";
import type { PlanDetail } from "../../../lib/treatment/plans.ts";
import { encodePng } from "../../../lib/radiology/png.ts";
import { manualDiscount, priceOption, selectDiscounts } from "../../../lib/treatment/pricing.ts";

function photo(shade: number) {
  const width = 120;
  const height = 80;
  const data = new Uint8Array(width * height * 3).map((
    _,
    i,
  ) => (i % 3 === 0 ? shade : (i * 7) % 255));
  return { bytes: encodePng({ width, height, channels: 3, data }), contentType: "image/png" };
}

function samplePlan(): PlanDetail {
  const lines = [
    { category: "endodontic", quantity: 1, unitPriceMinor: 3_000_000 },
    { category: "prosthodontic", quantity: 1, unitPriceMinor: 4_500_000 },
    { category: "preventive", quantity: 1, unitPriceMinor: 600_000 },
  ];
  const discounts = selectDiscounts(
    [{
      id: "senior",
      name: "Senior citizen",
      kind: "percent",
      percentBp: 1000,
      amountMinor: null,
      minAge: 60,
      maxAge: null,
      minSubtotalMinor: null,
      patientTag: null,
      serviceCategory: null,
      combinable: false,
    }],
    { ageYears: 71, tags: [] },
    lines,
  );
  const totals = priceOption(lines, discounts);
  const item = (i: number, name: string, tooth: string | null) => ({
    id: `i${i}`,
    position: i,
    serviceId: "s",
    code: "C",
    name,
    category: lines[i].category,
    tooth,
    surfaces: tooth ? "MO" : "",
    quantity: 1,
    unitPriceMinor: lines[i].unitPriceMinor,
    catalogPriceMinor: lines[i].unitPriceMinor,
    lineTotalMinor: totals.lineTotals[i],
    discountMinor: totals.lineDiscounts[i],
    status: "planned" as const,
    appointmentId: null,
  });
  return {
    id: "p",
    clinicId: "c",
    title: "Lower left rehabilitation",
    status: "proposed",
    revision: 3,
    validUntil: null,
    notes: "Finish the root canal before Eid.",
    beforePhotoId: "b",
    afterPhotoId: null,
    createdAt: new Date("2026-12-01T05:00:00Z"),
    updatedAt: new Date("2026-12-01T05:00:00Z"),
    patient: {
      id: "pt",
      fullName: "Samina Bibi",
      mrn: "P-000031",
      dateOfBirth: "1955-11-21",
      email: null,
    },
    options: [{
      id: "o",
      position: 0,
      name: "Crown",
      recommended: true,
      status: "open",
      discountMode: "auto",
      manualDiscountMinor: null,
      discounts,
      discountBasis: "",
      subtotalMinor: totals.subtotalMinor,
      discountMinor: totals.discountMinor,
      totalMinor: totals.totalMinor,
      phases: [
        {
          id: "ph1",
          position: 0,
          name: "Urgent",
          subtotalMinor: 7_500_000,
          discountMinor: 750_000,
          totalMinor: 6_750_000,
          items: [item(0, "Root canal, molar", "36"), item(1, "Crown, zirconia", "36")],
        },
        {
          id: "ph2",
          position: 1,
          name: "Maintenance (ضروری)",
          subtotalMinor: 600_000,
          discountMinor: 60_000,
          totalMinor: 540_000,
          items: [item(2, "Scaling and polishing", null)],
        },
      ],
    }],
    acceptances: [],
  };
}

const input = () => ({
  plan: samplePlan(),
  clinicName: "Demo Dental",
  today: "2026-12-02",
  timeZone: "Asia/Karachi",
  beforePhoto: photo(200),
  afterPhoto: null,
});

Deno.test("the plan PDF is A4 and carries the items, totals, discount policy and validity", async () => {
  const bytes = await buildPlanPdf(input());
  const doc = await PDFDocument.load(bytes);
  const { width, height } = doc.getPage(0).getSize();
  assertEquals([Math.round(width), Math.round(height)], [595, 842]);
  const text = (await pdfText(bytes)).join("\n");
  for (
    const expected of [
      /Demo Dental/,
      /Samina Bibi \(P-000031\)/,
      /Root canal, molar\n36 MO/,
      /Subtotal\nPKR 81,000/,
      /Discount\n- PKR 8,100/,
      /Senior citizen 10 % — patient is 71/,
      /Total\nPKR 72,900/,
      /Valid until\n1 January 2027/,
      /Maintenance \(\?+\)/,
      /Before and after/,
    ]
  ) assertMatch(text, expected);
  assertEquals(validUntilOf({ validUntil: "2027-02-01" }, "2026-12-02"), "2027-02-01");
});

Deno.test("a manual discount prints as such", async () => {
  const data = input();
  data.plan.options[0].discounts = [manualDiscount(810_000)];
  const text = (await pdfText(await buildPlanPdf(data))).join("\n");
  assertMatch(text, /Manual discount PKR 8,100/);
});

Deno.test("the plan PDF renders with poppler as laid out: A4, nothing cut off at the edges", async () => {
  const bytes = await buildPlanPdf(input());
  const pages = (await PDFDocument.load(bytes)).getPageCount();
  const rendered = await renderPdf(bytes);
  assertLaidOut(rendered, { pages, size: "A4" });
  // The before photo is drawn: it inks a block of its page well beyond what text alone does.
  assert(rendered.some((page) => page.inkShare > 0.02), "the photo shows");
});
