/**
 * The page a lab opens from its shared link (`/lab/shared/<token>`), without
 * an account. Every request counts against a per-token, per-IP rate limit
 * and opens the link afresh, so a revoked or expired link stops at once and
 * shows a clear page. Forms and uploads carry the page's form token; changes
 * are recorded as "<lab> via shared link" and reach the clinic's open pages
 * as a live event.
 */
import { type Context, Hono } from "hono";
import type { ComponentChildren } from "preact";
import { z } from "zod";
import type { AppEnv } from "../lib/http/app-env.ts";
import { AppError, badRequest } from "../lib/errors.ts";
import { parseFormValues, readFormValues } from "../lib/http/form.ts";
import { clientIp } from "../lib/http/client-ip.ts";
import {
  checkFormToken,
  issueFormToken,
  LinkProblem,
  openCaseLink,
  type OpenedLink,
} from "../lib/lab/shared-links.ts";
import { limitLinkUse, loadSharedCase } from "../lib/lab/shared-view.ts";
import { addCaseNote, changeCaseStatus } from "../lib/lab/case-status.ts";
import { attachToCase, decodeFileName } from "../lib/lab/attachments.ts";
import { attachmentResponse } from "../lib/lab/attachment-content.ts";
import { LAB_CASE_STATUSES } from "../lib/lab/statuses.ts";
import { SharedCasePage, SharedProblemPage } from "../components/lab/SharedCasePage.tsx";
import { renderDocument } from "./_document.ts";
import { publicPage } from "./_page.tsx";

type Ctx = Context<AppEnv>;

const updateForm = z.object({
  formToken: z.string().optional(),
  status: z.union([z.literal(""), z.enum(LAB_CASE_STATUSES)]).optional(),
  note: z.string().trim().max(2000, "A note is at most 2000 characters").optional(),
});

const NOTICES: Record<string, string> = {
  moved: "Thank you: the clinic sees the new status.",
  noted: "Thank you: the clinic sees your note.",
};

function render(c: Ctx, page: ComponentChildren, title: string, status = 200) {
  // A secret link: no caches, no search engines, no referrer carrying the token away.
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
  c.header("Referrer-Policy", "no-referrer");
  return c.html(renderDocument(<>{page}</>, { title }), status as 200);
}

function problemPage(c: Ctx, error: unknown) {
  if (error instanceof LinkProblem) {
    const message = error.reason === "invalid"
      ? "Check that the whole link was copied, or ask the clinic for a new one."
      : "Ask the clinic for a new link. Nothing was changed.";
    return render(
      c,
      <SharedProblemPage title={error.message} message={message} />,
      error.message,
      error.status,
    );
  }
  if (error instanceof AppError && error.status === 429) {
    for (const [header, value] of Object.entries(error.headers)) c.header(header, value);
    return render(
      c,
      <SharedProblemPage
        title="Please wait a moment"
        message="Too many requests through this link; try again in a minute."
      />,
      "Too many requests",
      429,
    );
  }
  throw error;
}

/** Rate limit, then the link (or its problem). */
async function open(c: Ctx): Promise<{ link: OpenedLink; token: string }> {
  const token = c.req.param("token") ?? "";
  const { kv, config, db } = c.var.deps;
  await limitLinkUse(kv, { token, ip: clientIp(c), perMinute: config.lab.linkRateLimitPerMinute });
  return { link: await openCaseLink(db, config.encryptionKey, token), token };
}

async function showCase(c: Ctx, link: OpenedLink, token: string, error?: string, status = 200) {
  const { db, config } = c.var.deps;
  const view = await loadSharedCase(db, link);
  const formToken = await issueFormToken(config.encryptionKey, link.linkId);
  return render(
    c,
    <SharedCasePage
      view={view}
      base={`/lab/shared/${token}`}
      formToken={formToken}
      notice={NOTICES[c.req.query("notice") ?? ""] ?? null}
      error={error}
    />,
    `${view.caseNumber} · ${view.labName}`,
    status,
  );
}

const labActor = (link: OpenedLink) => ({
  kind: "lab" as const,
  linkId: link.linkId,
  labName: link.labName,
});

export const labSharedRoutes = new Hono<AppEnv>()
  .get("/lab/shared/:token", publicPage(), async (c) => {
    try {
      const { link, token } = await open(c);
      return await showCase(c, link, token);
    } catch (error) {
      return problemPage(c, error);
    }
  })
  .post("/lab/shared/:token/update", publicPage(), async (c) => {
    let opened: { link: OpenedLink; token: string };
    try {
      opened = await open(c);
    } catch (error) {
      return problemPage(c, error);
    }
    const { link, token } = opened;
    const { db, config } = c.var.deps;
    try {
      const form = parseFormValues(updateForm, await readFormValues(c));
      await checkFormToken(config.encryptionKey, link.linkId, form.formToken);
      const input = { clinicId: link.clinicId, caseId: link.caseId, actor: labActor(link) };
      if (form.status) {
        await changeCaseStatus(db, { ...input, to: form.status, note: form.note || null });
      } else if (form.note) {
        await addCaseNote(db, { ...input, note: form.note });
      } else {
        throw badRequest("Write a note, or choose the case's new status");
      }
      return c.redirect(`/lab/shared/${token}?notice=${form.status ? "moved" : "noted"}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) {
        return await showCase(c, link, token, error.message, error.status);
      }
      throw error;
    }
  })
  .post("/lab/shared/:token/attachments", publicPage(), async (c) => {
    try {
      const { link } = await open(c);
      const { db, storage, config } = c.var.deps;
      await checkFormToken(config.encryptionKey, link.linkId, c.req.header("x-form-token"));
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
          clinicId: link.clinicId,
          caseId: link.caseId,
          actor: labActor(link),
          upload: {
            body: c.req.raw.body,
            fileName: decodeFileName(c.req.header("x-file-name")),
            declaredSize: length && /^\d+$/.test(length) ? Number(length) : null,
            maxBytes: config.lab.attachmentMaxBytes,
          },
        },
      );
      return c.json(
        { duplicate: result.duplicate, importReport: result.importReport },
        result.duplicate ? 200 : 201,
      );
    } catch (error) {
      // The page's script reads JSON, whatever went wrong.
      if (error instanceof AppError) {
        for (const [header, value] of Object.entries(error.headers)) c.header(header, value);
        return c.json(error.toJSON(), error.status);
      }
      throw error;
    }
  })
  .get("/lab/shared/:token/files/:attachmentId", publicPage(), async (c) => {
    try {
      const { link } = await open(c);
      return await attachmentResponse(c.var.deps.db, c.var.deps.storage, {
        clinicId: link.clinicId,
        caseId: link.caseId,
        attachmentId: c.req.param("attachmentId"),
        download: true,
      });
    } catch (error) {
      return problemPage(c, error);
    }
  });
