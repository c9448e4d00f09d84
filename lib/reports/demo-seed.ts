/**
 * Demo data: one Ruby report in Demo Dental's history, generated from the
 * demo rows as they stand (the last thirty days), with the template
 * narrative. Seeding again leaves a clinic that has reports alone.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicMembers, rubyReports } from "../db/schema.ts";
import { generateReport } from "./reports.ts";

export async function seedDemoReport(db: Db, clinicId: string, now = new Date()): Promise<void> {
  const [existing] = await db.select({ id: rubyReports.id }).from(rubyReports)
    .where(eq(rubyReports.clinicId, clinicId)).limit(1);
  if (existing) return;
  const [owner] = await db.select({ userId: clinicMembers.userId }).from(clinicMembers)
    .where(and(eq(clinicMembers.clinicId, clinicId), eq(clinicMembers.role, "owner")));
  await generateReport({ db, text: null }, {
    clinicId,
    actorId: owner?.userId ?? null,
    input: {},
    now,
  });
}
