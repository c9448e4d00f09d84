/**
 * Demo appointments: three operatories, Mon–Sat
 * 09:00–18:00 hours, the next national holiday as a closed date, and weeks of
 * appointments around today in every status, with the activity a real
 * clinic's front desk would have left. Uses the patients the clinic already
 * has and books nobody when it has none. Idempotent: the rooms and hours are
 * set up only for a clinic without operatories, and a clinic that already has
 * appointments gets no more.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  activityLog,
  appointments,
  clinicClosedDates,
  clinicMembers,
  clinics,
  clinicWorkingHours,
  operatories,
  patients,
  users,
} from "../db/schema.ts";
import { BOOKABLE_ROLES } from "./booking.ts";
import { fromWallClock, toClinicIso, wallClock } from "../time/zoned.ts";
import { addDays } from "../calendar/calendar-dates.ts";
import type { AppointmentStatus, ColorTag } from "./statuses.ts";

/** How far around today each demo clinic's book reaches, in days, and how full a doctor's day is. */
const PLANS: Record<string, { before: number; after: number; perDoctorDay: number }> = {
  "demo-dental": { before: 21, after: 21, perDoctorDay: 6 },
  "second-smile": { before: 3, after: 7, perDoctorDay: 2 },
};

const OPERATORIES = ["Operatory 1", "Operatory 2", "Operatory 3"];
const OPENS = 9 * 60;
const CLOSES = 18 * 60;
const LUNCH = [13 * 60, 14 * 60];

// Fixed-date public holidays in Pakistan; the next one becomes the demo closed date.
const HOLIDAYS: [monthDay: string, reason: string][] = [
  ["02-05", "Kashmir Solidarity Day"],
  ["03-23", "Pakistan Day"],
  ["05-01", "Labour Day"],
  ["08-14", "Independence Day"],
  ["11-09", "Iqbal Day"],
  ["12-25", "Quaid-e-Azam Day"],
];

const TYPES: { type: string; colorTag: ColorTag; minutes: number[] }[] = [
  { type: "Check-up", colorTag: "teal", minutes: [15, 30] },
  { type: "Scaling & polishing", colorTag: "blue", minutes: [30, 45] },
  { type: "Filling", colorTag: "violet", minutes: [30, 45, 60] },
  { type: "Root canal", colorTag: "rose", minutes: [60, 90] },
  { type: "Extraction", colorTag: "orange", minutes: [30, 45] },
  { type: "Crown fitting", colorTag: "amber", minutes: [45, 60] },
  { type: "Consultation", colorTag: "slate", minutes: [15, 30] },
  { type: "Orthodontic review", colorTag: "green", minutes: [30] },
];

const NOTES = [
  "Sensitive to cold on the lower left.",
  "Prefers morning appointments.",
  "Bring previous X-rays.",
  "Anxious patient; allow extra time.",
  null,
  null,
  null,
];

/** A small deterministic generator, so the demo book looks the same on every fresh start. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, pick };
}

function nextHoliday(today: string): { date: string; reason: string } {
  const year = Number(today.slice(0, 4));
  for (const y of [year, year + 1]) {
    for (const [monthDay, reason] of HOLIDAYS) {
      const date = `${y}-${monthDay}`;
      if (date > today) return { date, reason };
    }
  }
  throw new Error("unreachable: every year has holidays");
}

async function setUpClinic(db: Db, clinicId: string, timeZone: string, now: Date) {
  const [existing] = await db.select({ id: operatories.id }).from(operatories)
    .where(eq(operatories.clinicId, clinicId)).limit(1);
  if (existing) return;
  await db.insert(operatories).values(OPERATORIES.map((name) => ({ clinicId, name })))
    .onConflictDoNothing();
  await db.insert(clinicWorkingHours).values(
    [1, 2, 3, 4, 5, 6].map((weekday) => ({
      clinicId,
      weekday,
      opensAt: "09:00",
      closesAt: "18:00",
    })),
  ).onConflictDoNothing();
  const holiday = nextHoliday(wallClock(now, timeZone).date);
  await db.insert(clinicClosedDates).values({ clinicId, ...holiday }).onConflictDoNothing();
}

interface Planned {
  doctorId: string;
  operatoryId: string;
  patientId: string;
  startsAt: Date;
  durationMinutes: number;
  type: string;
  colorTag: ColorTag;
  notes: string | null;
  status: AppointmentStatus;
}

/** The statuses an appointment went through to reach `status`. */
const PATHS: Record<AppointmentStatus, AppointmentStatus[]> = {
  scheduled: [],
  confirmed: ["confirmed"],
  in_progress: ["confirmed", "in_progress"],
  completed: ["confirmed", "in_progress", "completed"],
  cancelled: ["cancelled"],
  no_show: ["confirmed", "no_show"],
};

