/**
 * A known day for the Today dashboard tests. The dashboard reads the real
 * clock, so the fixture moves Demo Dental into the fixed-offset zone whose
 * local time is now between noon and one, clears the demo book, and books a
 * day around "now": visits done, one in the chair, one late, the next ones,
 * one cancelled, one missed, and unconfirmed ones today, tomorrow and beyond
 * 48 hours. Every appointment is a few hours from now at most, so it stays on
 * the clinic's today for as long as a test file runs.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../lib/db/client.ts";
import {
  appointments,
  type AppointmentStatus,
  clinicalNotes,
  clinics,
  dicomStudies,
  patients,
  storedFiles,
  xrayCaptures,
} from "../../lib/db/schema.ts";
import { clinicFixture, createPatient, userId } from "../lib/appointments/fixtures.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The `Etc/GMT…` zone whose clock reads 12:xx at `now` (its sign is POSIX's, inverted). */
export function noonZone(now: Date): string {
  const offset = 12 - now.getUTCHours();
  return offset === 0 ? "Etc/GMT" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** The day's visits, by the patient's name. */
export const VISITS = {
  /** Doctor, done 3 h ago, no note. */
  dana: "Dana Completed",
  /** Doctor, done 2 h ago, with a note. */
  omar: "Omar Noted",
  /** Doctor, missed 90 min ago. */
  sana: "Sana Missed",
  /** Doctor, in the chair since 20 min ago (operatory 2), no note. */
  pari: "Pari InChair",
  /** Doctor, confirmed, in 30 min: the doctor's next (operatory 1). */
  nadia: "Nadia Next",
  /** Doctor, scheduled, in 2 h, has email. */
  bilal: "Bilal Later",
  /** Owner, confirmed, 10 min late (operatory 2). */
  lena: "Lena Late",
  /** Owner, cancelled, in 40 min. */
  cyrus: "Cyrus Cancelled",
  /** Owner, scheduled, in 50 min (operatory 3), no email. */
  zara: "Zara NoEmail",
  /** Owner, scheduled, in 26 h, has email. */
  tariq: "Tariq Tomorrow",
  /** Doctor, scheduled, in 60 h: beyond the 48 hours. */
  farah: "Farah Far",
} as const;
export type Visit = keyof typeof VISITS;

export interface TodayFixture {
  clinicId: string;
  timeZone: string;
  operatoryIds: string[];
  /** Appointment id per visit. */
  appointment: Record<Visit, string>;
  /** Patient id per visit. */
  patient: Record<Visit, string>;
  /** A capture of today for Pari, listed; one of yesterday and one of a patient not booked today, not. */
  captures: { listed: string; yesterday: string; unbooked: string };
  /** A DICOM study uploaded today for Nadia. */
  study: string;
  /** Patients registered today (the fixture's own). */
  registeredToday: number;
}

export async function setUpToday(db: Db): Promise<TodayFixture> {
  const now = new Date();
  const demo = await clinicFixture(db, "demo-dental");
  const timeZone = noonZone(now);
  await db.delete(appointments).where(eq(appointments.clinicId, demo.id));
  await db.update(clinics).set({ timeZone }).where(eq(clinics.id, demo.id));
  // The demo patients were seeded moments ago: make them old, so "new today" counts ours alone.
  await db.update(patients).set({ createdAt: new Date(now.getTime() - 30 * 24 * HOUR) })
    .where(eq(patients.clinicId, demo.id));
  const doctor = await userId(db, "doctor@demo-dental.test");
  const owner = await userId(db, "owner@demo-dental.test");
  const [r1, r2, r3] = demo.operatoryIds;

  const plan: Record<Visit, {
    doctor: string;
    room: string;
    at: number;
    minutes: number;
    status: AppointmentStatus;
    type: string;
    email?: boolean;
  }> = {
    dana: { doctor, room: r1, at: -3 * HOUR, minutes: 30, status: "completed", type: "Filling" },
    omar: { doctor, room: r1, at: -2 * HOUR, minutes: 30, status: "completed", type: "Filling" },
    sana: { doctor, room: r2, at: -90 * MINUTE, minutes: 30, status: "no_show", type: "Check-up" },
    pari: {
      doctor,
      room: r2,
      at: -20 * MINUTE,
      minutes: 45,
      status: "in_progress",
      type: "Root canal",
    },
    nadia: {
      doctor,
      room: r1,
      at: 30 * MINUTE,
      minutes: 30,
      status: "confirmed",
      type: "Check-up",
    },
    bilal: {
      doctor,
      room: r1,
      at: 2 * HOUR,
      minutes: 30,
      status: "scheduled",
      type: "Extraction",
      email: true,
    },
    lena: {
      doctor: owner,
      room: r2,
      at: -10 * MINUTE,
      minutes: 30,
      status: "confirmed",
      type: "Consultation",
    },
    cyrus: {
      doctor: owner,
      room: r3,
      at: 40 * MINUTE,
      minutes: 30,
      status: "cancelled",
      type: "Check-up",
    },
    zara: {
      doctor: owner,
      room: r3,
      at: 50 * MINUTE,
      minutes: 30,
      status: "scheduled",
      type: "Check-up",
    },
    tariq: {
      doctor: owner,
      room: r3,
      at: 26 * HOUR,
      minutes: 30,
      status: "scheduled",
      type: "Crown fitting",
      email: true,
    },
    farah: { doctor, room: r1, at: 60 * HOUR, minutes: 30, status: "scheduled", type: "Check-up" },
  };

  const appointment = {} as Record<Visit, string>;
  const patient = {} as Record<Visit, string>;
  for (const [visit, p] of Object.entries(plan) as [Visit, typeof plan[Visit]][]) {
    const patientId = await createPatient(db, demo.id, VISITS[visit]);
    if (p.email) {
      await db.update(patients).set({ email: `${visit}@patients.example.com` })
        .where(eq(patients.id, patientId));
    }
    const [row] = await db.insert(appointments).values({
      clinicId: demo.id,
      patientId,
      doctorId: p.doctor,
      operatoryId: p.room,
      startsAt: new Date(Math.floor((now.getTime() + p.at) / MINUTE) * MINUTE),
      durationMinutes: p.minutes,
      type: p.type,
      status: p.status,
    }).returning({ id: appointments.id });
    appointment[visit] = row.id;
    patient[visit] = patientId;
  }
  await db.insert(clinicalNotes).values({
    clinicId: demo.id,
    patientId: patient.omar,
    appointmentId: appointment.omar,
    authorId: doctor,
    body: "Composite on 36.",
  });

  const unbookedPatient = await createPatient(db, demo.id, "Una Unbooked");
  const capture = async (patientId: string, capturedAt: Date) => {
    const id = crypto.randomUUID();
    const sha256 = Array.from(crypto.getRandomValues(new Uint8Array(32)))
      .map((b) => b.toString(16).padStart(2, "0")).join("");
    await db.insert(storedFiles).values({
      id,
      clinicId: demo.id,
      objectKey: `${demo.id}/files/${id}`,
      contentType: "image/png",
      sizeBytes: 1,
      sha256,
    });
    const [row] = await db.insert(xrayCaptures).values({
      clinicId: demo.id,
      fileId: id,
      sha256,
      patientId,
      operatoryId: r2,
      category: "periapical",
      capturedAt,
      matchMethod: "manual",
    }).returning({ id: xrayCaptures.id });
    return row.id;
  };
  const captures = {
    listed: await capture(patient.pari, new Date(now.getTime() - 10 * MINUTE)),
    yesterday: await capture(patient.pari, new Date(now.getTime() - 26 * HOUR)),
    unbooked: await capture(unbookedPatient, new Date(now.getTime() - 5 * MINUTE)),
  };
  const [study] = await db.insert(dicomStudies).values({
    clinicId: demo.id,
    patientId: patient.nadia,
    studyInstanceUid: `1.2.826.0.1.${Date.now()}`,
    description: "CBCT lower jaw",
    modality: "CT",
  }).returning({ id: dicomStudies.id });

  return {
    clinicId: demo.id,
    timeZone,
    operatoryIds: demo.operatoryIds,
    appointment,
    patient,
    captures,
    study: study.id,
    registeredToday: Object.keys(plan).length + 1,
  };
}

/** The markup of one panel: from its `data-panel` to the next panel's. */
export function panel(html: string, name: string): string {
  const start = html.indexOf(`data-panel="${name}"`);
  if (start < 0) return "";
  const next = html.indexOf(' data-panel="', start + 1);
  return html.slice(start, next < 0 ? html.length : next);
}

/** The appointment ids a panel lists, in page order, once each. */
export function listed(html: string, name: string): string[] {
  return [
    ...new Set([...panel(html, name).matchAll(/data-appointment="([^"]+)"/g)].map((m) => m[1])),
  ];
}
