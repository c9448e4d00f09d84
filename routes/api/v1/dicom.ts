/**
 * DICOM and the Radiology tab's data: uploading studies to a
 * patient, listing a patient's images, a series' instances for the viewer,
 * and tooth tags on a study.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { requireModule, requirePermission } from "../../../lib/permissions/route-policy.ts";
import { AppError } from "../../../lib/errors.ts";
import { isFdiTooth } from "../../../lib/clinical/teeth.ts";
import { importDicomUpload, uploadKind } from "../../../lib/dicom/upload.ts";
import { assertClinicSeries, tagStudyTeeth } from "../../../lib/dicom/studies.ts";
import { listPatientRadiology, listSeriesInstances } from "../../../lib/radiology/listing.ts";
import { findPatientReference } from "../../../lib/patients/records.ts";

function clinicPatient(c: Context<AppEnv & ClinicScope>) {
  return findPatientReference(c.var.deps.db, c.var.clinicId, c.req.param("id") ?? "");
}

/** Header values are ASCII, so a browser sends a file name URI-encoded. */
function headerFileName(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return decodeURIComponent(value).slice(0, 255);
  } catch {
    return value.slice(0, 255);
  }
}

const teethBody = z.object({
  teeth: z.array(
    z.number().int().refine((tooth) => isFdiTooth(String(tooth)), {
      message: "is not an FDI tooth number (11–48, 51–85)",
    }),
  ).max(52),
}).strict();

/** Mounted at `/api/v1/patients`, beside the patient record routes. */
export const patientRadiologyApi = new Hono<AppEnv>()
  .get("/:id/radiology", requirePermission("radiology.view"), async (c) => {
    const patient = await clinicPatient(c);
    return c.json({ items: await listPatientRadiology(c.var.deps.db, c.var.clinicId, patient.id) });
  })
  .post(
    "/:id/dicom",
    requireModule("dicom"),
    requirePermission("radiology.dicom.upload"),
    async (c) => {
      const kind = uploadKind(c.req.header("content-type"));
      if (!kind) {
        throw new AppError(
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "Send one DICOM file as application/dicom or a ZIP archive as application/zip",
        );
      }
      const patient = await clinicPatient(c);
      const { db, storage, config } = c.var.deps;
      const summary = await importDicomUpload(
        {
          db,
          storage,
          limits: {
            maxEntries: config.dicom.zipMaxEntries,
            maxBytes: config.dicom.zipMaxBytes,
            maxEntryBytes: config.dicom.maxFileBytes,
          },
        },
        {
          clinicId: c.var.clinicId,
          patientId: patient.id,
          patientMrn: patient.mrn,
          actorId: c.var.principal.userId,
          confirmMismatch: c.req.query("confirmMismatch") === "1",
        },
        {
          kind,
          body: c.req.raw.body,
          fileName: headerFileName(c.req.header("x-file-name")),
        },
      );
      return c.json(summary, summary.imported > 0 ? 201 : 200);
    },
  );

/** Mounted at `/api/v1/dicom`. */
export const dicomApi = new Hono<AppEnv>()
  .get(
    "/series/:id/instances",
    requireModule("dicom"),
    requirePermission("radiology.dicom.view"),
    async (c) => {
      const { db } = c.var.deps;
      await assertClinicSeries(db, c.var.clinicId, c.req.param("id"));
      const rows = await listSeriesInstances(db, c.var.clinicId, c.req.param("id"));
      return c.json({
        instances: rows.map((row) => ({
          id: row.id,
          fileId: row.fileId,
          instanceNumber: row.instanceNumber,
          contentUrl: row.contentUrl,
          rows: row.rows,
          columns: row.columns,
          frames: row.frames,
          pixelSpacing: row.pixelSpacing,
        })),
      });
    },
  )
  .patch(
    "/studies/:id",
    requireModule("dicom"),
    requirePermission("radiology.tags.edit"),
    jsonBody(teethBody),
    async (c) => {
      const study = await tagStudyTeeth(
        c.var.deps.db,
        c.var.clinicId,
        c.req.param("id"),
        c.req.valid("json").teeth,
      );
      return c.json({ study });
    },
  );
