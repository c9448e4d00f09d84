/**
 * One interface for every AI provider of the DICOM analysis. The pipeline
 * (lib/dicom/analysis/) prepares an `AnalysisInput` that carries pixels and
 * technical metadata only — never a name, MRN, date of birth or DICOM
 * identifier — and a provider answers with findings.
 */
import type { GreyFrame, Raster } from "../dicom/pixels.ts";
import type { ProviderAnswer } from "./findings.ts";

/** One sampled slice, rendered with the series' window/level. */
export interface AnalysisSlice {
  /** The instance number the viewer shows (its position in the series when the file has none). */
  instanceNumber: number;
  /** 8-bit grey, as a radiologist would see it at the series' window. */
  image: Raster;
  /** The same frame in modality units, for figures the 8-bit picture has lost (saturation). */
  frame: GreyFrame;
  /** Position along the stack in mm (ImagePositionPatient · normal, else SliceLocation). */
  positionMm: number | null;
}

/** What the study is, technically; nothing that identifies the patient. */
export interface StudyFacts {
  modality: string | null;
  bodyPart: string | null;
  /** Row then column spacing in mm; null when the files carry none. */
  pixelSpacing: [number, number] | null;
  /** Instances in the series (or frames of a single capture). */
  sliceCount: number;
  rows: number;
  columns: number;
}

/** Header checks over the whole series, made by the pipeline before the request. */
export interface SeriesChecks {
  /** Every instance number of the series in order; null for an instance without one. */
  instanceNumbers: (number | null)[];
  /** False when the DICOM PatientID is not the MRN of the patient the study is filed under. */
  patientIdMatchesRecord: boolean;
}

export interface AnalysisInput {
  study: StudyFacts;
  slices: AnalysisSlice[];
  checks: SeriesChecks;
}

export interface AnalysisOutput extends ProviderAnswer {
  provider: string;
  model: string;
}

export interface AnalysisProvider {
  readonly name: "local" | "openai";
  analyze(input: AnalysisInput, signal?: AbortSignal): Promise<AnalysisOutput>;
}

/** A short text written by a model from what the request gives it (report narratives, nudges). */
export interface TextRequest {
  /** The instructions. */
  system: string;
  /** The material: figures and context, never a patient identifier. */
  user: string;
  maxTokens?: number;
}

export interface TextCompletion {
  text: string;
  provider: string;
  model: string;
}

/**
 * A provider that writes text. Only a model can: the `local` provider has
 * none, so callers that get no text provider write from a template instead.
 */
export interface TextProvider {
  readonly name: "openai";
  complete(request: TextRequest, signal?: AbortSignal): Promise<TextCompletion>;
}

/** The provider could not give an answer (network, timeout, refusal); the unit is refunded. */
export class ProviderError extends Error {
  override name = "ProviderError";
}
