/**
 * DICOM AI analysis: the terms a clinic accepts once, the month's usage,
 * submitting a series (or a DICOM capture) for analysis — 202 with the
 * analysis id; the worker does the rest — and reading analyses. Every route
 * needs the `dicom_ai` module first.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { requireModule, requirePermission } from "../../../lib/permissions/route-policy.ts";
import { badRequest } from "../../../lib/errors.ts";
import {
  acceptTermsBody,
  analysesQuery,
  submitAnalysisBody,
} from "../../../lib/dicom/analysis/forms.ts";
import { acceptTerms, AI_TERMS, currentAcceptance } from "../../../lib/dicom/analysis/terms.ts";
import { submitAnalysis } from "../../../lib/dicom/analysis/queue.ts";
import { clinicUsage, usageView } from "../../../lib/dicom/analysis/panel.ts";
import { getAnalysis, listAnalyses } from "../../../lib/dicom/analysis/listing.ts";

const MODULE = "dicom_ai";

/** Mounted at `/api/v1/dicom-ai`. */
export const dicomAnalysesApi = new Hono<AppEnv>()
  .get("/terms", requireModule(MODULE), requirePermission("radiology.view"), async (c) => {
    const acceptance = await currentAcceptance(c.var.deps.db, c.var.clinicId);
    return c.json({
      terms: AI_TERMS,
      acceptance: acceptance && { ...acceptance, acceptedAt: acceptance.acceptedAt.toISOString() },
    });
  })
  .post(
    "/terms",
    requireModule(MODULE),
    requirePermission("radiology.dicom.terms.accept"),
    jsonBody(acceptTermsBody),
    async (c) => {
      const acceptance = await acceptTerms(c.var.deps.db, {
        clinicId: c.var.clinicId,
        userId: c.var.principal.userId,
        version: c.req.valid("json").version,
        now: new Date(),
      });
      return c.json({
        acceptance: { ...acceptance, acceptedAt: acceptance.acceptedAt.toISOString() },
      }, 201);
    },
  )
  .get("/usage", requireModule(MODULE), requirePermission("radiology.usage.view"), async (c) => {
    const { db, kv, config } = c.var.deps;
    const usage = await clinicUsage(
      { db, kv, monthlyQuota: config.ai.monthlyQuota },
      c.var.clinicId,
      new Date(),
    );
    return c.json({ usage: usageView(usage) });
  })
  .post(
    "/analyses",
    requireModule(MODULE),
    requirePermission("radiology.dicom.analyze"),
    jsonBody(submitAnalysisBody),
    async (c) => {
      const { db, kv, config } = c.var.deps;
      const submitted = await submitAnalysis(
        { db, kv, ai: config.ai },
        {
          clinicId: c.var.clinicId,
          actorId: c.var.principal.userId,
          subject: c.req.valid("json"),
          now: new Date(),
        },
      );
      // 202: queued now; 200: the subject's analysis was already waiting, and is returned.
      return c.json(
        {
          analysis: submitted.analysis,
          usage: usageView(submitted.usage),
          alreadyPending: submitted.alreadyPending,
        },
        submitted.alreadyPending ? 200 : 202,
      );
    },
  )
  .get("/analyses", requireModule(MODULE), requirePermission("radiology.view"), async (c) => {
    const query = analysesQuery.safeParse(c.req.query());
    if (!query.success) throw badRequest(query.error.issues[0].message);
    return c.json({ analyses: await listAnalyses(c.var.deps.db, c.var.clinicId, query.data) });
  })
  .get("/analyses/:id", requireModule(MODULE), requirePermission("radiology.view"), async (c) => {
    return c.json({
      analysis: await getAnalysis(c.var.deps.db, c.var.clinicId, c.req.param("id")),
    });
  });
