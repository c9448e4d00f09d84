/**
 * Radiology → Unassigned captures: the waiting captures, and for the one
 * being placed, the patients matching a name or MRN search.
 */
import type { Db } from "../db/client.ts";
import { captureInbox, type InboxItem } from "../captures/inbox.ts";
import { listPatients } from "../patients/records.ts";
import { type Access, can } from "../permissions/access.ts";

export interface PatientChoice {
  patientId: string;
  patientName: string;
  mrn: string;
}

export interface CaptureInboxPage {
  items: InboxItem[];
  /** The search for one capture's patient, when one was asked for and may be run. */
  search?: { captureId: string; query: string; results: PatientChoice[] };
}

export async function captureInboxPage(
  db: Db,
  encryptionKey: string,
  access: Access,
  request: { captureId?: string; query?: string },
): Promise<CaptureInboxPage> {
  const items = await captureInbox(db, access.clinicId);
  const query = request.query?.trim() ?? "";
  const { captureId } = request;
  if (
    !captureId || !query || !can(access, "radiology.inbox.assign") ||
    !can(access, "patients.view")
  ) {
    return { items };
  }
  const found = await listPatients(db, encryptionKey, access, { query, limit: 8 });
  return {
    items,
    search: {
      captureId,
      query,
      results: found.patients.map((p) => ({
        patientId: p.id,
        patientName: p.fullName,
        mrn: p.mrn,
      })),
    },
  };
}
