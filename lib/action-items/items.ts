/**
 * The front desk's action items: what needs a person now, computed from the
 * data on every read, so an item disappears as soon as its cause is
 * resolved. Sources, each only when the reader may open what it links to:
 *
 * - an appointment due within 24 hours and still unconfirmed;
 * - an appointment that has ended and is still scheduled or confirmed (never
 *   started, completed or marked no-show);
 * - a lab case past its due date and not back, or one still a draft or on hold;
 * - an inventory item at or below its reorder threshold;
 * - an invoice past its due date with money still owed (lib/action-items/invoices.ts).
 *
 * One statement (a UNION ALL of the sources the reader may see), so the
 * dashboard pays one round trip for the card. Ordered by urgency, then by how
 * soon or how long ago.
 *
 * @example
 * ```ts
 * const items = await actionItems(db, { clinicId, access, timeZone, now: new Date() });
 * items[0].href; // "/appointments/…"
 * ```
 */
import { and, eq, gt, gte, inArray, lt, lte, notInArray, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.ts";
import { appointments, inventoryItems, labCases, labs, patients } from "../db/schema.ts";
import { type Access, can } from "../permissions/access.ts";
import { localDateOf } from "../time/zoned.ts";
import { formatCaseNumber } from "../lab/statuses.ts";
import { formatPkr } from "../treatment/money.ts";
import { invoiceHref, overdueInvoiceItems } from "./invoices.ts";

export const ACTION_KINDS = [
  "appointment_unconfirmed",
  "appointment_stale",
  "invoice_overdue",
  "lab_overdue",
  "lab_pending",
  "stock_low",
] as const;
export type ActionKind = typeof ACTION_KINDS[number];

export type Urgency = "high" | "medium" | "low";

export interface ActionItem {
  kind: ActionKind;
  /** The row the item is about. */
  id: string;
  urgency: Urgency;
  /** What needs doing, in a few words. */
  title: string;
  /** The facts behind it (who, when, how many). */
  detail: string;
  /** The exact page where it is resolved. */
  href: string;
  /** The instant that orders items of one urgency: the start, the due date… */
  at: Date;
  /** The facts without the patient's name: all an AI nudge is written from. */
  context: string;
  /** A one-line suggestion from the AI provider, when one is configured and asked. */
  nudge?: string;
}

/** How far back an appointment left open is still worth closing out. */
export const STALE_LOOKBACK_DAYS = 14;
/** Unconfirmed visits starting within this many hours need a call. */
export const UNCONFIRMED_HOURS = 24;

const URGENCY_RANK: Record<Urgency, number> = { high: 0, medium: 1, low: 2 };
/** Within one urgency: what loses a patient or money first. */
const KIND_RANK: Record<ActionKind, number> = {
  appointment_unconfirmed: 0,
  invoice_overdue: 1,
  lab_overdue: 2,
  stock_low: 3,
  appointment_stale: 4,
  lab_pending: 5,
};

/** What the reader may see and open: each source's page rule. */
export function actionSources(access: Access) {
  const has = (module: string) => access.modules.has(module);
  return {
    appointments: can(access, "appointments.view"),
    lab: has("lab") && can(access, "lab.cases.view"),
    stock: has("inventory") && can(access, "inventory.items.view"),
    invoices: can(access, "finance.invoices.view"),
  };
}

/** Whether the action items card is for this member at all. */
export function mayViewActionItems(access: Access | null | undefined): boolean {
  return !!access && access.modules.has("ai_reports") && can(access, "ai.action_items.view");
}

interface Row {
  kind: string;
  id: string;
  title: string;
  detail: string;
  status: string;
  at: number;
}

const text = (value: string) => sql<string>`${value}::text`;

export async function actionItems(
  db: Db,
  input: { clinicId: string; access: Access; timeZone: string; now: Date },
): Promise<ActionItem[]> {
  const { clinicId, access, timeZone, now } = input;
  const may = actionSources(access);
  const today = localDateOf(now, timeZone);
  const nowIso = now.toISOString();
  const parts = [];

  if (may.appointments) {
    const soon = new Date(now.getTime() + UNCONFIRMED_HOURS * 3_600_000);
    const since = new Date(now.getTime() - STALE_LOOKBACK_DAYS * 86_400_000);
    const ends =
      sql`${appointments.startsAt} + make_interval(mins => ${appointments.durationMinutes})`;
    const columns = (kind: ActionKind) => ({
      kind: text(kind),
      id: sql<string>`${appointments.id}::text`,
      title: sql<string>`${patients.fullName}`,
      detail: sql<string>`${appointments.type}`,
      status: sql<string>`${appointments.status}`,
      at: sql<number>`extract(epoch from ${appointments.startsAt})::float8`,
    });
    parts.push(
      db.select(columns("appointment_unconfirmed")).from(appointments)
        .innerJoin(patients, eq(patients.id, appointments.patientId))
        .where(and(
          eq(appointments.clinicId, clinicId),
          eq(appointments.status, "scheduled"),
          gt(appointments.startsAt, now),
          lte(appointments.startsAt, soon),
        )),
      db.select(columns("appointment_stale")).from(appointments)
        .innerJoin(patients, eq(patients.id, appointments.patientId))
        .where(and(
          eq(appointments.clinicId, clinicId),
          inArray(appointments.status, ["scheduled", "confirmed"]),
          gte(appointments.startsAt, since),
          sql`${ends} < ${nowIso}::timestamptz`,
        )),
    );
  }
  if (may.lab) {
    const columns = (kind: ActionKind) => ({
      kind: text(kind),
      id: sql<string>`${labCases.id}::text`,
      title: sql<string>`${labCases.number}::text`,
      detail: sql<
        string
      >`${labs.name} || ' · ' || ${patients.fullName} || ' · ' || coalesce(${labCases.dueDate}::text, '')`,
      status: sql<string>`${labCases.status}`,
      at: sql<
        number
      >`extract(epoch from coalesce(${labCases.dueDate}::timestamp, ${labCases.updatedAt}::timestamp))::float8`,
    });
    const unsettled = notInArray(labCases.status, ["delivered", "fitted", "cancelled"]);
    parts.push(
      db.select(columns("lab_overdue")).from(labCases)
        .innerJoin(labs, eq(labs.id, labCases.labId))
        .innerJoin(patients, eq(patients.id, labCases.patientId))
        .where(and(eq(labCases.clinicId, clinicId), unsettled, lt(labCases.dueDate, today))),
      db.select(columns("lab_pending")).from(labCases)
        .innerJoin(labs, eq(labs.id, labCases.labId))
        .innerJoin(patients, eq(patients.id, labCases.patientId))
        .where(and(
          eq(labCases.clinicId, clinicId),
          inArray(labCases.status, ["draft", "on_hold", "remake_requested"]),
          // An overdue case is listed once, as overdue.
          sql`(${labCases.dueDate} is null or ${labCases.dueDate} >= ${today}::date)`,
        )),
    );
  }
  if (may.stock) {
    parts.push(
      db.select({
        kind: text("stock_low"),
        id: sql<string>`${inventoryItems.id}::text`,
        title: sql<string>`${inventoryItems.name}`,
        detail: sql<
          string
        >`${inventoryItems.onHand}::text || ' of ' || ${inventoryItems.reorderThreshold}::text || ' ' || ${inventoryItems.unit}`,
        status: sql<string>`case when ${inventoryItems.onHand} = 0 then 'out' else 'low' end`,
        at: sql<number>`${inventoryItems.onHand}::float8`, // the emptiest first
      }).from(inventoryItems).where(and(
        eq(inventoryItems.clinicId, clinicId),
        eq(inventoryItems.archived, false),
        sql`${inventoryItems.onHand} <= ${inventoryItems.reorderThreshold}`,
      )),
    );
  }
  if (may.invoices) parts.push(overdueInvoiceItems(db, clinicId, today));
  if (!parts.length) return [];
  // deno-lint-ignore no-explicit-any
  const query = parts.length === 1 ? parts[0] : unionAll(...(parts as [any, any, ...any[]]));
  const rows = (await query) as Row[];
  return rows.map((row) => toItem(row, { timeZone, today, now }))
    .sort((a, b) =>
      URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] ||
      KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.at.getTime() - b.at.getTime()
    );
}

