/**
 * How a patient reaches their clinic: its contact details (set in Settings →
 * Clinic contact) and opening hours, shown on the portal; the address also
 * says where to come in appointment emails.
 */
import { eq } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { Db } from "../db/client.ts";
import { clinicContacts } from "../db/schema/portal.ts";
import { getWorkingHours, type OpeningHours } from "../appointments/working-hours.ts";
import { recordActivity } from "../activity-log.ts";
import type { ClinicContactChanges } from "./clinic-contact-form.ts";

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

/** Saves the clinic's contact details, recording which of them changed. */
export async function saveClinicContact(
  db: Db,
  input: { clinicId: string; actorId: string; contact: ClinicContactChanges; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(clinicContacts)
      .where(eq(clinicContacts.clinicId, input.clinicId));
    await tx.insert(clinicContacts)
      .values({ clinicId: input.clinicId, ...input.contact, updatedAt: now })
      .onConflictDoUpdate({
        target: clinicContacts.clinicId,
        set: { ...input.contact, updatedAt: now },
      });
    const changed = (["phone", "email", "address"] as const)
      .filter((field) => (before?.[field] ?? null) !== input.contact[field]);
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "settings.contact_changed",
      entityType: "clinic",
      entityId: input.clinicId,
      details: { changed },
    });
  });
}
