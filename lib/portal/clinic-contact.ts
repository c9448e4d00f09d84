/** How a patient reaches their clinic: its contact details and opening hours. */
import { eq } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { Db } from "../db/client.ts";
import { clinicContacts } from "../db/schema/portal.ts";
import { getWorkingHours, type OpeningHours } from "../appointments/working-hours.ts";

export interface ClinicContact {
  /** E.164, for `tel:` links. */
  phone: string | null;
  /** The same number as people write it: "+92 42 35761234". */
  phoneDisplay: string | null;
  email: string | null;
  address: string | null;
  hours: OpeningHours[];
}

export async function readClinicContact(db: Db, clinicId: string): Promise<ClinicContact> {
  const [[row], hours] = await Promise.all([
    db.select().from(clinicContacts).where(eq(clinicContacts.clinicId, clinicId)),
    getWorkingHours(db, clinicId),
  ]);
  return {
    phone: row?.phone ?? null,
    phoneDisplay: row?.phone
      ? parsePhoneNumberFromString(row.phone)?.formatInternational() ?? row.phone
      : null,
    email: row?.email ?? null,
    address: row?.address ?? null,
    hours,
  };
}
