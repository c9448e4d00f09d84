/**
 * Moving a case through its statuses (./statuses.ts holds the flow). The row
 * is locked for the change, so a clinic and its lab pressing buttons at the
 * same moment cannot both move it from the same status. A move outside the
 * flow is a 409 naming the moves that are allowed; a lab asking for a status
 * outside its part of the flow is refused the same way.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { labCases } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import { type LabCaseRow, lockCase } from "./cases.ts";
import { type CaseActor, recordCaseChange } from "./timeline.ts";
import { allowedNext, labAllowedNext, type LabCaseStatus, statusLabel } from "./statuses.ts";
import { readSection } from "../settings/sections.ts";

/** Settings → Lab's "Require a shade on crowns": a crown goes to the lab with its shade. */
export async function assertReadyToSend(
  tx: Db,
  kase: { clinicId: string; caseType: string; shade: string | null },
): Promise<void> {
  if (kase.caseType !== "crown" || kase.shade) return;
  const { values } = await readSection(tx, kase.clinicId, "lab");
  if (!values.requireShadeOnCrowns) return;
  throw new AppError(422, "SHADE_REQUIRED", "Record the shade before sending a crown to the lab", {
    field: "shade",
  });
}

export function transitionRefused(
  from: LabCaseStatus,
  to: LabCaseStatus,
  allowed: readonly LabCaseStatus[],
): AppError {
  const options = allowed.length
    ? `allowed: ${allowed.map(statusLabel).join(", ")}`
    : "no further moves are allowed";
  return new AppError(
    409,
    "INVALID_TRANSITION",
    `A case that is ${statusLabel(from)} cannot move to ${statusLabel(to)} (${options})`,
    { from, to, allowed },
  );
}

export async function changeCaseStatus(
  db: Db,
  input: {
    clinicId: string;
    caseId: string;
    to: LabCaseStatus;
    note?: string | null;
    actor: CaseActor;
  },
): Promise<LabCaseRow> {
  return await db.transaction(async (tx) => {
    const current = await lockCase(tx, input.clinicId, input.caseId);
    const allowed = input.actor.kind === "lab"
      ? labAllowedNext(current.status)
      : allowedNext(current.status);
    if (!allowed.includes(input.to)) throw transitionRefused(current.status, input.to, allowed);
    if (input.to === "sent_to_lab") await assertReadyToSend(tx, current);
    const [kase] = await tx.update(labCases)
      .set({ status: input.to, updatedAt: new Date() })
      .where(eq(labCases.id, current.id))
      .returning();
    await recordCaseChange(tx, {
      kase,
      actor: input.actor,
      kind: "status",
      fromStatus: current.status,
      toStatus: input.to,
      note: input.note ?? null,
    });
    return kase;
  });
}

/** A note on the timeline without a status move (staff, or the lab through its link). */
export async function addCaseNote(
  db: Db,
  input: { clinicId: string; caseId: string; note: string; actor: CaseActor },
): Promise<void> {
  await db.transaction(async (tx) => {
    const kase = await lockCase(tx, input.clinicId, input.caseId);
    await recordCaseChange(tx, { kase, actor: input.actor, kind: "note", note: input.note });
  });
}
