/**
 * Ruby reports API: the clinic's history (newest first), generating a
 * report for a period, one report as generated, and its PDF. Every route
 * needs the clinic's AI reports module first.
 */
import { Hono } from "hono";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import {
  accessOf,
  requireModule,
  requirePermission,
} from "../../../lib/permissions/route-policy.ts";
import { readerReportJson } from "../../../lib/reports/reader.ts";
import { reportSectionsFor } from "../../../lib/reports/sections.ts";
import { textProviderFromConfig } from "../../../lib/ai/mod.ts";
import { generateReportSchema } from "../../../lib/reports/period.ts";
import {
  generateReport,
  getReport,
  listReports,
  reportSummaryJson,
} from "../../../lib/reports/reports.ts";
import { reportPdf } from "../../../lib/reports/pdf.ts";

const aiReports = () => requireModule("ai_reports");

export const reportsApi = new Hono<AppEnv & ClinicScope>()
  .get("/ruby", aiReports(), requirePermission("ai.reports.view"), async (c) => {
    const reports = await listReports(c.var.deps.db, c.var.clinicId);
    return c.json({ reports: reports.map(reportSummaryJson) });
  })
  .post(
    "/ruby",
    aiReports(),
    requirePermission("ai.reports.generate"),
    jsonBody(generateReportSchema),
    async (c) => {
      const { deps } = c.var;
      const report = await generateReport(
        { db: deps.db, text: textProviderFromConfig(deps.config.ai) },
        {
          clinicId: c.var.clinicId,
          actorId: c.var.principal.userId,
          input: c.req.valid("json"),
          now: new Date(),
        },
      );
      return c.json(
        { report: readerReportJson(report, reportSectionsFor(await accessOf(c))) },
        201,
      );
    },
  )
  .get("/ruby/:id", aiReports(), requirePermission("ai.reports.view"), async (c) => {
    const report = await getReport(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return c.json({ report: readerReportJson(report, reportSectionsFor(await accessOf(c))) });
  })
  .get("/ruby/:id/pdf", aiReports(), requirePermission("ai.reports.export"), async (c) => {
    const { bytes, filename } = await reportPdf(
      c.var.deps.db,
      c.var.clinicId,
      c.req.param("id"),
      reportSectionsFor(await accessOf(c)),
    );
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    });
  });