const TIME = (timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  });

function toItem(
  row: Row,
  clock: { timeZone: string; today: string; now: Date },
): ActionItem {
  const at = new Date(row.at * 1000);
  const when = TIME(clock.timeZone).format(at);
  const kind = row.kind as ActionKind;
  switch (kind) {
    case "appointment_unconfirmed":
      return {
        kind,
        id: row.id,
        urgency: "high",
        title: `Confirm ${row.title}'s visit`,
        detail: `${row.detail} · ${when} · not confirmed yet`,
        href: `/appointments/${row.id}`,
        at,
        context: `Unconfirmed appointment (${row.detail}) starting ${when}`,
      };
    case "appointment_stale":
      return {
        kind,
        id: row.id,
        urgency: "medium",
        title: `Close out ${row.title}'s visit`,
        detail: `${row.detail} · ${when} · still ${
          row.status === "confirmed" ? "confirmed" : "scheduled"
        }`,
        href: `/appointments/${row.id}`,
        at,
        context: `Appointment (${row.detail}) at ${when} is past and still ${row.status}`,
      };
    case "lab_overdue":
    case "lab_pending": {
      const [labName, patientName, due] = row.detail.split(" · ");
      const number = formatCaseNumber(Number(row.title));
      const overdue = kind === "lab_overdue";
      const state = overdue
        ? `due ${due}, not back`
        : row.status === "draft"
        ? "not sent to the lab yet"
        : row.status === "on_hold"
        ? "on hold"
        : "remake requested";
      return {
        kind,
        id: row.id,
        urgency: overdue ? "high" : "low",
        title: `${overdue ? "Chase" : "Follow up"} lab case ${number}`,
        detail: `${labName} · ${patientName} · ${state}`,
        href: `/lab/cases/${row.id}`,
        at,
        context: `Lab case ${number} at ${labName}: ${state}`,
      };
    }
    case "stock_low":
      return {
        kind,
        id: row.id,
        urgency: row.status === "out" ? "high" : "medium",
        title: `Reorder ${row.title}`,
        detail: row.status === "out" ? `Out of stock (${row.detail})` : `Low: ${row.detail}`,
        href: `/inventory/items/${row.id}`,
        at,
        context: `Inventory item ${row.title}: ${row.detail} on hand against its reorder level`,
      };
    case "invoice_overdue": {
      const [patientName, balance, due] = row.detail.split(" · ");
      const number = `INV-${row.title.padStart(6, "0")}`;
      const owed = formatPkr(Number(balance));
      return {
        kind,
        id: row.id,
        urgency: "high",
        title: `Collect invoice ${number}`,
        detail: `${patientName} · ${owed} owed · due ${due}`,
        href: invoiceHref(row.id),
        at,
        context: `Invoice ${number}: ${owed} still owed, due ${due}`,
      };
    }
  }
}

/** The JSON the API answers with. */
export function actionItemJson(item: ActionItem) {
  return { ...item, at: item.at.toISOString() };
}
