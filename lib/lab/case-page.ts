/** What the case page shows a member: the case, the moves they may make, what they may do. */
import type { Db } from "../db/client.ts";
import { type Access, can } from "../permissions/access.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import { localDateOf } from "../time/zoned.ts";
import { addDays } from "../calendar/calendar-dates.ts";
import { getLabCase, type LabCaseDetail } from "./case-queries.ts";
import { allowedNext } from "./statuses.ts";

export interface CasePageData {
  kase: LabCaseDetail;
  timeZone: string;
  moves: string[];
  may: { edit: boolean; move: boolean; share: boolean; upload: boolean; files: boolean };
  /** The date a new link's "valid until" starts at. */
  linkDefault: string;
}

export async function loadCasePage(
  db: Db,
  access: Access,
  caseId: string,
  linkDays: number,
  now = new Date(),
): Promise<CasePageData> {
  const [kase, timeZone] = await Promise.all([
    getLabCase(db, access.clinicId, caseId, now),
    clinicTimeZone(db, access.clinicId),
  ]);
  const may = {
    edit: can(access, "lab.cases.edit"),
    move: can(access, "lab.cases.status.update"),
    share: can(access, "lab.cases.share"),
    upload: can(access, "lab.files.upload"),
    files: can(access, "lab.files.view"),
  };
  return {
    kase,
    timeZone,
    moves: may.move ? [...allowedNext(kase.status)] : [],
    may,
    linkDefault: addDays(localDateOf(now, timeZone), linkDays),
  };
}
