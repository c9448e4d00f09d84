/**
 * Lab cases API: the clinic's labs, its cases with their status flow,
 * attachments (streamed, named by `X-File-Name`) and the shared links given
 * to labs. Every route needs the `lab` module first, then its permission.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { badRequest } from "../../../lib/errors.ts";
import { requireModule, requirePermission } from "../../../lib/permissions/route-policy.ts";
import { caseChanges, newCaseInput, statusInput } from "../../../lib/lab/case-input.ts";
import { createLabCase, updateLabCase } from "../../../lib/lab/cases.ts";
import { changeCaseStatus } from "../../../lib/lab/case-status.ts";
import { getLabCase, listLabCases } from "../../../lib/lab/case-queries.ts";
import { caseFilters } from "../../../lib/lab/filters.ts";
import { attachToCase, decodeFileName } from "../../../lib/lab/attachments.ts";
import { attachmentResponse } from "../../../lib/lab/attachment-content.ts";
import { createCaseLink, revokeCaseLink } from "../../../lib/lab/shared-links.ts";
import { linkExpiry, sharedLinkUrl } from "../../../lib/lab/link-urls.ts";
import { labInput, listLabs, saveLab } from "../../../lib/lab/labs.ts";

type LabContext = Context<AppEnv & ClinicScope>;

const linkBody = z.object({
  /** The last day the link works (clinic calendar); 30 days from today when absent. */
  expiresOn: z.iso.date({ message: "Use a date as YYYY-MM-DD" }).optional(),
}).strict();

const lab = requireModule("lab");

async function caseJson(c: LabContext, caseId: string, status: 200 | 201 = 200) {
  return c.json({ case: await getLabCase(c.var.deps.db, c.var.clinicId, caseId) }, status);
}

const staff = (c: LabContext) => ({ kind: "staff" as const, userId: c.var.principal.userId });

export const labApi = new Hono<AppEnv>()
  .get("/cases", lab, requirePermission("lab.cases.view"), async (c) => {
    const filters = caseFilters(new URL(c.req.url).searchParams);
    if (!filters.ok) throw badRequest(filters.error);
    const board = await listLabCases(c.var.deps.db, c.var.clinicId, filters.value);
    return c.json(board);
  })
  .post(
    "/cases",
    lab,
    requirePermission("lab.cases.create"),
    jsonBody(newCaseInput),
    async (c) => {
      const kase = await createLabCase(c.var.deps.db, {
        clinicId: c.var.clinicId,
        actorId: c.var.principal.userId,
        values: c.req.valid("json"),
      });
      return await caseJson(c, kase.id, 201);
    },
  )
  .get(
    "/cases/:id",
    lab,
    requirePermission("lab.cases.view"),
    (c) => caseJson(c, c.req.param("id")),
  )
  .patch(
    "/cases/:id",
    lab,
    requirePermission("lab.cases.edit"),
    jsonBody(caseChanges),
    async (c) => {
      const kase = await updateLabCase(c.var.deps.db, {
        clinicId: c.var.clinicId,
        caseId: c.req.param("id"),
        actorId: c.var.principal.userId,
        changes: c.req.valid("json"),
      });
      return await caseJson(c, kase.id);
    },
  )
  .post(
    "/cases/:id/status",
    lab,
    requirePermission("lab.cases.status.update"),
    jsonBody(statusInput),
    async (c) => {
      const { status, note } = c.req.valid("json");
      const kase = await changeCaseStatus(c.var.deps.db, {
        clinicId: c.var.clinicId,
        caseId: c.req.param("id"),
        to: status,
        note,
        actor: staff(c),
      });
      return await caseJson(c, kase.id);
    },
  )
  .post("/cases/:id/attachments", lab, requirePermission("lab.files.upload"), async (c) => {
    const { db, storage, config } = c.var.deps;
    const length = c.req.header("content-length");
    const result = await attachToCase(
      {
        db,
        storage,
        dicomLimits: {
          maxEntries: config.dicom.zipMaxEntries,
          maxBytes: config.dicom.zipMaxBytes,
          maxEntryBytes: config.dicom.maxFileBytes,
        },
      },
      {
        clinicId: c.var.clinicId,
        caseId: c.req.param("id"),
        actor: staff(c),
        upload: {
          body: c.req.raw.body,
          fileName: decodeFileName(c.req.header("x-file-name")),
          declaredSize: length && /^\d+$/.test(length) ? Number(length) : null,
          maxBytes: config.lab.attachmentMaxBytes,
        },
      },
    );
    return c.json({
      attachment: {
        id: result.attachment.id,
        kind: result.attachment.kind,
        captureId: result.attachment.captureId,
        studyIds: result.attachment.studyIds,
      },
      duplicate: result.duplicate,
      importReport: result.importReport,
    }, result.duplicate ? 200 : 201);
  })
  .get(
    "/cases/:id/attachments/:attachmentId/content",
    lab,
    requirePermission("lab.files.view"),
    (c) =>
      attachmentResponse(c.var.deps.db, c.var.deps.storage, {
        clinicId: c.var.clinicId,
        caseId: c.req.param("id"),
        attachmentId: c.req.param("attachmentId"),
        download: c.req.query("download") === "1",
      }),
  )
  .post(
    "/cases/:id/links",
    lab,
    requirePermission("lab.cases.share"),
    jsonBody(linkBody),
    async (c) => {
      const { db, config } = c.var.deps;
      const expiresAt = await linkExpiry(db, c.var.clinicId, {
        expiresOn: c.req.valid("json").expiresOn,
        defaultDays: config.lab.linkDays,
      });
      const link = await createCaseLink(db, config.encryptionKey, {
        clinicId: c.var.clinicId,
        caseId: c.req.param("id"),
        actorId: c.var.principal.userId,
        expiresAt,
      });
      return c.json({
        link: {
          id: link.id,
          url: sharedLinkUrl(config.appUrl, link.token),
          expiresAt: link.expiresAt.toISOString(),
        },
      }, 201);
    },
  )
  .delete("/cases/:id/links/:linkId", lab, requirePermission("lab.cases.share"), async (c) => {
    await revokeCaseLink(c.var.deps.db, {
      clinicId: c.var.clinicId,
      caseId: c.req.param("id"),
      linkId: c.req.param("linkId"),
      actorId: c.var.principal.userId,
    });
    return c.json({ ok: true });
  })
  .get("/labs", lab, requirePermission("lab.labs.view"), async (c) => {
    const { db, config } = c.var.deps;
    return c.json({ labs: await listLabs(db, config.encryptionKey, c.var.clinicId) });
  })
  .post("/labs", lab, requirePermission("lab.labs.manage"), jsonBody(labInput), async (c) => {
    const { db, config } = c.var.deps;
    const saved = await saveLab(db, config.encryptionKey, {
      clinicId: c.var.clinicId,
      values: c.req.valid("json"),
      actorId: c.var.principal.userId,
    });
    return c.json({ lab: saved }, 201);
  })
  .patch(
    "/labs/:id",
    lab,
    requirePermission("lab.labs.manage"),
    jsonBody(labInput),
    async (c) => {
      const { db, config } = c.var.deps;
      const saved = await saveLab(db, config.encryptionKey, {
        clinicId: c.var.clinicId,
        labId: c.req.param("id"),
        values: c.req.valid("json"),
        actorId: c.var.principal.userId,
      });
      return c.json({ lab: saved });
    },
  );