function statusFor(start: Date, end: Date, now: Date, roll: number): AppointmentStatus {
  if (end <= now) return roll < 0.78 ? "completed" : roll < 0.9 ? "no_show" : "cancelled";
  if (start <= now) return "in_progress";
  if (start.getTime() - now.getTime() < 86_400_000) return roll < 0.7 ? "confirmed" : "scheduled";
  return roll < 0.5 ? "scheduled" : roll < 0.88 ? "confirmed" : "cancelled";
}

export async function seedDemoAppointments(
  db: Db,
  clinicIds: ReadonlyMap<string, string>,
  now = new Date(),
): Promise<{ appointments: number }> {
  let booked = 0;
  let seed = 4_042;
  for (const [slug, clinicId] of clinicIds) {
    const plan = PLANS[slug] ?? PLANS["second-smile"];
    const rand = random(seed++);
    const [clinic] = await db.select({ timeZone: clinics.timeZone }).from(clinics)
      .where(eq(clinics.id, clinicId));
    if (!clinic) continue;
    const timeZone = clinic.timeZone;
    await setUpClinic(db, clinicId, timeZone, now);

    const [already] = await db.select({ id: appointments.id }).from(appointments)
      .where(eq(appointments.clinicId, clinicId)).limit(1);
    if (already) continue;
    const patientIds = (await db.select({ id: patients.id }).from(patients)
      .where(eq(patients.clinicId, clinicId)).orderBy(asc(patients.mrn)).limit(60))
      .map((p) => p.id);
    if (patientIds.length === 0) continue;
    const members = await db
      .select({ userId: clinicMembers.userId, role: clinicMembers.role })
      .from(clinicMembers)
      .innerJoin(users, eq(users.id, clinicMembers.userId))
      .where(and(eq(clinicMembers.clinicId, clinicId), eq(clinicMembers.status, "active")))
      .orderBy(
        sql`array_position(array['owner','admin','doctor','nurse','reception'], ${clinicMembers.role})`,
        asc(users.name),
      );
    const doctors = members.filter((m) => BOOKABLE_ROLES.includes(m.role)).map((m) => m.userId);
    // The front desk books and confirms; a clinic without one has its owner do it.
    const desk = members.find((m) => m.role === "reception")?.userId ?? members[0]?.userId ?? null;
    const rooms = (await db.select({ id: operatories.id, active: operatories.active })
      .from(operatories).where(eq(operatories.clinicId, clinicId))
      .orderBy(asc(operatories.name))).filter((o) => o.active).map((o) => o.id);
    if (doctors.length === 0 || rooms.length === 0) continue;

    const hours = new Map(
      (await db.select().from(clinicWorkingHours).where(eq(clinicWorkingHours.clinicId, clinicId)))
        .map((h) => [h.weekday, h]),
    );
    const closed = new Set(
      (await db.select({ date: clinicClosedDates.date }).from(clinicClosedDates)
        .where(eq(clinicClosedDates.clinicId, clinicId))).map((d) => d.date),
    );

    const today = wallClock(now, timeZone).date;
    const planned: Planned[] = [];
    for (let offset = -plan.before; offset <= plan.after; offset++) {
      const date = addDays(today, offset);
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (closed.has(date) || (hours.size > 0 && !hours.has(weekday))) continue;
      const busyRooms = new Map<string, [number, number][]>();
      const seenPatients = new Set<string>();
      doctors.forEach((doctorId, index) => {
        const home = rooms[index % rooms.length];
        let minute = OPENS + rand.pick([0, 0, 15, 30]);
        let count = 0;
        while (count < plan.perDoctorDay) {
          const kind = rand.pick(TYPES);
          const duration = rand.pick(kind.minutes);
          if (minute < LUNCH[1] && minute + duration > LUNCH[0]) minute = LUNCH[1];
          if (minute + duration > CLOSES) break;
          // Hygiene work goes to the spare room when it is free.
          const spare = rooms[rooms.length - 1];
          const wantsSpare = kind.type === "Scaling & polishing" && spare !== home;
          const free = (room: string) =>
            !(busyRooms.get(room) ?? []).some(([s, e]) => s < minute + duration && minute < e);
          const room = wantsSpare && free(spare) ? spare : home;
          if (!free(room)) {
            minute += 15;
            continue;
          }
          let patientId = rand.pick(patientIds);
          for (let tries = 0; seenPatients.has(patientId) && tries < 5; tries++) {
            patientId = rand.pick(patientIds);
          }
          if (seenPatients.has(patientId)) break;
          seenPatients.add(patientId);
          busyRooms.set(room, [...(busyRooms.get(room) ?? []), [minute, minute + duration]]);
          const startsAt = fromWallClock(date, minute, timeZone);
          const end = new Date(startsAt.getTime() + duration * 60_000);
          planned.push({
            doctorId,
            operatoryId: room,
            patientId,
            startsAt,
            durationMinutes: duration,
            type: kind.type,
            colorTag: kind.colorTag,
            notes: rand.pick(NOTES),
            status: statusFor(startsAt, end, now, rand.next()),
          });
          count++;
          minute += duration + rand.pick([0, 0, 15, 15, 30, 60]);
        }
      });
    }
    // Every status should be on show, even when the seed runs while the clinic is closed.
    if (slug === "demo-dental" && !planned.some((p) => p.status === "in_progress")) {
      const latestStarted = planned.filter((p) => p.startsAt <= now).at(-1);
      if (latestStarted) latestStarted.status = "in_progress";
    }
    if (planned.length === 0) continue;

    const rows = await db.insert(appointments).values(planned.map((p) => ({
      clinicId,
      ...p,
      createdBy: desk,
      createdAt: bookedAt(p.startsAt, now, rand.next(), timeZone),
    }))).returning({ id: appointments.id, createdAt: appointments.createdAt });
    booked += rows.length;

    const entries: (typeof activityLog.$inferInsert)[] = [];
    rows.forEach((row, index) => {
      const p = planned[index];
      entries.push({
        clinicId,
        actorUserId: desk,
        action: "appointments.created",
        entityType: "appointment",
        entityId: row.id,
        details: {
          startsAt: toClinicIso(p.startsAt, timeZone),
          durationMinutes: p.durationMinutes,
          doctorId: p.doctorId,
          operatoryId: p.operatoryId,
          patientId: p.patientId,
          type: p.type,
        },
        createdAt: row.createdAt,
      });
      let from: AppointmentStatus = "scheduled";
      // Each change comes after the one before it.
      let previous = row.createdAt;
      for (const to of PATHS[p.status]) {
        previous = changedAt(to, p, previous, now, rand.next());
        entries.push({
          clinicId,
          actorUserId: to === "in_progress" || to === "completed" ? p.doctorId : desk,
          action: "appointments.status_changed",
          entityType: "appointment",
          entityId: row.id,
          details: { from, to },
          createdAt: previous,
        });
        from = to;
      }
    });
    for (let i = 0; i < entries.length; i += 500) {
      await db.insert(activityLog).values(entries.slice(i, i + 500));
    }
    // The last change is the row's last update.
    await db.execute(sql`
      update ${appointments} a set updated_at = coalesce((
        select max(l.created_at) from ${activityLog} l
        where l.entity_type = 'appointment' and l.entity_id = a.id::text
      ), a.created_at)
      where a.clinic_id = ${clinicId}`);
  }
  return { appointments: booked };
}

