/**
 * The clinical HTML forms as zod schemas. They only shape what was posted:
 * the rules (a note's length, a real tooth and date) live in notes.ts and
 * chart.ts, so a form and the API refuse the same things.
 */
import { z } from "zod";

const text = z.string().optional().transform((value) => value ?? "");
const orNull = z.string().optional().transform((value) => value || null);

/** Where a note form was posted from, so the answer goes back there. */
export const noteOrigin = z.enum(["appointment", "patient"]).catch("patient");

export const addNoteForm = z.object({
  body: text,
  /** Set when the note is written at a visit, from the appointment page. */
  appointmentId: orNull,
});

export const editNoteForm = z.object({ body: text, from: noteOrigin });

export const deleteNoteForm = z.object({ from: noteOrigin });

export const chartEntryForm = z.object({
  tooth: text,
  surface: orNull,
  /** `kind:code`, one select for both, e.g. `procedure:extraction`. */
  what: text,
  note: orNull,
  recordedOn: text,
  /** Today's visit, when the patient has one: completed work links to it. */
  appointmentId: orNull,
  dentition: z.enum(["permanent", "primary", "mixed"]).catch("permanent"),
}).transform(({ what, ...entry }) => {
  const [kind = "", code = ""] = what.split(":");
  return { ...entry, kind, code };
});
