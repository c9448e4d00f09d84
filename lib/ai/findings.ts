/**
 * What an analysis yields, validated with zod whatever produced it: the
 * provider's answer (`providerAnswer`) and the stored result (`analysisResult`).
 * An answer that does not parse is a failed analysis with this module's
 * message, never a crash.
 */
import { z } from "zod";
import { isFdiTooth } from "../clinical/teeth.ts";

export const SEVERITIES = ["info", "low", "moderate", "high"] as const;
export type Severity = typeof SEVERITIES[number];

export const finding = z.object({
  title: z.string().trim().min(1).max(200),
  severity: z.enum(SEVERITIES),
  region: z.string().trim().max(200).nullish().transform((v) => v || undefined),
  teeth: z.array(
    z.number().int().refine((t) => isFdiTooth(String(t)), "is not an FDI tooth number"),
  ).max(52).nullish().transform((v) => v ?? undefined),
  /** Instance numbers of the slices the finding is seen on. */
  slices: z.array(z.number().int()).max(2000),
  confidence: z.number().min(0).max(1).nullish().transform((v) => v ?? undefined),
  detail: z.string().trim().max(4000),
});
export interface Finding {
  title: string;
  severity: Severity;
  region?: string;
  /** FDI numbers. */
  teeth?: number[];
  slices: number[];
  confidence?: number;
  detail: string;
}

/** The part a provider answers: what it saw. */
export const providerAnswer = z.object({
  summary: z.string().trim().min(1).max(4000),
  findings: z.array(finding).max(100),
});
export interface ProviderAnswer {
  summary: string;
  findings: Finding[];
}

/** What is stored and shown: the answer and how it was made. */
export const analysisResult = providerAnswer.extend({
  provider: z.string(),
  model: z.string(),
  /** Instance numbers of the slices sent, in order. */
  slicesReviewed: z.array(z.number().int()),
  durationMs: z.number().int().min(0),
});
export interface AnalysisResult extends ProviderAnswer {
  provider: string;
  model: string;
  slicesReviewed: number[];
  durationMs: number;
}

/** A provider answered something that is not the findings JSON it was asked for. */
export class MalformedAnswerError extends Error {
  override name = "MalformedAnswerError";
}

/** Parses an answer's JSON text; throws `MalformedAnswerError` saying what was wrong. */
export function parseProviderAnswer(text: string): ProviderAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedAnswerError("The AI provider's answer is not JSON.");
  }
  const parsed = providerAnswer.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join(".") : "answer";
    throw new MalformedAnswerError(
      `The AI provider's answer is not valid findings (${where}: ${issue.message}).`,
    );
  }
  return parsed.data;
}

/** The JSON schema sent as the response format, so the provider answers in this shape. */
export const FINDINGS_JSON_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["summary", "findings"],
  properties: {
    summary: { type: "string" },
    findings: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["title", "severity", "region", "teeth", "slices", "confidence", "detail"],
        properties: {
          title: { type: "string" },
          severity: { type: "string", enum: [...SEVERITIES] },
          region: { type: ["string", "null"] },
          teeth: { type: ["array", "null"], items: { type: "integer" } },
          slices: { type: "array", items: { type: "integer" } },
          confidence: { type: ["number", "null"] },
          detail: { type: "string" },
        },
      },
    },
  },
} as const;
