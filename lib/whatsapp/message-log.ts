/**
 * The message log (Settings → WhatsApp → Messages): every message in and
 * out with its patient, kind, template, status trail and error, newest
 * first, filtered by status and kind, a page at a time. Numbers never
 * appear: a row names the patient, or the WhatsApp profile name.
 */
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import {
  patients,
  WHATSAPP_KINDS,
  WHATSAPP_STATUSES,
  whatsappMessages,
  type WhatsappTrailEntry,
} from "../db/schema.ts";

export const LOG_PAGE_SIZE = 50;
export const LOG_STATUSES = WHATSAPP_STATUSES;
export const LOG_KINDS = WHATSAPP_KINDS;

export const logFilter = z.object({
  status: z.enum(WHATSAPP_STATUSES).optional(),
  kind: z.enum(WHATSAPP_KINDS).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
}).strict();
export type LogFilter = z.infer<typeof logFilter>;

export interface LogEntry {
  id: string;
  createdAt: Date;
  direction: "inbound" | "outbound";
  kind: string;
  patientId: string | null;
  patientName: string | null;
  contactName: string | null;
  messageType: string;
  templateName: string | null;
  templateLanguage: string | null;
  status: string;
  trail: WhatsappTrailEntry[];
  attempts: number;
  errorCode: number | null;
  errorTitle: string | null;
}

export interface LogPage {
  entries: LogEntry[];
  page: number;
  hasMore: boolean;
  total: number;
}

export async function listMessageLog(
  db: Db,
  clinicId: string,
  filter: LogFilter,
): Promise<LogPage> {
  const conditions: SQL[] = [eq(whatsappMessages.clinicId, clinicId)];
  if (filter.status) conditions.push(eq(whatsappMessages.status, filter.status));
  if (filter.kind) conditions.push(eq(whatsappMessages.kind, filter.kind));
  const where = and(...conditions);
  const rows = await db.select({
    id: whatsappMessages.id,
    createdAt: whatsappMessages.createdAt,
    direction: whatsappMessages.direction,
    kind: whatsappMessages.kind,
    patientId: whatsappMessages.patientId,
    patientName: patients.fullName,
    contactName: whatsappMessages.contactName,
    messageType: whatsappMessages.messageType,
    templateName: whatsappMessages.templateName,
    templateLanguage: whatsappMessages.templateLanguage,
    status: whatsappMessages.status,
    trail: whatsappMessages.trail,
    attempts: whatsappMessages.attempts,
    errorCode: whatsappMessages.errorCode,
    errorTitle: whatsappMessages.errorTitle,
  })
    .from(whatsappMessages)
    .leftJoin(patients, eq(patients.id, whatsappMessages.patientId))
    .where(where)
    .orderBy(desc(whatsappMessages.createdAt), desc(whatsappMessages.id))
    .limit(LOG_PAGE_SIZE + 1)
    .offset((filter.page - 1) * LOG_PAGE_SIZE);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(whatsappMessages)
    .where(where);
  return {
    entries: rows.slice(0, LOG_PAGE_SIZE),
    page: filter.page,
    hasMore: rows.length > LOG_PAGE_SIZE,
    total: count?.n ?? 0,
  };
}