const HOUR = 3_600_000;

/**
 * Booked during opening hours one to ten days ahead. A booking that would
 * fall after now (an appointment for today or tomorrow) was taken in the
 * last day instead, at its own minute: seeded history must never pile up on
 * one instant, or the dashboard's recent activity is a wall of identical rows.
 */
function bookedAt(startsAt: Date, now: Date, roll: number, timeZone: string): Date {
  const day = addDays(wallClock(startsAt, timeZone).date, -(1 + Math.floor(roll * 10)));
  const at = fromWallClock(day, OPENS + Math.floor(((roll * 97) % 1) * 8 * 60), timeZone);
  if (at.getTime() <= now.getTime() - HOUR) return at;
  return new Date(now.getTime() - HOUR - Math.floor(((roll * 131) % 1) * 23 * HOUR));
}

/**
 * When a change on the way to the seeded status happened: a confirmation the
 * day before, a no-show twenty minutes in, and so on. A change that would
 * still be ahead (a confirmation for next week's visit) was made some time
 * between the change before it (`after`: the booking, or the previous step)
 * and now, as a patient calling back would.
 */
function changedAt(
  to: AppointmentStatus,
  p: Planned,
  after: Date,
  now: Date,
  roll: number,
): Date {
  const start = p.startsAt.getTime();
  const at = {
    scheduled: after.getTime(),
    confirmed: start - 24 * HOUR,
    cancelled: start - 20 * HOUR,
    in_progress: start + 2 * 60_000,
    completed: start + p.durationMinutes * 60_000,
    no_show: start + 20 * 60_000,
  }[to];
  const earliest = after.getTime() + 60_000;
  const latest = now.getTime() - 60_000;
  if (at <= latest) return new Date(Math.max(earliest, at));
  return new Date(earliest + Math.floor(roll * Math.max(0, latest - earliest)));
}
