/**
 * The default provider, so the feature works with no account: a technical
 * image-quality review computed here from the pixels and the header. It
 * reports exposure and clipping, contrast, noise, sharpness, gaps or
 * irregular spacing in the stack, missing pixel spacing and a PatientID that
 * is not the record's MRN. Every figure in its text is computed from the
 * data; it makes no diagnostic claim (the UI labels it "Image quality review
 * — not a diagnosis").
 */
import type { Finding } from "./findings.ts";
import type { AnalysisInput, AnalysisOutput, AnalysisProvider, AnalysisSlice } from "./provider.ts";
import { QUALITY_LIMITS as L, type SliceQuality, sliceQuality } from "./image-quality.ts";

export const LOCAL_MODEL = "image-quality-v1";

const pct = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;
const num = (value: number, digits = 1) => value.toFixed(digits);

function range(values: number[], format: (v: number) => string): string {
  const low = format(Math.min(...values));
  const high = format(Math.max(...values));
  return low === high ? low : `${low}–${high}`;
}

type Measured = { slice: AnalysisSlice; q: SliceQuality };

/** One finding for the slices where `test` holds, described with their figures. */
function perSlice(
  measured: Measured[],
  test: (q: SliceQuality) => boolean,
  build: (hits: Measured[]) => Omit<Finding, "slices">,
): Finding[] {
  const hits = measured.filter((m) => test(m.q));
  if (!hits.length) return [];
  return [{ ...build(hits), slices: hits.map((m) => m.slice.instanceNumber) }];
}

function missingInstances(numbers: (number | null)[]): Finding[] {
  const known = numbers.filter((n): n is number => n !== null).sort((a, b) => a - b);
  const findings: Finding[] = [];
  const missing: number[] = [];
  const neighbours = new Set<number>();
  const duplicates = new Set<number>();
  for (let i = 1; i < known.length; i++) {
    if (known[i] === known[i - 1]) duplicates.add(known[i]);
    for (let n = known[i - 1] + 1; n < known[i]; n++) missing.push(n);
    if (known[i] - known[i - 1] > 1) {
      neighbours.add(known[i - 1]);
      neighbours.add(known[i]);
    }
  }
  if (missing.length) {
    const shown = missing.slice(0, 20).join(", ") + (missing.length > 20 ? ", …" : "");
    findings.push({
      title: `${missing.length} ${missing.length === 1 ? "slice is" : "slices are"} missing`,
      severity: "moderate",
      slices: [...neighbours],
      detail: `The series holds ${known.length} instances numbered ${known[0]}–${
        known[known.length - 1]
      }; instance ${missing.length === 1 ? "number" : "numbers"} ${shown} ${
        missing.length === 1 ? "is" : "are"
      } absent. Anything on the missing slices cannot be reviewed; re-export or re-send the series.`,
    });
  }
  if (duplicates.size) {
    findings.push({
      title: "Instance numbers repeat",
      severity: "low",
      slices: [...duplicates],
      detail: `Instance numbers ${
        [...duplicates].join(", ")
      } occur more than once, so the slice order is ambiguous.`,
    });
  }
  const unnumbered = numbers.length - known.length;
  if (unnumbered) {
    findings.push({
      title: "Slices without an instance number",
      severity: "low",
      slices: [],
      detail: `${unnumbered} of ${numbers.length} instances carry no instance number; ` +
        "their order in the stack is a guess.",
    });
  }
  return findings;
}

/** Spacing per instance step between sampled slices whose position is known. */
function irregularSpacing(slices: AnalysisSlice[]): Finding[] {
  const placed = slices.filter((s) => s.positionMm !== null);
  if (placed.length < 3) return [];
  const steps: { spacing: number; between: [number, number] }[] = [];
  for (let i = 1; i < placed.length; i++) {
    const a = placed[i - 1], b = placed[i];
    const instances = b.instanceNumber - a.instanceNumber;
    if (instances === 0) continue;
    steps.push({
      spacing: Math.abs((b.positionMm! - a.positionMm!) / instances),
      between: [a.instanceNumber, b.instanceNumber],
    });
  }
  if (steps.length < 2) return [];
  const sorted = steps.map((s) => s.spacing).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const off = steps.filter((s) =>
    Math.abs(s.spacing - median) > Math.max(0.01, median * L.spacingTolerance)
  );
  if (!off.length) return [];
  return [{
    title: "Slice spacing is irregular",
    severity: "moderate",
    slices: [...new Set(off.flatMap((s) => s.between))],
    detail: `The typical distance between slices is ${num(median, 2)} mm, but ${
      off.map((s) => `${num(s.spacing, 2)} mm between slices ${s.between[0]} and ${s.between[1]}`)
        .join("; ")
    } (more than ${L.spacingTolerance * 100} % off). Distances measured across those slices ` +
      "are unreliable.",
  }];
}

