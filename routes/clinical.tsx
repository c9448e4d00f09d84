/**
 * Clinical notes and the dental chart in the pages (issue 4): the panels of
 * the patient's Chart and Notes tabs and of the appointment detail, and the
 * plain HTML forms they post. Each form route checks the permission its
 * button needed, calls the same lib function as /api/v1/clinical, and
 * redirects back with a `clinical` notice.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { VNode } from "preact";
import { Card } from "../components/Card.tsx";
import { ClinicalNotes, type NotePermissions } from "../components/ClinicalNotes.tsx";
import { AddToChartForm, ChartEntryList } from "../components/ChartEntries.tsx";
import { DentalChart } from "../components/DentalChart.tsx";
import { taggedTeeth, xrayBadges, XrayTeethLinks } from "../components/RadiologyChartBadges.tsx";
import { Notice } from "../components/Notice.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { AppError } from "../lib/errors.ts";
import { type Access, can } from "../lib/permissions/access.ts";
import { pageRequires } from "../lib/permissions/page-guards.ts";
import { accessOf } from "../lib/permissions/route-policy.ts";
import { wallClock } from "../lib/time/zoned.ts";
import {
  addNote,
  type ClinicalNote,
  deleteNote,
  editNote,
  getNote,
  listNotes,
  mayEditNote,
} from "../lib/clinical/notes.ts";
import {
  addChartEntry,
  getChartEntry,
  listChartEntries,
  removeChartEntry,
  toothStatus,
} from "../lib/clinical/chart.ts";
import { type Dentition, permissionForKind } from "../lib/clinical/teeth.ts";
import { staffPage } from "./resume.tsx";

const NOTICES: Record<string, { tone: "success" | "error"; text: string }> = {
  note_added: { tone: "success", text: "Note saved." },
  note_edited: { tone: "success", text: "Note updated." },
  note_deleted: { tone: "success", text: "Note deleted." },
  note_invalid: {
    tone: "error",
    text: "Write the note (up to 5,000 characters) before saving it.",
  },
  charted: { tone: "success", text: "Added to the chart." },
  chart_removed: { tone: "success", text: "Removed from the chart." },
  chart_invalid: {
    tone: "error",
    text: "That could not be charted: check the tooth, surface, date and note.",
  },
};

/** The banner for a `?clinical=` notice, if it names one. */
export function ClinicalNotice({ code }: { code: string | undefined }) {
  const notice = code ? NOTICES[code] : undefined;
  return notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null;
}

export function notePermissions(access: Access, actorId: string): NotePermissions {
  return {
    create: can(access, "clinical.notes.create"),
    edit: (note: ClinicalNote) => mayEditNote(access, actorId, note),
    delete: can(access, "clinical.notes.delete"),
  };
}

/** The Chart or Notes tab of a patient's record; null for the other tabs. */
export async function clinicalTabPanel(
  c: Context<AppEnv>,
  access: Access,
  timeZone: string,
  patientId: string,
  tab: string,
): Promise<VNode | null> {
  const { db } = c.var.deps;
  const notice = <ClinicalNotice code={c.req.query("clinical")} />;
  if (tab === "notes") {
    const notes = await listNotes(db, access.clinicId, { patientId });
    return (
      <>
        {notice}
        <Card title={`Clinical notes (${notes.length})`}>
          <ClinicalNotes
            notes={notes}
            timeZone={timeZone}
            permissions={notePermissions(access, c.var.principal.userId)}
            patientId={patientId}
            showVisitLinks
          />
        </Card>
      </>
    );
  }
  if (tab !== "chart") return null;
  const dentition: Dentition = c.req.query("dentition") === "primary" ? "primary" : "permanent";
  const entries = await listChartEntries(db, access.clinicId, patientId);
  const xrayTeeth = can(access, "radiology.view")
    ? await taggedTeeth(db, access.clinicId, patientId)
    : new Map<string, number>();
  const conditions = can(access, "clinical.chart.edit");
  const procedures = can(access, "clinical.procedures.record");
  const toggle = (value: Dentition, label: string) => (
    <a
      href={`/patients/${patientId}?tab=chart${value === "primary" ? "&dentition=primary" : ""}`}
      aria-current={dentition === value ? "page" : undefined}
      class={`rounded-md px-3 py-1 text-xs font-semibold ${
        dentition === value
          ? "bg-white text-slate-900 shadow-sm"
          : "text-slate-600 hover:text-slate-900"
      }`}
    >
      {label}
    </a>
  );
  return (
    <div class="space-y-6">
      {notice}
      <Card
        title="Dental chart · FDI"
        action={
          <nav
            aria-label="Dentition"
            class="flex gap-1 rounded-lg bg-slate-100 p-1"
            data-dentition-toggle
          >
            {toggle("permanent", "Adult")}
            {toggle("primary", "Primary")}
          </nav>
        }
      >
        <div class="px-3 py-4 sm:px-5">
          <DentalChart
            dentition={dentition}
            status={toothStatus(entries)}
            badges={xrayBadges(xrayTeeth)}
          />
          <XrayTeethLinks patientId={patientId} teeth={xrayTeeth} />
        </div>
      </Card>
      {(conditions || procedures) && (
        <Card title="Add to chart">
          <AddToChartForm
            patientId={patientId}
            dentition={dentition}
            today={wallClock(new Date(), timeZone).date}
            conditions={conditions}
            procedures={procedures}
          />
        </Card>
      )}
      <Card title={`Charted (${entries.length})`}>
        <ChartEntryList
          entries={entries}
          mayRemove={(entry) => can(access, permissionForKind(entry.kind))}
        />
      </Card>
    </div>
  );
}

