/**
 * The Today dashboard's data: one read of the clinic's appointment book for
 * the day (and the next 48 hours when reception sees its unconfirmed
 * visits), plus what the shown panels need besides, all run at once. Every
 * query is scoped by clinic; the day is the clinic's calendar day in its
 * time zone.
 *
 * @example
 * ```ts
 * const board = await todayBoard(db, { clinicId, timeZone, userId, access, now: new Date() });
 * board.unconfirmed?.forEach((visit) => …);
 * ```
 */
import { and, asc, desc, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedPerDatabase, preparedPerShape } from "../db/prepared.ts";
import {
  appointments,
  clinicalNotes,
  dicomStudies,
  emailOutbox,
  operatories,
  patients,
  users,
  xrayCaptures,
} from "../db/schema.ts";
import type { Access } from "../permissions/access.ts";
import { isUuid } from "../ids.ts";
import { fromWallClock, localDateOf } from "../time/zoned.ts";
import { listOperatories } from "../appointments/operatories.ts";
import { REMINDER_KIND } from "../appointments/reminders.ts";
import { STATUS_LABELS } from "../appointments/statuses.ts";
import { categoryLabel } from "../radiology/categories.ts";
import { type ClinicOverview, dayOverview } from "./overview.ts";
import { type LowStockItem, lowStockItems } from "../inventory/stock-report.ts";
import {
  CLINIC_BOOK_PANELS,
  OWN_BOOK_PANELS,
  type PanelKey,
  type TodayAbilities,
  todayAbilities,
  todayPanels,
  type TodayView,
  todayView,
} from "./panels.ts";
import {
  type AppointmentFigures,
  type Arrival,
  type Chair,
  chairsNow,
  type DayAppointment,
  expectedArrivals,
  figuresFromCounts,
  nextAppointment,
  type OperatoryDay,
  type ProcedureCount,
  procedureCounts,
  scheduleByOperatory,
  UNCONFIRMED_WINDOW_HOURS,
  type UnconfirmedVisit,
  unconfirmedVisits,
  visitsWithoutNote,
} from "./day-summary.ts";

export type { DayAppointment };

/** The patient of one of the clinic's appointments, for the notice after a desk action; null when none. */
export async function appointmentPatientName(
  db: Db,
  clinicId: string,
  appointmentId: string,
): Promise<string | null> {
  if (!isUuid(appointmentId)) return null;
  const [row] = await db.select({ name: patients.fullName }).from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, appointmentId)));
  return row?.name ?? null;
}

export interface TodayXray {
  kind: "capture" | "study";
  id: string;
  patientId: string;
  patientName: string;
  /** Capture time, or the upload time of a study. */
  at: Date;
  /** The capture's category, or the study's description, as staff read it. */
  label: string;
  /** Operatory of a capture, modality of a study. */
  detail: string | null;
  /** The capture's file, whose thumbnail the panel shows; null for a study. */
  thumbnailFileId: string | null;
}

export interface TodayBoard {
  view: TodayView;
  panels: ReadonlySet<PanelKey>;
  may: TodayAbilities;
  /** The clinic's date today, YYYY-MM-DD. */
  date: string;
  timeZone: string;
  now: Date;
  /** Each field is present when its panel is shown. */
  myDay?: { appointments: DayAppointment[]; next: DayAppointment | null };
  inChair?: DayAppointment[];
  notesMissing?: DayAppointment[];
  xrays?: TodayXray[];
  arrivals?: Arrival[];
  unconfirmed?: UnconfirmedVisit[];
  schedule?: OperatoryDay[];
  cancellations?: DayAppointment[];
  chairs?: Chair[];
  procedures?: ProcedureCount[];
  /** Items at or below their reorder threshold, out of stock first. */
  lowStock?: LowStockItem[];
  figures?: { appointments: AppointmentFigures | null; newPatients: number | null };
  /** Team, recent activity and plan, for the panels that show them. */
  overview?: ClinicOverview;
}

export interface TodayInput {
  clinicId: string;
  timeZone: string;
  /** The signed-in member: "my" day is the appointments they are the doctor of. */
  userId: string;
  access: Access;
  now: Date;
}

