/** Which teeth of a patient carry X-rays, for the dental chart's badges. */
import type { Db } from "../db/client.ts";
import { listPatientRadiology } from "./listing.ts";

/** Tooth (FDI, as text) → how many images are tagged with it. */
export async function taggedTeeth(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const item of await listPatientRadiology(db, clinicId, patientId)) {
    for (const tooth of item.teeth) counts.set(String(tooth), (counts.get(String(tooth)) ?? 0) + 1);
  }
  return counts;
}
