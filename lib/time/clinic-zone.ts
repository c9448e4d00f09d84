/** The clinic's IANA time zone, which every wall-clock conversion in ./zoned.ts takes. */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics } from "../db/schema.ts";

const DEFAULT_TIME_ZONE = "Asia/Karachi";

export async function clinicTimeZone(db: Db, clinicId: string): Promise<string> {
  const [clinic] = await db.select({ timeZone: clinics.timeZone }).from(clinics).where(
    eq(clinics.id, clinicId),
  );
  return clinic?.timeZone ?? DEFAULT_TIME_ZONE;
}