/** How many of today's images the X-rays panel lists. */
const XRAY_LIMIT = 12;
/** Reminders older than the longest lead a clinic may choose are no longer news. */
const REMINDER_LOOKBACK_MS = 7 * 86_400_000;

const addDay = (date: string) => {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
};

export async function todayBoard(db: Db, input: TodayInput): Promise<TodayBoard> {
  const { clinicId, timeZone, access, now, userId } = input;
  const view = todayView(access.role);
  const panels = todayPanels(access);
  const has = (panel: PanelKey) => panels.has(panel);
  const date = localDateOf(now, timeZone);
  const dayStart = fromWallClock(date, 0, timeZone);
  const dayEnd = fromWallClock(date, 24 * 60, timeZone);

  const until = has("unconfirmed")
    ? new Date(Math.max(dayEnd.getTime(), now.getTime() + UNCONFIRMED_WINDOW_HOURS * 3_600_000))
    : dayEnd;
  const may = todayAbilities(access);
  // Of the book, only panels about the clinic's visits need every row with its names; panels
  // about the member's own day need their own. The figures count the whole clinic's day from
  // statuses alone, read with the overview.
  const readsClinicBook = CLINIC_BOOK_PANELS.some(has);
  const readsBook = readsClinicBook || OWN_BOOK_PANELS.some(has);
  const doctorId = readsClinicBook ? undefined : userId;
  const shape = {
    overview: has("activity") || has("team") || has("plan"),
    newPatients: has("figures") && may.patientFigures,
    appointments: has("figures") && may.appointmentFigures,
  };

  const [book, rooms, reminders, xrays, day, lowStock] = await Promise.all([
    readsBook
      ? appointmentBook(db, {
        clinicId,
        from: dayStart,
        to: until,
        doctorId,
        withNotes: has("notesMissing"),
        withEmail: has("unconfirmed"),
      })
      : [],
    has("schedule") || has("chairs") ? listOperatories(db, clinicId) : [],
    has("unconfirmed")
      ? remindersSince(db, clinicId, new Date(now.getTime() - REMINDER_LOOKBACK_MS))
      : new Map<string, Date>(),
    has("xrays") ? todaysXrays(db, { clinicId, from: dayStart, to: dayEnd, doctorId }) : undefined,
    shape.overview || shape.newPatients || shape.appointments
      ? dayOverview(db, clinicId, shape, { from: dayStart, to: dayEnd, now })
      : undefined,
    has("lowStock") ? lowStockItems(db, clinicId) : undefined,
  ]);

  const today = book.filter((a) => a.startsAt < dayEnd);
  const mine = today.filter((a) => a.doctorId === userId);
  const board: TodayBoard = { view, panels, may, date, timeZone, now };
  if (has("myDay")) board.myDay = { appointments: mine, next: nextAppointment(mine, now) };
  if (has("inChair")) board.inChair = mine.filter((a) => a.status === "in_progress");
  if (has("notesMissing")) board.notesMissing = visitsWithoutNote(mine);
  if (xrays) board.xrays = xrays;
  if (has("arrivals")) board.arrivals = expectedArrivals(today, now);
  if (has("unconfirmed")) {
    board.unconfirmed = unconfirmedVisits(book, now, {
      dateOf: (instant) => localDateOf(instant, timeZone),
      today: date,
      tomorrow: addDay(date),
      reminders,
    });
  }
  if (has("schedule")) board.schedule = scheduleByOperatory(today, rooms);
  if (has("cancellations")) {
    board.cancellations = today.filter((a) => a.status === "cancelled" || a.status === "no_show");
  }
  if (has("chairs")) board.chairs = chairsNow(today, rooms, now);
  if (has("procedures")) board.procedures = procedureCounts(today);
  if (has("figures")) {
    board.figures = {
      appointments: day?.appointments ? figuresFromCounts(day.appointments) : null,
      newPatients: day?.newPatients ?? null,
    };
  }
  if (day?.overview) board.overview = day.overview;
  if (lowStock) board.lowStock = lowStock;
  return board;
}

interface BookShape {
  /** Only the doctor given as `doctorId`. */
  ofDoctor: boolean;
  /** Read whether each has a clinical note. */
  withNotes: boolean;
  /** Read whether each patient has an email address (never the address). */
  withEmail: boolean;
}

