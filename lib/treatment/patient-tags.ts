/** Labels on a patient that discount policies ask for ("senior_citizen", "staff_family"). */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { activityLog, patients, patientTags } from "../db/schema.ts";
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

/** Replaces the patient's tags with `text` split on commas. */
export async function setPatientTags(
  db: Db,
  input: { clinicId: string; actorId: string; patientId: string; text: string },
): Promise<string[]> {
  if (!isUuid(input.patientId)) throw notFound("Patient not found");
  const tags = [...new Set(input.text.split(",").map(normaliseTag).filter(Boolean))];
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
