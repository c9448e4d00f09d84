/**
 * The patients the booking form offers: the clinic's patients by name or MRN,
 * or the caller on the line found by phone number, with the patient already
 * chosen always kept in the list.
 *
 * @example
 * ```ts
 * const options = await bookingPatientOptions(db, config.encryptionKey, access, {
 *   query: "siddiqui",
 *   selected: c.req.query("patient"),
 * });
 * ```
 */
import { and, asc, eq, ilike, or } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { patients } from "../db/schema.ts";
import type { Access } from "../permissions/access.ts";
import { isUuid } from "../ids.ts";
import { listPatients } from "../patients/records.ts";

/** The select narrows by search beyond this many patients. */
export const PATIENT_OPTIONS = 200;
/** A phone search lists no more than this many patients. */
const PHONE_MATCHES = 20;

export interface PatientOption {
  id: string;
  fullName: string;
  mrn: string;
}

/** A search that reads as a phone number: the caller on the line. */
export const looksLikePhone = (query: string) =>
  /^[\d\s()+.-]+$/.test(query) && query.replace(/\D/g, "").length >= 7;

export async function bookingPatientOptions(
  db: Db,
  encryptionKey: string,
  access: Access,
  { query, selected }: { query: string; selected?: string },
): Promise<PatientOption[]> {
  const clinicId = access.clinicId;
  const columns = { id: patients.id, fullName: patients.fullName, mrn: patients.mrn };
  const pattern = `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  // Numbers are stored encrypted: the patient list's keyed index finds them,
  // and only for members who may see numbers.
  const found = looksLikePhone(query)
    ? (await listPatients(db, encryptionKey, access, { query, limit: PHONE_MATCHES })).patients
      .map(({ id, fullName, mrn }) => ({ id, fullName, mrn }))
    : await db.select(columns).from(patients)
      .where(and(
        eq(patients.clinicId, clinicId),
        query ? or(ilike(patients.fullName, pattern), ilike(patients.mrn, pattern)) : undefined,
      ))
      .orderBy(asc(patients.fullName), asc(patients.mrn))
      .limit(PATIENT_OPTIONS);
  if (selected && isUuid(selected) && !found.some((p) => p.id === selected)) {
    const [row] = await db.select(columns).from(patients)
      .where(and(eq(patients.clinicId, clinicId), eq(patients.id, selected)));
    if (row) found.unshift(row);
  }
  return found;
}
