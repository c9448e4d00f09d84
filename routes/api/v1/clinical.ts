/**
 * Clinical notes and the dental chart for API clients. Mounted at
 * /api/v1/clinical. Times travel as ISO 8601 with the clinic's offset.
 *
 * Editing a note is declared with `clinical.notes.view`: its author may
 * always correct their own note, anyone else needs `clinical.notes.edit`
 * (lib/clinical/notes.ts decides). Chart entries are declared with
 * `clinical.chart.view`; adding or removing one then needs
 * `clinical.chart.edit` for a condition or a planned item, or
 * `clinical.procedures.record` for a procedure. `GET …/chart?asOf=YYYY-MM-DD`
 * answers the chart as it stood at the end of that clinic date (removed
 * entries are kept, stamped, for exactly this).
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { accessOf, requirePermission } from "../../../lib/permissions/route-policy.ts";
import type { Access } from "../../../lib/permissions/access.ts";
import { toClinicIso } from "../../../lib/time/zoned.ts";
import { clinicTimeZone } from "../../../lib/time/clinic-zone.ts";
import {
  addNote,
  assertPatientInClinic,
  type ClinicalNote,
  deleteNote,
  editNote,
  listNotes,
  MAX_NOTE_LENGTH,
} from "../../../lib/clinical/notes.ts";
import {
  addChartEntry,
  chartAsOf,
  type ChartEntry,
  listChartEntries,
  listChartHistory,
  removeChartEntry,
  toothStatus,
} from "../../../lib/clinical/chart.ts";

const noteText = z.string().max(
  MAX_NOTE_LENGTH,
  `A note holds at most ${MAX_NOTE_LENGTH} characters`,
)
  .refine((body) => body.trim().length > 0, "Write the note before saving it");

const newNoteBody = z.object({
  body: noteText,
  appointmentId: z.uuid().nullable().optional(),
}).strict();

const noteChangesBody = z.object({ body: noteText }).strict();

// The tooth, surface and code lists are checked in lib/clinical/chart.ts, so
// the API and the page form refuse the same things with the same words.
const chartEntryBody = z.object({
  tooth: z.string().max(4),
  surface: z.string().max(2).nullable().optional(),
  kind: z.string().max(20),
  code: z.string().max(40),
  note: z.string().max(500).nullable().optional(),
  recordedOn: z.string().max(10),
  appointmentId: z.uuid().nullable().optional(),
}).strict();

const chartQuery = z.object({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "asOf is a date, YYYY-MM-DD").optional(),
});

async function memberOf(c: Context<AppEnv & ClinicScope>): Promise<Access> {
  // requirePermission has already loaded the member's access.
  return (await accessOf(c))!;
}

export function noteJson(note: ClinicalNote, timeZone: string) {
  return {
    id: note.id,
    patientId: note.patientId,
    appointmentId: note.appointmentId,
    authorId: note.authorId,
    authorName: note.authorName,
    body: note.body,
    createdAt: toClinicIso(note.createdAt, timeZone),
    updatedAt: toClinicIso(note.updatedAt, timeZone),
  };
}

export function chartEntryJson(entry: ChartEntry, timeZone: string) {
  return {
    id: entry.id,
    patientId: entry.patientId,
    tooth: entry.tooth,
    surface: entry.surface,
    kind: entry.kind,
    code: entry.code,
    note: entry.note,
    recordedOn: entry.recordedOn,
    recordedBy: entry.recordedBy,
    recordedByName: entry.recordedByName,
    appointmentId: entry.appointmentId,
    createdAt: toClinicIso(entry.createdAt, timeZone),
  };
}

export const clinicalApi = new Hono<AppEnv>()
  .get("/patients/:patientId/notes", requirePermission("clinical.notes.view"), async (c) => {
    const { db } = c.var.deps;
    const clinicId = c.var.clinicId;
    const patientId = c.req.param("patientId");
    await assertPatientInClinic(db, clinicId, patientId);
    const [notes, timeZone] = await Promise.all([
      listNotes(db, clinicId, { patientId }),
      clinicTimeZone(db, clinicId),
    ]);
    return c.json({ notes: notes.map((n) => noteJson(n, timeZone)) });
  })
  .post(
    "/patients/:patientId/notes",
    requirePermission("clinical.notes.create"),
    jsonBody(newNoteBody),
    async (c) => {
      const { db } = c.var.deps;
      const body = c.req.valid("json");
      const note = await addNote(db, {
        access: await memberOf(c),
        actorId: c.var.principal.userId,
        patientId: c.req.param("patientId"),
        appointmentId: body.appointmentId,
        body: body.body,
      });
      return c.json(noteJson(note, await clinicTimeZone(db, c.var.clinicId)), 201);
    },
  )
  .patch(
    "/notes/:id",
    requirePermission("clinical.notes.view"),
    jsonBody(noteChangesBody),
    async (c) => {
      const { db } = c.var.deps;
      const note = await editNote(db, {
        access: await memberOf(c),
        actorId: c.var.principal.userId,
        noteId: c.req.param("id"),
        body: c.req.valid("json").body,
      });
      return c.json(noteJson(note, await clinicTimeZone(db, c.var.clinicId)));
    },
  )
  .delete("/notes/:id", requirePermission("clinical.notes.delete"), async (c) => {
    await deleteNote(c.var.deps.db, {
      clinicId: c.var.clinicId,
      actorId: c.var.principal.userId,
      noteId: c.req.param("id"),
    });
    return c.body(null, 204);
  })
  .get("/patients/:patientId/chart", requirePermission("clinical.chart.view"), async (c) => {
    const { db } = c.var.deps;
    const clinicId = c.var.clinicId;
    const patientId = c.req.param("patientId");
    const query = chartQuery.safeParse(c.req.query());
    if (!query.success) {
      return c.json({ error: query.error.issues[0].message, code: "VALIDATION_FAILED" }, 400);
    }
    await assertPatientInClinic(db, clinicId, patientId);
    const asOf = query.data.asOf;
    const [current, timeZone] = await Promise.all([
      asOf ? listChartHistory(db, clinicId, patientId) : listChartEntries(db, clinicId, patientId),
      clinicTimeZone(db, clinicId),
    ]);
    // With asOf, the chart as it stood at the end of that clinic date.
    const entries = asOf ? chartAsOf(current, asOf, timeZone) : current;
    return c.json({
      ...(asOf ? { asOf } : {}),
      teeth: Object.fromEntries(toothStatus(entries)),
      entries: entries.map((e) => chartEntryJson(e, timeZone)),
    });
  })
  .post(
    "/patients/:patientId/chart/entries",
    requirePermission("clinical.chart.view"),
    jsonBody(chartEntryBody),
    async (c) => {
      const { db } = c.var.deps;
      const entry = await addChartEntry(db, {
        access: await memberOf(c),
        actorId: c.var.principal.userId,
        patientId: c.req.param("patientId"),
        entry: c.req.valid("json"),
      });
      return c.json(
        chartEntryJson(entry, await clinicTimeZone(db, c.var.clinicId)),
        201,
      );
    },
  )
  .delete("/chart/entries/:id", requirePermission("clinical.chart.view"), async (c) => {
    await removeChartEntry(c.var.deps.db, {
      access: await memberOf(c),
      actorId: c.var.principal.userId,
      entryId: c.req.param("id"),
    });
    return c.body(null, 204);
  });