async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const form = await c.req.formData().catch(() => new FormData());
  const fields: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") fields[key] = value;
  return fields;
}

/** A refusal the user can fix comes back as a notice; 403 and 404 go to the error page. */
const isUserError = (error: unknown): error is AppError =>
  error instanceof AppError && error.status === 400;

function notesHref(
  note: Pick<ClinicalNote, "patientId" | "appointmentId">,
  from: string,
  code: string,
) {
  return from === "appointment" && note.appointmentId
    ? `/appointments/${note.appointmentId}?clinical=${code}#clinical-notes`
    : `/patients/${note.patientId}?tab=notes&clinical=${code}`;
}

async function member(c: Context<AppEnv>): Promise<Access> {
  // pageRequires has loaded the member's access already.
  return (await accessOf(c))!;
}

export const clinicalRoutes = new Hono<AppEnv>()
  .post("/patients/:id/notes", staffPage, pageRequires("clinical.notes.create"), async (c) => {
    const fields = await formFields(c);
    const patientId = c.req.param("id");
    const target = {
      patientId,
      appointmentId: fields.appointmentId || null,
    };
    const from = target.appointmentId ? "appointment" : "patient";
    try {
      await addNote(c.var.deps.db, {
        access: await member(c),
        actorId: c.var.principal.userId,
        patientId,
        appointmentId: target.appointmentId,
        body: fields.body ?? "",
      });
    } catch (error) {
      if (!isUserError(error)) throw error;
      return c.redirect(notesHref(target, from, "note_invalid"), 303);
    }
    return c.redirect(notesHref(target, from, "note_added"), 303);
  })
  .post("/clinical/notes/:id/edit", staffPage, pageRequires("clinical.notes.view"), async (c) => {
    const fields = await formFields(c);
    const access = await member(c);
    const note = await getNote(c.var.deps.db, access.clinicId, c.req.param("id"));
    try {
      await editNote(c.var.deps.db, {
        access,
        actorId: c.var.principal.userId,
        noteId: note.id,
        body: fields.body ?? "",
      });
    } catch (error) {
      if (!isUserError(error)) throw error;
      return c.redirect(notesHref(note, fields.from ?? "", "note_invalid"), 303);
    }
    return c.redirect(notesHref(note, fields.from ?? "", "note_edited"), 303);
  })
  .post(
    "/clinical/notes/:id/delete",
    staffPage,
    pageRequires("clinical.notes.delete"),
    async (c) => {
      const fields = await formFields(c);
      const note = await deleteNote(c.var.deps.db, {
        clinicId: c.var.principal.clinicId!,
        actorId: c.var.principal.userId,
        noteId: c.req.param("id"),
      });
      return c.redirect(notesHref(note, fields.from ?? "", "note_deleted"), 303);
    },
  )
  .post(
    "/patients/:id/chart",
    staffPage,
    pageRequires("clinical.chart.edit", "clinical.procedures.record"),
    async (c) => {
      const fields = await formFields(c);
      const patientId = c.req.param("id");
      const [kind = "", code = ""] = (fields.what ?? "").split(":");
      const back = `/patients/${patientId}?tab=chart${
        fields.dentition === "primary" ? "&dentition=primary" : ""
      }`;
      try {
        await addChartEntry(c.var.deps.db, {
          access: await member(c),
          actorId: c.var.principal.userId,
          patientId,
          entry: {
            tooth: fields.tooth ?? "",
            surface: fields.surface || null,
            kind,
            code,
            note: fields.note || null,
            recordedOn: fields.recordedOn ?? "",
          },
        });
      } catch (error) {
        if (!isUserError(error)) throw error;
        return c.redirect(`${back}&clinical=chart_invalid`, 303);
      }
      return c.redirect(`${back}&clinical=charted`, 303);
    },
  )
  .post(
    "/clinical/chart/:id/delete",
    staffPage,
    pageRequires("clinical.chart.edit", "clinical.procedures.record"),
    async (c) => {
      const access = await member(c);
      const entry = await getChartEntry(c.var.deps.db, access.clinicId, c.req.param("id"));
      await removeChartEntry(c.var.deps.db, {
        access,
        actorId: c.var.principal.userId,
        entryId: entry.id,
      });
      return c.redirect(`/patients/${entry.patientId}?tab=chart&clinical=chart_removed`, 303);
    },
  );
