/**
 * The clinic's Radiology page: a page of the latest images across patients,
 * and how many bridge captures wait in the inbox for someone who may see it.
 */
import { and, count, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { xrayCaptures } from "../db/schema.ts";
import { BRIDGE_MODULE } from "../bridge/devices.ts";
import { type Access, can } from "../permissions/access.ts";
import { recentClinicImages, type RecentImagesPage } from "./recent.ts";

export interface RadiologyOverview {
  page: RecentImagesPage;
  /** Unassigned captures, counted only for members who may open the inbox. */
  waiting: number;
}

export async function countUnassignedCaptures(db: Db, clinicId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(xrayCaptures)
    .where(and(eq(xrayCaptures.clinicId, clinicId), isNull(xrayCaptures.patientId)));
  return row?.n ?? 0;
}

export async function radiologyOverview(
  db: Db,
  access: Access,
  options: { before?: Date } = {},
): Promise<RadiologyOverview> {
  const showsInbox = access.modules.has(BRIDGE_MODULE) && can(access, "radiology.inbox.view");
  const [page, waiting] = await Promise.all([
    recentClinicImages(db, access.clinicId, options),
    showsInbox ? countUnassignedCaptures(db, access.clinicId) : 0,
  ]);
  return { page, waiting };
}
