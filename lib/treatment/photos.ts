/**
 * Before/after photos of a plan: uploaded, or picked from the patient's intraoral photos in
 * radiology. Stored like every file (ObjectStore + stored_files); the plan points at them. The
 * signature image of an acceptance is read through here too.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { publishEvent } from "../events/publish.ts";
import { PLAN_CHANGED, type PlanChange } from "./plan-events.ts";
import { activityLog, storedFiles, treatmentPlans, xrayCaptures } from "../db/schema.ts";
import { badRequest, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { findClinicFile, saveFile } from "../storage/files.ts";
import { getPlan } from "./plans.ts";

export const PHOTO_SLOTS = ["before", "after"] as const;
export type PhotoSlot = typeof PHOTO_SLOTS[number];

/** Photos a phone takes; the PDF embeds JPEG and PNG. */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;
const PHOTO_TYPES: Record<string, number[]> = {
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/png": [0x89, 0x50, 0x4e, 0x47],
};

export interface PhotoSource {
  /** An uploaded file … */
  upload?: { bytes: Uint8Array; contentType: string; name: string } | null;
  /** … or one of the patient's intraoral photos from radiology. */
  captureId?: string | null;
}

/** The patient's intraoral photos a slot may be filled from, newest first. */
export async function intraoralPhotos(db: Db, clinicId: string, patientId: string) {
  return await db.select({
    id: xrayCaptures.id,
    fileId: xrayCaptures.fileId,
    capturedAt: xrayCaptures.capturedAt,
  })
    .from(xrayCaptures)
    .innerJoin(storedFiles, eq(storedFiles.id, xrayCaptures.fileId))
    .where(and(
      eq(xrayCaptures.clinicId, clinicId),
      eq(xrayCaptures.patientId, patientId),
      eq(xrayCaptures.category, "intraoral_photo"),
    ))
    .orderBy(desc(xrayCaptures.capturedAt))
    .limit(24);
}

export async function attachPhoto(
  db: Db,
  storage: ObjectStore,
  input: {
    clinicId: string;
    actorId: string;
    planId: string;
    slot: PhotoSlot;
    source: PhotoSource;
  },
): Promise<void> {
  const plan = await getPlan(db, input.clinicId, input.planId);
  let fileId: string;
  const { upload, captureId } = input.source;
  if (upload && upload.bytes.length > 0) {
    const magic = PHOTO_TYPES[upload.contentType];
    if (!magic || !magic.every((b, i) => upload.bytes[i] === b)) {
      throw badRequest("A photo must be a JPEG or PNG image", { field: "photo" });
    }
    if (upload.bytes.length > MAX_PHOTO_BYTES) {
      throw badRequest("A photo may be at most 15 MB", { field: "photo" });
    }
    const file = await saveFile(db, storage, {
      clinicId: input.clinicId,
      body: upload.bytes,
      contentType: upload.contentType,
      originalName: upload.name,
      createdBy: input.actorId,
    });
    fileId = file.id;
  } else if (captureId) {
    const photos = await intraoralPhotos(db, input.clinicId, plan.patient.id);
    const picked = isUuid(captureId) ? photos.find((p) => p.id === captureId) : undefined;
    if (!picked) {
      throw badRequest("Pick one of the patient's intraoral photos", { field: "captureId" });
    }
    fileId = picked.fileId;
  } else {
    throw badRequest("Choose a photo to upload or pick one from radiology", { field: "photo" });
  }
  await db.transaction(async (tx) => {
    await tx.update(treatmentPlans)
      .set(input.slot === "before" ? { beforePhotoId: fileId } : { afterPhotoId: fileId })
      .where(and(eq(treatmentPlans.clinicId, input.clinicId), eq(treatmentPlans.id, plan.id)));
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: "treatment.photo_attached",
      entityType: "treatment_plan",
      entityId: plan.id,
      details: { slot: input.slot, fileId },
    });
    await publishEvent(tx, {
      clinicId: input.clinicId,
      type: PLAN_CHANGED,
      permission: "treatment.plans.view",
      data: {
        planId: plan.id,
        patientId: plan.patient.id,
        change: "photo" satisfies PlanChange,
        actorId: input.actorId,
      },
    });
  });
}

/** The file behind a plan's photo or an acceptance's signature; 404 when there is none. */
export async function planImageFile(
  db: Db,
  clinicId: string,
  planId: string,
  kind: string,
  acceptanceId?: string,
) {
  const plan = await getPlan(db, clinicId, planId);
  const fileId = kind === "before"
    ? plan.beforePhotoId
    : kind === "after"
    ? plan.afterPhotoId
    : kind === "signature"
    ? plan.acceptances.find((a) => a.id === acceptanceId)?.signatureFileId ?? null
    : null;
  const file = fileId ? await findClinicFile(db, clinicId, fileId) : null;
  if (!file) throw notFound("No such image on this plan");
  return file;
}

export async function readObject(storage: ObjectStore, key: string): Promise<Uint8Array | null> {
  const object = await storage.get(key);
  if (!object) return null;
  return new Uint8Array(await new Response(object.body).arrayBuffer());
}

/** The photo form's post: an uploaded file (`photo`) or a picked intraoral photo (`captureId`). */
export async function photoSourceFromRequest(request: Request): Promise<PhotoSource> {
  const form = await request.formData().catch(() => {
    throw badRequest("Send the photo as a form upload");
  });
  const file = form.get("photo");
  const captureId = form.get("captureId");
  return {
    upload: file instanceof File && file.size > 0
      ? {
        bytes: new Uint8Array(await file.slice(0, MAX_PHOTO_BYTES + 1).arrayBuffer()),
        contentType: file.type,
        name: file.name,
      }
      : null,
    captureId: typeof captureId === "string" && captureId ? captureId : null,
  };
}
