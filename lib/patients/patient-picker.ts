/**
 * The patients a picker offers (the booking form's patient select): every
 * patient of the clinic by name, narrowed by a search for a name, an MRN or,
 * for members who may see numbers, a phone number.
 *
 * @example
 * ```ts
 * const options = await patientPickerOptions(db, encryptionKey, access, { query: "khan" });
 * ```
 */
import { and, asc, eq, ilike, or } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { patients } from "../db/schema.ts";
import { isUuid } from "../ids.ts";
import type { Access } from "../permissions/access.ts";
import { listPatients } from "./records.ts";

/** The select narrows by search beyond this many patients. */
export const PATIENT_PICKER_LIMIT = 200;

export interface PatientOption {
  id: string;
  fullName: string;
  mrn: string;
}

/** What the search box sent, as the picker uses it. */
export function patientSearchTerm(value: string | undefined): string {
  return (value ?? "").trim().slice(0, 200);
}

/** A search that reads as a phone number: the caller on the line. */
const looksLikePhone = (query: string) =>
  /^[\d\s()+.-]+$/.test(query) && query.replace(/\D/g, "").length >= 7;

export async function patientPickerOptions(
  db: Db,
  encryptionKey: string,
  access: Access,
  { query, selectedId }: { query: string; selectedId?: string },
): Promise<PatientOption[]> {
  const clinicId = access.clinicId;
  const columns = { id: patients.id, fullName: patients.fullName, mrn: patients.mrn };
  const pattern = `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  // Numbers are stored encrypted: the patient list's keyed index finds them,
  // and only for members who may see numbers.
  const found = looksLikePhone(query)
    ? (await listPatients(db, encryptionKey, access, { query, limit: 20 })).patients
      .map(({ id, fullName, mrn }) => ({ id, fullName, mrn }))
    : await db.select(columns).from(patients)
      .where(and(
        eq(patients.clinicId, clinicId),
        query ? or(ilike(patients.fullName, pattern), ilike(patients.mrn, pattern)) : undefined,
      ))
      .orderBy(asc(patients.fullName), asc(patients.mrn))
      .limit(PATIENT_PICKER_LIMIT);
  // The chosen patient stays in the list whatever the search says.
  if (selectedId && isUuid(selectedId) && !found.some((p) => p.id === selectedId)) {
    const [row] = await db.select(columns).from(patients)
      .where(and(eq(patients.clinicId, clinicId), eq(patients.id, selectedId)));
    if (row) found.unshift(row);
  }
  return found;
}
