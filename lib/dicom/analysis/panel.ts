/**
 * What the workstation's analysis panel needs for one series or DICOM
 * capture: what the member may do, the terms (and whether the clinic
 * accepted the current version), the month's usage and the latest analyses.
 */
import type { Db } from "../../db/client.ts";
import { type Access, can } from "../../permissions/access.ts";
import { AI_TERMS, type AiTerms, currentAcceptance } from "./terms.ts";
import { clinicLimit, quotaMonth, readUsage, type Usage } from "./quota.ts";
import { type AnalysisView, listAnalyses } from "./listing.ts";
import { type AnalysisSubject, clinicTimeZone } from "./queue.ts";

/** Usage as the browser shows it: "12 of 50 this month · resets 1 Jan". */
export interface UsageView {
  used: number;
  limit: number;
  resetsAt: string;
  /** "1 Jan": the first day of the next month on the clinic's calendar. */
  resetsOn: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function usageView(usage: Usage): UsageView {
  const month = Number(usage.month.slice(5, 7));
  return {
    used: usage.used,
    limit: usage.limit,
    resetsAt: usage.resetsAt.toISOString(),
    resetsOn: `1 ${MONTHS[month % 12]}`,
  };
}

export interface AnalysisPanelData {
  subject: AnalysisSubject;
  may: { analyze: boolean; acceptTerms: boolean };
  terms: AiTerms & { accepted: boolean };
  usage: UsageView | null;
  analyses: AnalysisView[];
  /** `local` is a technical review, and says so. */
  provider: "local" | "openai";
}

export async function clinicUsage(
  deps: { db: Db; kv: Deno.Kv; monthlyQuota: number },
  clinicId: string,
  now: Date,
): Promise<Usage> {
  const period = quotaMonth(now, await clinicTimeZone(deps.db, clinicId));
  const limit = await clinicLimit(deps.db, clinicId, deps.monthlyQuota);
  return await readUsage(deps.kv, clinicId, limit, period);
}

/** Null when the clinic lacks the module or the member may not see the panel. */
export async function loadAnalysisPanel(
  deps: { db: Db; kv: Deno.Kv; ai: { monthlyQuota: number; provider: "local" | "openai" } },
  access: Access,
  subject: AnalysisSubject,
  now: Date,
): Promise<AnalysisPanelData | null> {
  if (!access.modules.has("dicom_ai")) return null;
  const analyze = can(access, "radiology.dicom.analyze");
  const seeUsage = analyze || can(access, "radiology.usage.view");
  const [acceptance, usage, analyses] = await Promise.all([
    currentAcceptance(deps.db, access.clinicId),
    seeUsage
      ? clinicUsage({ ...deps, monthlyQuota: deps.ai.monthlyQuota }, access.clinicId, now)
      : null,
    listAnalyses(deps.db, access.clinicId, subject),
  ]);
  if (!analyze && !analyses.length && !usage) return null;
  return {
    subject,
    may: { analyze, acceptTerms: can(access, "radiology.dicom.terms.accept") },
    terms: { ...AI_TERMS, accepted: acceptance !== null },
    usage: usage && usageView(usage),
    analyses,
    provider: deps.ai.provider,
  };
}
