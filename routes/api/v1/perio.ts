/**
 * Periodontal exams for API clients and the perio entry island. Mounted at
 * /api/v1/perio. Reading needs `clinical.chart.view`, recording
 * `clinical.chart.edit`: the chart's own permissions.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { accessOf, requirePermission } from "../../../lib/permissions/route-policy.ts";
import { AppError } from "../../../lib/errors.ts";
import { assertPatientInClinic } from "../../../lib/clinical/notes.ts";
import {
  getPerioExam,
  listPerioExams,
  type PerioExam,
  perioExamInput,
  recordPerioExam,
  worsenedSites,
} from "../../../lib/perio/exams.ts";
import { attachmentLevel, summarize } from "../../../lib/perio/sites.ts";

const worseQuery = z.object({
  since: z.uuid("since is the id of the earlier exam"),
  threshold: z.coerce.number().int().min(1).max(10).optional(),
});

export function perioExamJson(exam: PerioExam) {
  return {
    id: exam.id,
    patientId: exam.patientId,
    examinedOn: exam.examinedOn,
    appointmentId: exam.appointmentId,
    recordedByName: exam.recordedByName,
    note: exam.note,
    summary: summarize([...exam.sites.values()]),
    teeth: [...exam.teeth].map(([tooth, t]) => ({ tooth, ...t })),
    sites: [...exam.sites].map(([key, s]) => {
      const [tooth, site] = key.split(":");
      return { tooth, site, ...s, attachment: attachmentLevel(s.depth, s.recession) };
    }),
  };
}

export const perioApi = new Hono<AppEnv>()
  .get("/patients/:patientId/exams", requirePermission("clinical.chart.view"), async (c) => {
    const { db } = c.var.deps;
    const patientId = c.req.param("patientId");
    await assertPatientInClinic(db, c.var.clinicId, patientId);
    const exams = await listPerioExams(db, c.var.clinicId, patientId);
    return c.json({ exams });
  })
  .post(
    "/patients/:patientId/exams",
    requirePermission("clinical.chart.edit"),
    jsonBody(perioExamInput),
    async (c) => {
      const exam = await recordPerioExam(c.var.deps.db, {
        access: (await accessOf(c))!,
        actorId: c.var.principal.userId,
        patientId: c.req.param("patientId"),
        exam: c.req.valid("json"),
      });
      return c.json(perioExamJson(exam), 201);
    },
  )
  .get("/exams/:id", requirePermission("clinical.chart.view"), async (c) => {
    const exam = await getPerioExam(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return c.json(perioExamJson(exam));
  })
  .get("/exams/:id/worse", requirePermission("clinical.chart.view"), async (c) => {
    const query = worseQuery.safeParse(c.req.query());
    if (!query.success) {
      throw new AppError(400, "VALIDATION_FAILED", query.error.issues[0].message);
    }
    const sites = await worsenedSites(c.var.deps.db, c.var.clinicId, {
      fromExamId: query.data.since,
      toExamId: c.req.param("id"),
      threshold: query.data.threshold,
    });
    return c.json({ sites });
  });
