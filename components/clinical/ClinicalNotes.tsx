/**
 * Clinical notes as a list with the exact saved time and author of each, the
 * link to the visit a note was written at, and, for members allowed to, the
 * forms to add, edit and delete notes. Shown on the patient's Notes tab and
 * on the appointment detail; the forms post to the clinical routes.
 */
import type { ClinicalNote } from "../../lib/clinical/notes.ts";
import { MAX_NOTE_LENGTH } from "../../lib/clinical/notes.ts";
import { toClinicIso } from "../../lib/time/zoned.ts";
import type { NotePermissions } from "../../lib/clinical/permissions.ts";
import { Icon } from "../Icon.tsx";
import { Button, Textarea } from "../ui/mod.ts";

const formats = new Map<string, Intl.DateTimeFormat>();

/** `21 Nov 2026, 14:03:27`: to the second, because a clinical record is evidence. */
export function exactTime(instant: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    formats.set(
      timeZone,
      format = new Intl.DateTimeFormat("en-GB", {
        timeZone,
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
      }),
    );
  }
  return format.format(instant);
}

function visitLabel(startsAt: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(startsAt);
}

export function ClinicalNotes(
  { notes, timeZone, permissions, patientId, appointmentId, showVisitLinks }: {
    notes: readonly ClinicalNote[];
    timeZone: string;
    permissions: NotePermissions;
    patientId: string;
    /** Set on the appointment detail: new notes attach to this visit. */
    appointmentId?: string;
    showVisitLinks?: boolean;
  },
) {
  const from = appointmentId ? "appointment" : "patient";
  return (
    <div data-clinical-notes>
      {permissions.create && (
        <form
          method="post"
          action={`/patients/${patientId}/notes`}
          class="space-y-3 border-b border-slate-100 px-5 py-4"
          data-add-note
        >
          <label for="note-body" class="block text-sm font-medium text-slate-700">
            {appointmentId ? "Add a note to this visit" : "Add a note"}
          </label>
          <Textarea
            id="note-body"
            name="body"
            rows={3}
            required
            maxLength={MAX_NOTE_LENGTH}
            placeholder="Findings, treatment given, advice…"
          />
          <div class="flex justify-end">
            {appointmentId && <input type="hidden" name="appointmentId" value={appointmentId} />}
            <Button>Save note</Button>
          </div>
        </form>
      )}
      {notes.length === 0
        ? (
          <div class="flex items-start gap-3 px-5 py-5">
            <span class="grid h-9 w-9 shrink-0 place-items-center rounded-lg bg-slate-100 text-slate-500">
              <Icon name="clipboard" class="h-5 w-5" />
            </span>
            <p class="text-sm text-slate-600">
              {appointmentId ? "No clinical notes for this visit yet." : "No clinical notes yet."}
            </p>
          </div>
        )
        : (
          <ol class="divide-y divide-slate-100">
            {notes.map((note) => (
              <li key={note.id} class="px-5 py-4" data-note={note.id}>
                <div class="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 text-xs">
                  <span class="font-semibold text-slate-900" data-note-author>
                    {note.authorName ?? "Former staff member"}
                  </span>
                  <time
                    dateTime={note.createdAt.toISOString()}
                    title={toClinicIso(note.createdAt, timeZone)}
                    class="tabular-nums text-slate-500"
                    data-note-time
                  >
                    {exactTime(note.createdAt, timeZone)}
                  </time>
                </div>
                <p class="mt-1.5 whitespace-pre-line break-words text-sm text-slate-700">
                  {note.body}
                </p>
                <div class="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500">
                  {note.updatedAt.getTime() - note.createdAt.getTime() > 1000 && (
                    <span>
                      Edited{" "}
                      <time dateTime={note.updatedAt.toISOString()} class="tabular-nums">
                        {exactTime(note.updatedAt, timeZone)}
                      </time>
                    </span>
                  )}
                  {showVisitLinks && note.appointmentId && note.appointmentStartsAt && (
                    <a
                      href={`/appointments/${note.appointmentId}`}
                      class="inline-flex items-center gap-1 font-medium text-brand-700 hover:underline"
                      data-note-appointment
                    >
                      <Icon name="calendar" class="h-3.5 w-3.5" />
                      Visit on {visitLabel(note.appointmentStartsAt, timeZone)}
                    </a>
                  )}
                </div>
                {(permissions.edit(note) || permissions.delete) && (
                  <div class="mt-2 flex flex-wrap items-start gap-x-4 gap-y-2">
                    {permissions.edit(note) && (
                      <details class="open:w-full">
                        <summary class="cursor-pointer list-none text-xs font-medium text-slate-600 hover:text-slate-900">
                          Edit
                        </summary>
                        <form
                          method="post"
                          action={`/clinical/notes/${note.id}/edit`}
                          class="mt-2 space-y-2"
                        >
                          <input type="hidden" name="from" value={from} />
                          <Textarea
                            name="body"
                            rows={3}
                            required
                            maxLength={MAX_NOTE_LENGTH}
                            aria-label="Note"
                          >
                            {note.body}
                          </Textarea>
                          <Button variant="secondary">Save changes</Button>
                        </form>
                      </details>
                    )}
                    {permissions.delete && (
                      <form method="post" action={`/clinical/notes/${note.id}/delete`}>
                        <input type="hidden" name="from" value={from} />
                        <button
                          type="submit"
                          class="text-xs font-medium text-red-600 hover:text-red-800"
                          data-delete-note
                        >
                          Delete
                        </button>
                      </form>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
    </div>
  );
}
