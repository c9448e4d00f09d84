/**
 * What a lab sees through its shared link: the patient's name and MRN (no
 * phones, no other records), the case's fields and instructions, its files,
 * and the moves the lab may make. Also the per-token, per-IP rate limit.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics } from "../db/schema.ts";
import { tooManyRequests } from "../errors.ts";
import { hitRateLimit } from "../auth/rate-limit.ts";
import { sha256Hex } from "../bytes.ts";
import { getLabCase } from "./case-queries.ts";
import type { OpenedLink } from "./shared-links.ts";
import {
  labAllowedNext,
  type LabCaseStatus,
  type LabCaseType,
  type LabPriority,
} from "./statuses.ts";

export interface SharedCaseView {
  clinicName: string;
  labName: string;
  caseNumber: string;
  patientName: string;
  patientMrn: string;
  caseType: LabCaseType;
  teeth: number[];
  shade: string | null;
  material: string | null;
  instructions: string | null;
  priority: LabPriority;
  dueDate: string | null;
  status: LabCaseStatus;
  moves: LabCaseStatus[];
  attachments: { id: string; name: string; kind: string; sizeBytes: number; fromLab: boolean }[];
  expiresAt: string;
}

export async function loadSharedCase(db: Db, link: OpenedLink): Promise<SharedCaseView> {
  const [kase, [clinic]] = await Promise.all([
    getLabCase(db, link.clinicId, link.caseId),
    db.select({ name: clinics.name }).from(clinics).where(eq(clinics.id, link.clinicId)),
  ]);
  return {
    clinicName: clinic?.name ?? "",
    labName: link.labName,
    caseNumber: kase.caseNumber,
    patientName: kase.patientName,
    patientMrn: kase.patientMrn,
    caseType: kase.caseType,
    teeth: kase.teeth,
    shade: kase.shade,
    material: kase.material,
    instructions: kase.instructions,
    priority: kase.priority,
    dueDate: kase.dueDate,
    status: kase.status,
    moves: labAllowedNext(kase.status),
    attachments: kase.attachments.map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      sizeBytes: a.sizeBytes,
      fromLab: a.source === "lab",
    })),
    expiresAt: link.expiresAt.toISOString(),
  };
}

/** Counts one request through a link from one address; 429 past the limit. */
export async function limitLinkUse(
  kv: Deno.Kv,
  input: { token: string; ip: string; perMinute: number },
): Promise<void> {
  // The token is a secret: the counter is keyed by a digest of it.
  const key = (await sha256Hex(input.token)).slice(0, 32);
  const result = await hitRateLimit(kv, ["lab_link", key, input.ip], {
    limit: input.perMinute,
    windowSeconds: 60,
  });
  if (!result.allowed) throw tooManyRequests(result.retryAfterSeconds);
}
