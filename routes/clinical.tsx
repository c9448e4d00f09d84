/**
 * The clinical forms of the patient's Chart and Notes tabs and of the
 * appointment detail. Each checks the permission its button needed, calls
 * the same lib function as /api/v1/clinical, and redirects back with a
 * `clinical` notice; a refusal the user can fix comes back as a notice too.
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";
import { parseFormValues, readFormValues, submitForm } from "../lib/http/form.ts";
import {
  addNote,
  type ClinicalNote,
  deleteNote,
  editNote,
  getNote,
} from "../lib/clinical/notes.ts";
import { addChartEntry, getChartEntry, removeChartEntry } from "../lib/clinical/chart.ts";
import {
  addNoteForm,
  chartEntryForm,
  deleteNoteForm,
  editNoteForm,
} from "../lib/clinical/forms.ts";
import { staffPage } from "./_page.tsx";

const CHARTING = ["clinical.chart.edit", "clinical.procedures.record"];

function notesHref(
  note: Pick<ClinicalNote, "patientId" | "appointmentId">,
  from: string,
  code: string,
) {
  return from === "appointment" && note.appointmentId
    ? `/appointments/${note.appointmentId}?clinical=${code}#clinical-notes`
    : `/patients/${note.patientId}?tab=notes&clinical=${code}`;
}

function chartHref(patientId: string, dentition: string | undefined, code: string) {
  const view = dentition === "primary" || dentition === "mixed" ? `&dentition=${dentition}` : "";
  return `/patients/${patientId}?tab=chart${view}&clinical=${code}`;
}

export const clinicalRoutes = new Hono<AppEnv>()
  .post("/patients/:id/notes", staffPage({ permission: "clinical.notes.create" }), (c) => {
    const patientId = c.req.param("id");
    const back = (appointmentId: string | null | undefined, code: string) =>
      notesHref({ patientId, appointmentId: appointmentId || null }, "appointment", code);
    return submitForm(c, addNoteForm, {
      onValid: async ({ body, appointmentId }) => {
        await addNote(c.var.deps.db, {
          access: c.var.me.access!,
          actorId: c.var.me.user.id,
          patientId,
          appointmentId,
          body,
        });
        return c.redirect(back(appointmentId, "note_added"), 303);
      },
      onProblem: (values) => c.redirect(back(values.appointmentId, "note_invalid"), 303),
    });
  })
  .post("/clinical/notes/:id/edit", staffPage({ permission: "clinical.notes.view" }), async (c) => {
    const access = c.var.me.access!;
    const note = await getNote(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return submitForm(c, editNoteForm, {
      onValid: async ({ body, from }) => {
        await editNote(c.var.deps.db, { access, actorId: c.var.me.user.id, noteId: note.id, body });
        return c.redirect(notesHref(note, from, "note_edited"), 303);
      },
      onProblem: (values) => c.redirect(notesHref(note, values.from ?? "", "note_invalid"), 303),
    });
  })
  .post(
    "/clinical/notes/:id/delete",
    staffPage({ permission: "clinical.notes.delete" }),
    async (c) => {
      const { from } = parseFormValues(deleteNoteForm, await readFormValues(c));
      const note = await deleteNote(c.var.deps.db, {
        clinicId: c.var.clinicId,
        actorId: c.var.me.user.id,
        noteId: c.req.param("id"),
      });
      return c.redirect(notesHref(note, from, "note_deleted"), 303);
    },
  )
  .post("/patients/:id/chart", staffPage({ permission: CHARTING }), (c) => {
    const patientId = c.req.param("id");
    return submitForm(c, chartEntryForm, {
      onValid: async ({ dentition, ...entry }) => {
        await addChartEntry(c.var.deps.db, {
          access: c.var.me.access!,
          actorId: c.var.me.user.id,
          patientId,
          entry,
        });
        return c.redirect(chartHref(patientId, dentition, "charted"), 303);
      },
      onProblem: (values) =>
        c.redirect(chartHref(patientId, values.dentition, "chart_invalid"), 303),
    });
  })
  .post("/clinical/chart/:id/delete", staffPage({ permission: CHARTING }), async (c) => {
    const entry = await getChartEntry(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    await removeChartEntry(c.var.deps.db, {
      access: c.var.me.access!,
      actorId: c.var.me.user.id,
      entryId: entry.id,
    });
    return c.redirect(`/patients/${entry.patientId}?tab=chart&clinical=chart_removed`, 303);
  });
