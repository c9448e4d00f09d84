/** The Notes tab of a patient's record: every clinical note, newest first, with visit links. */
import { Card } from "../ui/mod.ts";
import { ClinicalNotes } from "./ClinicalNotes.tsx";
import { ClinicalNotice } from "./ClinicalNotice.tsx";
import type { ClinicalNote } from "../../lib/clinical/notes.ts";
import type { NotePermissions } from "../../lib/clinical/permissions.ts";

export function PatientNotesPanel(
  { patientId, notes, permissions, timeZone, notice }: {
    patientId: string;
    notes: readonly ClinicalNote[];
    permissions: NotePermissions;
    timeZone: string;
    /** `?clinical=`: the note form just posted. */
    notice?: string;
  },
) {
  return (
    <>
      <ClinicalNotice code={notice} />
      <Card title={`Clinical notes (${notes.length})`}>
        <ClinicalNotes
          notes={notes}
          timeZone={timeZone}
          permissions={permissions}
          patientId={patientId}
          showVisitLinks
        />
      </Card>
    </>
  );
}
