/** Inputs of the DICOM analysis API and the superadmin's limit form. */
import { z } from "zod";

export const submitAnalysisBody = z.union([
  z.object({ seriesId: z.string().min(1).max(64) }).strict(),
  z.object({ captureId: z.string().min(1).max(64) }).strict(),
], { error: "Send { seriesId } or { captureId }" });

export const acceptTermsBody = z.object({ version: z.string().min(1).max(40) }).strict();

export const analysesQuery = z.union([
  z.object({ seriesId: z.string().min(1).max(64) }).strict(),
  z.object({ captureId: z.string().min(1).max(64) }).strict(),
], { error: "Give seriesId or captureId" });

/** A limit, or an empty value for the platform default. */
export const monthlyLimitBody = z.object({
  monthlyLimit: z.union([z.number().int().min(0).max(100_000), z.null()]),
}).strict();

export const monthlyLimitForm = z.object({
  monthlyLimit: z.string().trim().transform((value, ctx) => {
    if (value === "") return null;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 100_000) {
      ctx.addIssue({ code: "custom", message: "Enter a whole number from 0 to 100000" });
      return z.NEVER;
    }
    return n;
  }),
});
