/**
 * The patient's details page: the form (the same fields as the invitation,
 * plus the address) and saving it to their own record.
 */
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { type DetailChanges, detailFields, writeOwnDetails } from "./patient-details.ts";

export function profileForm(options: { whatsapp: boolean }) {
  return z.record(z.string(), z.string()).transform((values, ctx): DetailChanges =>
    detailFields(values, { ...options, address: true }, ctx)!
  );
}

export async function saveOwnDetails(
  db: Db,
  secret: string,
  input: { clinicId: string; patientId: string; changes: DetailChanges; now?: Date },
): Promise<string[]> {
  return await db.transaction((tx) =>
    writeOwnDetails(tx, secret, { ...input, via: "portal", now: input.now ?? new Date() })
  );
}
