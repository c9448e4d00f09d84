/**
 * A case's timeline and its live event. Every change to a case writes one
 * timeline entry (who, when, what) and, in the same transaction, the
 * `lab.case.updated` event open pages listen for, so a page never hears of a
 * change that did not commit.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { labCaseEvents, patients, users } from "../db/schema.ts";
import { publishEvent } from "../events/publish.ts";
import { formatCaseNumber, type LabCaseStatus, statusLabel } from "./statuses.ts";

/** Who changed a case: a signed-in member, or a lab through its shared link. */
export type CaseActor =
  | { kind: "staff"; userId: string }
  | { kind: "lab"; linkId: string; labName: string };

export type TimelineKind = typeof labCaseEvents.$inferInsert.kind;

export async function actorLabel(db: Db, actor: CaseActor): Promise<string> {
  if (actor.kind === "lab") return `${actor.labName} via shared link`;
  const [user] = await db.select({ name: users.name }).from(users).where(
    eq(users.id, actor.userId),
  );
  return user?.name ?? "A former member";
}

export interface CaseRef {
  id: string;
  clinicId: string;
  number: number;
  status: LabCaseStatus;
  patientId: string;
  appointmentId: string | null;
}

/** `lab.case.updated`: what a dashboard, case page or appointment needs to react. */
export interface LabCaseUpdated {
  caseId: string;
  caseNumber: string;
  status: LabCaseStatus;
  statusLabel: string;
  patientId: string;
  patientName: string;
  appointmentId: string | null;
  change: TimelineKind;
  by: "staff" | "lab";
  actor: string;
}

export async function recordCaseChange(
  tx: Db,
  input: {
    kase: CaseRef;
    actor: CaseActor;
    kind: TimelineKind;
    fromStatus?: LabCaseStatus | null;
    toStatus?: LabCaseStatus | null;
    note?: string | null;
  },
): Promise<void> {
  const { kase, actor } = input;
  const label = await actorLabel(tx, actor);
  await tx.insert(labCaseEvents).values({
    clinicId: kase.clinicId,
    caseId: kase.id,
    kind: input.kind,
    fromStatus: input.fromStatus ?? null,
    toStatus: input.toStatus ?? null,
    note: input.note ?? null,
    actorUserId: actor.kind === "staff" ? actor.userId : null,
    actorLabel: label,
    linkId: actor.kind === "lab" ? actor.linkId : null,
  });
  const [patient] = await tx.select({ name: patients.fullName }).from(patients)
    .where(eq(patients.id, kase.patientId));
  const data: LabCaseUpdated = {
    caseId: kase.id,
    caseNumber: formatCaseNumber(kase.number),
    status: kase.status,
    statusLabel: statusLabel(kase.status),
    patientId: kase.patientId,
    patientName: patient?.name ?? "",
    appointmentId: kase.appointmentId,
    change: input.kind,
    by: actor.kind,
    actor: label,
  };
  await publishEvent(tx, {
    clinicId: kase.clinicId,
    type: "lab.case.updated",
    permission: "lab.cases.view",
    data: { ...data },
  });
}
