/** Labels on a patient that discount policies ask for ("senior_citizen", "staff_family"). */
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { activityLog, discountPolicies, patients, patientTags } from "../db/schema.ts";
import { badRequest, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { normaliseTag, TAG } from "./policies.ts";

export async function patientTagList(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<string[]> {
  const rows = await db.select({ tag: patientTags.tag }).from(patientTags)
    .where(and(eq(patientTags.clinicId, clinicId), eq(patientTags.patientId, patientId)))
    .orderBy(asc(patientTags.tag));
  return rows.map((r) => r.tag);
}

/** The tags form on the patient's edit page: one text field, comma-separated. */
export const patientTagsForm = z.object({
  tags: z.string().max(600, "Tags: at most 600 characters").default(""),
});

/** `PUT /api/v1/patients/:id/tags`: the patient's whole list of tags, replacing what was there. */
export const patientTagsBody = z.strictObject({
  tags: z.array(
    z.string().max(40, "A tag is at most 40 characters").regex(/^[^,]*$/, "A tag has no comma"),
  ).max(
    12,
    "At most 12 tags",
  ),
});

/**
 * Tags worth offering when tagging a patient: those the clinic's active
 * discount policies ask for (a tag no policy reads gives no discount), then
 * those already on other patients, each once, in that order.
 */
export async function tagSuggestions(db: Db, clinicId: string): Promise<string[]> {
  const [asked, used] = await Promise.all([
    db.selectDistinct({ tag: discountPolicies.patientTag }).from(discountPolicies).where(and(
      eq(discountPolicies.clinicId, clinicId),
      eq(discountPolicies.active, true),
      isNotNull(discountPolicies.patientTag),
    )).orderBy(asc(discountPolicies.patientTag)),
    db.selectDistinct({ tag: patientTags.tag }).from(patientTags)
      .where(eq(patientTags.clinicId, clinicId)).orderBy(asc(patientTags.tag)).limit(30),
  ]);
  return [...new Set([...asked, ...used].map((r) => r.tag).filter((t): t is string => !!t))];
}

/** Replaces the patient's tags with `text` split on commas. */
export async function setPatientTags(
  db: Db,
  input: { clinicId: string; actorId: string; patientId: string; text: string },
): Promise<string[]> {
  if (!isUuid(input.patientId)) throw notFound("Patient not found");
  const typed = input.text.split(",").map((t) => t.trim()).filter(Boolean);
  // Punctuation alone would normalise to nothing and silently drop the patient's tags.
  const empty = typed.find((t) => !normaliseTag(t));
  if (empty) throw badRequest(`"${empty}" is not a tag: use letters or digits`, { field: "tags" });
  const tags = [...new Set(typed.map(normaliseTag))];
  const bad = tags.find((t) => !TAG.test(t) || t.length > 40);
  if (bad) throw badRequest(`"${bad}" is not a tag`, { field: "tags" });
  if (tags.length > 12) throw badRequest("At most 12 tags", { field: "tags" });
  return await db.transaction(async (tx) => {
    const [patient] = await tx.select({ id: patients.id }).from(patients)
      .where(and(eq(patients.clinicId, input.clinicId), eq(patients.id, input.patientId)));
    if (!patient) throw notFound("Patient not found");
    await tx.delete(patientTags).where(eq(patientTags.patientId, patient.id));
    if (tags.length) {
      await tx.insert(patientTags).values(
        tags.map((tag) => ({ clinicId: input.clinicId, patientId: patient.id, tag })),
      );
    }
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: "patients.tags_changed",
      entityType: "patient",
      entityId: patient.id,
      details: { tags },
    });
    return tags;
  });
}