/**
 * The book's query, built once per database and shape (a dashboard asks for
 * one of a few), run with the clinic, the span and the doctor as values.
 */
const bookQueries = preparedPerShape(
  (shape: BookShape) => `${+shape.ofDoctor}${+shape.withNotes}${+shape.withEmail}`,
  (db, shape, key) => buildBookQuery(db, shape, `dashboard_book_${key}`),
);

function buildBookQuery(db: Db, shape: BookShape, name: string) {
  return db.select({
    id: appointments.id,
    patientId: appointments.patientId,
    // Looked up per appointment, not joined: on a clinic of thousands of patients the planner
    // would hash every one of them to name a day's hundred visits.
    patientName: sql<
      string
    >`(select ${patients.fullName} from ${patients} where ${patients.id} = ${appointments.patientId})`,
    doctorId: appointments.doctorId,
    doctorName: users.name,
    operatoryId: appointments.operatoryId,
    operatoryName: operatories.name,
    startsAt: appointments.startsAt,
    durationMinutes: appointments.durationMinutes,
    type: appointments.type,
    colorTag: appointments.colorTag,
    status: appointments.status,
    hasNote: shape.withNotes
      ? sql<
        boolean
      >`exists (select 1 from ${clinicalNotes} where ${clinicalNotes.appointmentId} = ${appointments.id} and ${clinicalNotes.clinicId} = ${appointments.clinicId} and ${clinicalNotes.deletedAt} is null)`
      : sql<null>`null`,
    hasEmail: shape.withEmail
      ? sql<
        boolean
      >`coalesce(btrim((select ${patients.email} from ${patients} where ${patients.id} = ${appointments.patientId})), '') <> ''`
      : sql<null>`null`,
  })
    .from(appointments)
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .innerJoin(operatories, eq(operatories.id, appointments.operatoryId))
    .where(and(
      eq(appointments.clinicId, sql.placeholder("clinicId")),
      gte(appointments.startsAt, sql.placeholder("from")),
      lt(appointments.startsAt, sql.placeholder("to")),
      shape.ofDoctor ? eq(appointments.doctorId, sql.placeholder("doctorId")) : undefined,
    ))
    .orderBy(asc(appointments.startsAt), asc(operatories.name))
    .prepare(name);
}

/** The clinic's appointments starting in [from, to), in time order, with the names panels show. */
export async function appointmentBook(
  db: Db,
  input: {
    clinicId: string;
    from: Date;
    to: Date;
    /** Only this doctor's. */
    doctorId?: string;
    /** Read whether each has a clinical note. */
    withNotes: boolean;
    /** Read whether each patient has an email address (never the address). */
    withEmail: boolean;
  },
): Promise<DayAppointment[]> {
  const query = bookQueries(db)({
    ofDoctor: Boolean(input.doctorId),
    withNotes: input.withNotes,
    withEmail: input.withEmail,
  });
  // Placeholders skip the column's encoder, and drizzle's postgres.js client takes no Date.
  const rows = await query.execute({
    clinicId: input.clinicId,
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    ...(input.doctorId ? { doctorId: input.doctorId } : {}),
  });
  return rows.map((row) => ({
    ...row,
    endsAt: new Date(row.startsAt.getTime() + row.durationMinutes * 60_000),
    statusLabel: STATUS_LABELS[row.status],
    hasNote: row.hasNote === null ? null : Boolean(row.hasNote),
    hasEmail: row.hasEmail === null ? null : Boolean(row.hasEmail),
  }));
}

const remindersSinceQuery = preparedPerDatabase((db) =>
  db.select({ key: emailOutbox.dedupeKey, at: emailOutbox.createdAt })
    .from(emailOutbox)
    .where(and(
      eq(emailOutbox.clinicId, sql.placeholder("clinicId")),
      eq(emailOutbox.kind, REMINDER_KIND),
      gte(emailOutbox.createdAt, sql.placeholder("since")),
    ))
    .orderBy(desc(emailOutbox.createdAt))
    .prepare("dashboard_reminders_since")
);

/** Appointment id → when its latest reminder was queued, for reminders since `since`. */
async function remindersSince(db: Db, clinicId: string, since: Date): Promise<Map<string, Date>> {
  const rows = await remindersSinceQuery(db).execute({ clinicId, since: since.toISOString() });
  const latest = new Map<string, Date>();
  for (const row of rows) {
    // `appointment.reminder:<appointment id>:…`
    const id = row.key?.split(":")[1];
    if (id && !latest.has(id)) latest.set(id, row.at);
  }
  return latest;
}

