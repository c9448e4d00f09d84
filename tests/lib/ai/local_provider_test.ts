import { assert, assertEquals } from "../../support/assert.ts";
import { reviewImageQuality } from "../../../lib/ai/local-provider.ts";
import type { AnalysisInput } from "../../../lib/ai/provider.ts";
import { dicomGreyFrame, renderGreyFrame } from "../../../lib/dicom/pixels.ts";
import { readDicomHeader } from "../../../lib/dicom/header.ts";
import { sampleEvenly } from "../../../lib/dicom/analysis/slices.ts";
import { burntPixel, qualitySeries } from "../../support/dicom-analysis.ts";

/** What the pipeline would hand the provider for these files (all of them sampled). */
function inputOf(files: Uint8Array[], patientIdMatchesRecord = true): AnalysisInput {
  const headers = files.map(readDicomHeader);
  return {
    study: {
      modality: headers[0].modality,
      bodyPart: null,
      pixelSpacing: headers[0].pixelSpacing,
      sliceCount: files.length,
      rows: headers[0].rows,
      columns: headers[0].columns,
    },
    slices: files.map((file, i) => {
      const frame = dicomGreyFrame(file)!;
      return {
        instanceNumber: headers[i].instanceNumber!,
        frame,
        image: renderGreyFrame(frame),
        positionMm: null,
      };
    }),
    checks: { instanceNumbers: headers.map((h) => h.instanceNumber), patientIdMatchesRecord },
  };
}

const titles = (input: AnalysisInput) => reviewImageQuality(input).findings.map((f) => f.title);

Deno.test("a clean series reports no quality problems", () => {
  const review = reviewImageQuality(
    inputOf(qualitySeries(6, { mrn: "P-1", pixelSpacing: [0.2, 0.2] })),
  );
  assertEquals(review.findings, []);
  assert(review.summary.startsWith("Image quality review of 6 of 6 slices: no quality problems"));
  // Every figure in the summary is measured: the rings' grey levels sit mid-scale.
  assertEquals(
    review.summary.split(": ")[1],
    "no quality problems found. Mean grey level 128–129 of 255, grey scale used 46.7 %, " +
      "noise σ 0.3, Laplacian variance 112–114.",
  );
});

Deno.test("an overexposed series is reported overexposed on its slices", () => {
  const files = qualitySeries(5, { mrn: "P-1", pixelSpacing: [0.2, 0.2], pixel: burntPixel });
  const review = reviewImageQuality(inputOf(files));
  const finding = review.findings.find((f) => f.title === "Overexposed");
  assert(finding, JSON.stringify(review.findings));
  assertEquals(finding.severity, "high");
  assertEquals(finding.slices, [1, 2, 3, 4, 5]);
  assert(finding.detail.startsWith("84.4 % of pixels are pure white"), finding.detail);
});

Deno.test("a series with a missing instance says which one", () => {
  const files = qualitySeries(6, { mrn: "P-1", pixelSpacing: [0.2, 0.2] });
  files.splice(3, 1); // instance 4
  const finding = reviewImageQuality(inputOf(files)).findings.find((f) =>
    f.title === "1 slice is missing"
  );
  assert(finding);
  assertEquals(finding.slices, [3, 5]);
  assert(finding.detail.includes("instance number 4 is absent"), finding.detail);
});

Deno.test("a series without pixel spacing says measurements are impossible", () => {
  assertEquals(titles(inputOf(qualitySeries(3, { mrn: "P-1" }))), ["Measurements impossible"]);
});

Deno.test("a PatientID that is not the record's MRN is reported", () => {
  assertEquals(
    titles(inputOf(qualitySeries(2, { mrn: "P-1", pixelSpacing: [0.2, 0.2] }), false)),
    ["Patient ID does not match the record"],
  );
});

Deno.test("slices are sampled evenly, ends included, all of them when fewer", () => {
  assertEquals(sampleEvenly(5, 16), [0, 1, 2, 3, 4]);
  assertEquals(sampleEvenly(31, 16), [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]);
  assertEquals(sampleEvenly(100, 4), [0, 33, 66, 99]);
});
