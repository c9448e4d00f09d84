/** Gathers what the PDF of a plan shows (clinic, photos, signature) and builds it. */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics } from "../db/schema.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { findClinicFile } from "../storage/files.ts";
import { localDateOf } from "../time/zoned.ts";
import { getPlan, type PlanDetail } from "./plans.ts";
import { buildPlanPdf } from "./pdf.ts";
import { readObject } from "./photos.ts";
import { logoForPdf } from "../clinic-branding/logo.ts";

async function image(db: Db, storage: ObjectStore, clinicId: string, fileId: string | null) {
  if (!fileId) return null;
  const file = await findClinicFile(db, clinicId, fileId);
  const bytes = file ? await readObject(storage, file.objectKey) : null;
  return file && bytes ? { bytes, contentType: file.contentType } : null;
}

export async function planPdf(
  db: Db,
  storage: ObjectStore,
  input: { clinicId: string; planId: string; now: Date },
): Promise<{ plan: PlanDetail; bytes: Uint8Array; filename: string }> {
  const plan = await getPlan(db, input.clinicId, input.planId);
  const [clinic] = await db.select({ name: clinics.name, timeZone: clinics.timeZone }).from(clinics)
    .where(eq(clinics.id, input.clinicId));
  const signatureId = plan.acceptances[0]?.signatureFileId ?? null;
  const [beforePhoto, afterPhoto, signature, logo] = await Promise.all([
    image(db, storage, input.clinicId, plan.beforePhotoId),
    image(db, storage, input.clinicId, plan.afterPhotoId),
    image(db, storage, input.clinicId, signatureId),
    logoForPdf({ db, storage }, input.clinicId),
  ]);
  const bytes = await buildPlanPdf({
    plan,
    clinicName: clinic.name,
    today: localDateOf(input.now, clinic.timeZone),
    timeZone: clinic.timeZone,
    beforePhoto,
    afterPhoto,
    signature: signature?.bytes ?? null,
    logo,
  });
  const slug = plan.patient.mrn.replace(/[^A-Za-z0-9-]/g, "");
  return { plan, bytes, filename: `treatment-plan-${slug}-r${plan.revision}.pdf` };
}
