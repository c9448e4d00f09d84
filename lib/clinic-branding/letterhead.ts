/**
 * What heads every message a clinic sends: its name, its logo (as an address
 * mail clients can fetch) and where it is. One read, so each email sender
 * brands its mail the same way instead of selecting the pieces itself.
 *
 * @example
 * ```ts
 * const letterhead = await clinicLetterhead(tx, clinicId, config.appUrl);
 * renderEmail({ clinicName: letterhead.clinicName, clinicLogoUrl: letterhead.clinicLogoUrl, … });
 * ```
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics } from "../db/schema.ts";
import { clinicContacts } from "../db/schema/portal.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { clinicLogoUrl } from "./logo-url.ts";

export interface ClinicLetterhead {
  clinicName: string;
  /** Absolute URL of the clinic's current logo; null when it has none. */
  clinicLogoUrl: string | null;
  /** The address from Settings → Clinic contact; null when none is on file. */
  clinicAddress: string | null;
}

export async function clinicLetterhead(
  db: Db,
  clinicId: string,
  appUrl: string,
): Promise<ClinicLetterhead> {
  const [row] = await db.select({
    name: clinics.name,
    logoFileId: clinics.logoFileId,
    address: clinicContacts.address,
  }).from(clinics)
    .leftJoin(clinicContacts, eq(clinicContacts.clinicId, clinics.id))
    .where(eq(clinics.id, clinicId));
  return {
    clinicName: row?.name ?? "your clinic",
    clinicLogoUrl: clinicLogoUrl(appUrl, row?.logoFileId),
    clinicAddress: row?.address?.trim() || null,
  };
}

/**
 * Where a clinic's branding is read from when a document is made: the store
 * holding its logo (drawn on PDFs) and the app's address (for the logo in
 * emails).
 */
export interface BrandingSources {
  storage: ObjectStore;
  appUrl: string;
}

/** The branding sources of one app instance. */
export function brandingSources(
  deps: { storage: ObjectStore; config: { appUrl: string } },
): BrandingSources {
  return { storage: deps.storage, appUrl: deps.config.appUrl };
}
