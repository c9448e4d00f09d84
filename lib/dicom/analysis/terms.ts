/**
 * The AI analysis terms a clinic accepts once before its first analysis.
 * The text is versioned here; publishing a new version (a new `version`)
 * asks every clinic again, because acceptance is recorded per version.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { dicomAiTermsAcceptances, users } from "../../db/schema.ts";
import { AppError, badRequest } from "../../errors.ts";

export interface AiTerms {
  version: string;
  title: string;
  paragraphs: string[];
}

export const AI_TERMS: AiTerms = {
  version: "2026-12-01",
  title: "DICOM AI analysis terms",
  paragraphs: [
    "AI analysis is a decision aid. Its findings are not a diagnosis and do not replace the " +
    "judgement of the treating dentist, who remains responsible for every clinical decision.",
    "Only pixel data and technical facts of a series (modality, body part, pixel spacing, slice " +
    "count) are sent for analysis. Names, MRNs and other patient identifiers are never sent.",
    "The built-in review checks technical image quality only (exposure, contrast, noise, " +
    "sharpness, missing slices, missing pixel spacing). A clinic that connects an external AI " +
    "provider is responsible for its agreement with that provider.",
    "Each analysis counts against the clinic's monthly analysis quota; a failed analysis is not " +
    "counted.",
  ],
};

export interface TermsAcceptance {
  version: string;
  acceptedAt: Date;
  acceptedBy: string | null;
}

/** The clinic's acceptance of the current terms, or null when they must be shown. */
export async function currentAcceptance(
  db: Db,
  clinicId: string,
  terms: AiTerms = AI_TERMS,
): Promise<TermsAcceptance | null> {
  const [row] = await db
    .select({ acceptedAt: dicomAiTermsAcceptances.acceptedAt, name: users.name })
    .from(dicomAiTermsAcceptances)
    .leftJoin(users, eq(users.id, dicomAiTermsAcceptances.acceptedBy))
    .where(and(
      eq(dicomAiTermsAcceptances.clinicId, clinicId),
      eq(dicomAiTermsAcceptances.termsVersion, terms.version),
    ));
  return row ? { version: terms.version, acceptedAt: row.acceptedAt, acceptedBy: row.name } : null;
}

export async function assertTermsAccepted(db: Db, clinicId: string, terms = AI_TERMS) {
  if (!(await currentAcceptance(db, clinicId, terms))) {
    throw new AppError(
      403,
      "AI_TERMS_NOT_ACCEPTED",
      "The clinic has not accepted the AI analysis terms yet",
      { termsVersion: terms.version },
    );
  }
}

/**
 * Records that `userId` accepted `version` for the clinic. Only the current
 * version can be accepted; accepting it again keeps the first acceptance.
 */
export async function acceptTerms(
  db: Db,
  input: { clinicId: string; userId: string; version: string; now: Date },
  terms: AiTerms = AI_TERMS,
): Promise<TermsAcceptance> {
  if (input.version !== terms.version) {
    throw badRequest(`These are not the current terms (version ${terms.version})`, {
      termsVersion: terms.version,
    });
  }
  await db.insert(dicomAiTermsAcceptances).values({
    clinicId: input.clinicId,
    termsVersion: terms.version,
    acceptedBy: input.userId,
    acceptedAt: input.now,
  }).onConflictDoNothing();
  return (await currentAcceptance(db, input.clinicId, terms))!;
}