function buildXrayQueries(db: Db, ofDoctor: boolean) {
  const clinicId = sql.placeholder("clinicId");
  const from = sql.placeholder("from");
  const to = sql.placeholder("to");
  const todaysPatients = db.selectDistinct({ id: appointments.patientId }).from(appointments)
    .where(and(
      eq(appointments.clinicId, clinicId),
      gte(appointments.startsAt, from),
      lt(appointments.startsAt, to),
      ne(appointments.status, "cancelled"),
      ofDoctor ? eq(appointments.doctorId, sql.placeholder("doctorId")) : undefined,
    ));
  const shape = ofDoctor ? "doctor" : "clinic";
  return {
    captures: db.select({
      id: xrayCaptures.id,
      patientId: patients.id,
      patientName: patients.fullName,
      at: xrayCaptures.capturedAt,
      category: xrayCaptures.category,
      detail: operatories.name,
      fileId: xrayCaptures.fileId,
    }).from(xrayCaptures)
      .innerJoin(
        patients,
        and(eq(patients.id, xrayCaptures.patientId), eq(patients.clinicId, clinicId)),
      )
      .leftJoin(operatories, eq(operatories.id, xrayCaptures.operatoryId))
      .where(and(
        eq(xrayCaptures.clinicId, clinicId),
        gte(xrayCaptures.capturedAt, from),
        lt(xrayCaptures.capturedAt, to),
        inArray(xrayCaptures.patientId, todaysPatients),
      ))
      .orderBy(desc(xrayCaptures.capturedAt))
      .limit(XRAY_LIMIT)
      .prepare(`dashboard_xray_captures_${shape}`),
    studies: db.select({
      id: dicomStudies.id,
      patientId: patients.id,
      patientName: patients.fullName,
      at: dicomStudies.createdAt,
      description: dicomStudies.description,
      modality: dicomStudies.modality,
    }).from(dicomStudies)
      .innerJoin(
        patients,
        and(eq(patients.id, dicomStudies.patientId), eq(patients.clinicId, clinicId)),
      )
      .where(and(
        eq(dicomStudies.clinicId, clinicId),
        gte(dicomStudies.createdAt, from),
        lt(dicomStudies.createdAt, to),
        inArray(dicomStudies.patientId, todaysPatients),
      ))
      .orderBy(desc(dicomStudies.createdAt))
      .limit(XRAY_LIMIT)
      .prepare(`dashboard_xray_studies_${shape}`),
  };
}

/** The X-ray panel's two queries, for the clinic or for one doctor, planned once per database. */
const xrayQueries = preparedPerDatabase((db) => ({
  clinic: buildXrayQueries(db, false),
  doctor: buildXrayQueries(db, true),
}));

/** Captures and DICOM studies of today, of patients with an appointment today (not cancelled). */
async function todaysXrays(
  db: Db,
  input: { clinicId: string; from: Date; to: Date; doctorId?: string },
): Promise<TodayXray[]> {
  const queries = xrayQueries(db)[input.doctorId ? "doctor" : "clinic"];
  // Placeholders skip the column's encoder, and drizzle's postgres.js client takes no Date.
  const values = {
    clinicId: input.clinicId,
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    ...(input.doctorId ? { doctorId: input.doctorId } : {}),
  };
  const [captures, studies] = await Promise.all([
    queries.captures.execute(values),
    queries.studies.execute(values),
  ]);
  const images: TodayXray[] = [
    ...captures.map((c) => ({
      kind: "capture" as const,
      id: c.id,
      patientId: c.patientId,
      patientName: c.patientName,
      at: c.at,
      label: categoryLabel(c.category),
      detail: c.detail,
      thumbnailFileId: c.fileId,
    })),
    ...studies.map((s) => ({
      kind: "study" as const,
      id: s.id,
      patientId: s.patientId,
      patientName: s.patientName,
      at: s.at,
      label: s.description || "DICOM study",
      detail: s.modality,
      thumbnailFileId: null,
    })),
  ];
  return images.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, XRAY_LIMIT);
}