export function reviewImageQuality(input: AnalysisInput): AnalysisOutput {
  const measured: Measured[] = input.slices.map((slice) => ({
    slice,
    q: sliceQuality(slice.image),
  }));
  const findings: Finding[] = [
    ...perSlice(
      measured,
      (q) => q.clippedWhite >= L.overexposedWhite || q.mean >= L.overexposedMean,
      (hits) => ({
        title: "Overexposed",
        severity: hits.some((h) => h.q.clippedWhite >= 0.25) ? "high" : "moderate",
        detail: `${pct(Math.max(...hits.map((h) => h.q.clippedWhite)))} of pixels are pure white ` +
          `at the series' window (limit ${pct(L.overexposedWhite)}) and the mean grey level is ${
            range(hits.map((h) => h.q.mean), (v) => num(v, 0))
          } of 255 on ${hits.length} of ${measured.length} reviewed slices; detail in the bright ` +
          "areas is lost.",
      }),
    ),
    ...perSlice(
      measured,
      (q) => q.mean <= L.underexposedMean && q.clippedBlack >= L.underexposedBlack,
      (hits) => ({
        title: "Underexposed",
        severity: "moderate",
        detail: `Mean grey level ${range(hits.map((h) => h.q.mean), (v) => num(v, 0))} of 255 ` +
          `with ${
            pct(Math.max(...hits.map((h) => h.q.clippedBlack)))
          } of pixels pure black on ${hits.length} of ${measured.length} reviewed slices.`,
      }),
    ),
    ...perSlice(
      measured,
      (q) => q.dynamicRange < L.lowDynamicRange,
      (hits) => ({
        title: "Low contrast",
        severity: "low",
        detail: `The image uses ${
          range(hits.map((h) => h.q.dynamicRange), pct)
        } of the grey scale (1st–99th percentile; limit ${
          pct(L.lowDynamicRange)
        }) on ${hits.length} of ${measured.length} reviewed slices.`,
      }),
    ),
    ...perSlice(
      measured,
      (q) => q.noiseSigma > L.noisySigma,
      (hits) => ({
        title: "Noisy image",
        severity: "low",
        detail:
          `Estimated noise σ ${
            range(hits.map((h) => h.q.noiseSigma), (v) => num(v))
          } grey levels (limit ${L.noisySigma}) on ${hits.length} of ${measured.length} ` +
          "reviewed slices; fine structures may be hidden.",
      }),
    ),
    ...perSlice(
      measured,
      (q) => q.laplacianVariance < L.softLaplacianVariance,
      (hits) => ({
        title: "Soft or blurred",
        severity: "low",
        detail:
          `Variance of the Laplacian ${
            range(hits.map((h) => h.q.laplacianVariance), (v) => num(v))
          } (limit ${L.softLaplacianVariance}) on ${hits.length} of ${measured.length} reviewed ` +
          "slices: edges are soft (motion, focus or heavy smoothing).",
      }),
    ),
    ...missingInstances(input.checks.instanceNumbers),
    ...irregularSpacing(input.slices),
  ];
  if (!input.study.pixelSpacing) {
    findings.push({
      title: "Measurements impossible",
      severity: "moderate",
      slices: [],
      detail: "The files carry neither PixelSpacing nor ImagerPixelSpacing, so lengths and " +
        "areas cannot be measured in millimetres on this series.",
    });
  }
  if (!input.checks.patientIdMatchesRecord) {
    findings.push({
      title: "Patient ID does not match the record",
      severity: "high",
      slices: [],
      detail: "The PatientID in the DICOM files is not this patient's MRN. Confirm the study " +
        "belongs to this patient before relying on it.",
    });
  }

  const all = measured.map((m) => m.q);
  const figures = all.length
    ? `Mean grey level ${range(all.map((q) => q.mean), (v) => num(v, 0))} of 255, ` +
      `grey scale used ${range(all.map((q) => q.dynamicRange), pct)}, ` +
      `noise σ ${range(all.map((q) => q.noiseSigma), (v) => num(v))}, ` +
      `Laplacian variance ${range(all.map((q) => q.laplacianVariance), (v) => num(v, 0))}.`
    : "";
  const problems = findings.length;
  return {
    summary: `Image quality review of ${measured.length} of ${input.study.sliceCount} slices: ${
      problems
        ? `${problems} ${problems === 1 ? "problem" : "problems"} found`
        : "no quality problems found"
    }. ${figures}`.trim(),
    findings,
    provider: "local",
    model: LOCAL_MODEL,
  };
}

export class LocalProvider implements AnalysisProvider {
  readonly name = "local" as const;
  analyze(input: AnalysisInput): Promise<AnalysisOutput> {
    return Promise.resolve(reviewImageQuality(input));
  }
}
