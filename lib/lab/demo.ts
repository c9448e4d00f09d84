/**
 * Demo lab work for the Pro demo clinic: two labs and a handful of cases
 * across the flow, one of them overdue and one due too close to the seat
 * appointment it is for. Written directly (no live events: nobody is
 * watching a seed). Idempotent: a clinic that has labs gets nothing more.
 */
import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  appointments,
  clinicCounters,
  clinicMembers,
  clinics,
  labCaseEvents,
  labCases,
  labs,
  patients,
  users,
} from "../db/schema.ts";
import { encryptPhi } from "../crypto/phi.ts";
import { localDateOf } from "../time/zoned.ts";
import { addDays } from "../calendar/calendar-dates.ts";
import type { LabCaseStatus, LabCaseType, LabPriority } from "./statuses.ts";

const DEMO_LABS = [
  {
    name: "Precision Dental Lab",
    contactPerson: "Imran Qureshi",
    phone: "+923001234567",
    email: "cases@precision-lab.test",
    defaultTurnaroundDays: 7,
    turnaroundByType: { crown: 5, veneer: 6, denture: 10 },
    notes: "Pickup every weekday at 5 pm. Zirconia and e.max.",
  },
  {
    name: "SmileCraft Ceramics",
    contactPerson: "Sana Malik",
    phone: "+924235761234",
    email: "hello@smilecraft.test",
    defaultTurnaroundDays: 10,
    turnaroundByType: { aligner: 15, night_guard: 5 },
    notes: "Aligners and appliances; send scans as STL.",
  },
];

interface DemoCase {
  lab: number;
  patient: number;
  caseType: LabCaseType;
  teeth: number[];
  shade?: string;
  material?: string;
  instructions?: string;
  priority: LabPriority;
  /** Days from today. */
  due: number;
  /** The path it took, first to current. */
  path: LabCaseStatus[];
  /** Tie it to the patient's next appointment. */
  seat?: boolean;
}

const CASES: DemoCase[] = [
  {
    lab: 0,
    patient: 0,
    caseType: "crown",
    teeth: [36],
    shade: "A2",
    material: "Zirconia",
    instructions: "Full contour, light occlusal contact.",
    priority: "normal",
    due: 3,
    path: ["draft", "sent_to_lab", "received_by_lab", "in_progress"],
    seat: true,
  },
  {
    lab: 0,
    patient: 1,
    caseType: "bridge",
    teeth: [14, 15, 16],
    shade: "A3",
    material: "PFM",
    priority: "high",
    due: -2,
    path: ["draft", "sent_to_lab", "received_by_lab"],
  },
  {
    lab: 1,
    patient: 2,
    caseType: "night_guard",
    teeth: [],
    material: "Hard acrylic",
    priority: "low",
    due: 6,
    path: ["draft", "sent_to_lab"],
  },
  {
    lab: 0,
    patient: 3,
    caseType: "veneer",
    teeth: [11, 21],
    shade: "BL2",
    material: "Lithium disilicate",
    priority: "normal",
    due: -1,
    path: ["draft", "sent_to_lab", "received_by_lab", "in_progress", "shipped", "delivered"],
  },
  {
    lab: 1,
    patient: 4,
    caseType: "aligner",
    teeth: [],
    instructions: "Stage 1–12, attachments on 13, 23.",
    priority: "normal",
    due: 12,
    path: ["draft"],
  },
  {
    lab: 0,
    patient: 5,
    caseType: "implant_crown",
    teeth: [46],
    shade: "A2",
    material: "Screw-retained zirconia",
    priority: "urgent",
    due: 1,
    path: ["draft", "sent_to_lab", "on_hold"],
  },
];

export async function seedDemoLabCases(
  db: Db,
  clinicIds: ReadonlyMap<string, string>,
  encryptionKey: string,
  now = new Date(),
): Promise<{ cases: number }> {
  const clinicId = clinicIds.get("demo-dental");
  if (!clinicId) return { cases: 0 };
  const [already] = await db.select({ id: labs.id }).from(labs).where(eq(labs.clinicId, clinicId))
    .limit(1);
  if (already) return { cases: 0 };
  const [clinic] = await db.select({ timeZone: clinics.timeZone }).from(clinics)
    .where(eq(clinics.id, clinicId));
  const today = localDateOf(now, clinic.timeZone);
  const [doctor] = await db.select({ id: users.id, name: users.name }).from(clinicMembers)
    .innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(and(eq(clinicMembers.clinicId, clinicId), eq(clinicMembers.role, "doctor")))
    .orderBy(asc(users.name)).limit(1);
  const patientRows = await db.select({ id: patients.id }).from(patients)
    .where(eq(patients.clinicId, clinicId)).orderBy(asc(patients.mrn)).limit(CASES.length);
  if (!doctor || patientRows.length < CASES.length) return { cases: 0 };

  const labIds: string[] = [];
  for (const lab of DEMO_LABS) {
    const { phone, ...rest } = lab;
    const [row] = await db.insert(labs).values({
      ...rest,
      clinicId,
      phoneEnc: await encryptPhi(encryptionKey, phone),
      createdBy: doctor.id,
    }).returning({ id: labs.id });
    labIds.push(row.id);
  }

  let number = 0;
  for (const demo of CASES) {
    const patientId = patientRows[demo.patient].id;
    const [seat] = demo.seat
      ? await db.select({ id: appointments.id }).from(appointments)
        .where(and(
          eq(appointments.clinicId, clinicId),
          eq(appointments.patientId, patientId),
          gt(appointments.startsAt, now),
        ))
        .orderBy(asc(appointments.startsAt)).limit(1)
      : [];
    const status = demo.path[demo.path.length - 1];
    const [kase] = await db.insert(labCases).values({
      clinicId,
      number: ++number,
      patientId,
      appointmentId: seat?.id ?? null,
      labId: labIds[demo.lab],
      caseType: demo.caseType,
      teeth: demo.teeth,
      shade: demo.shade ?? null,
      material: demo.material ?? null,
      instructions: demo.instructions ?? null,
      priority: demo.priority,
      dueDate: addDays(today, demo.due),
      status,
      createdBy: doctor.id,
    }).returning();
    // One step a day, ending an hour ago.
    const steps = demo.path.length;
    await db.insert(labCaseEvents).values(demo.path.map((to, i) => {
      const byLab = ["received_by_lab", "in_progress", "shipped"].includes(to);
      return {
        clinicId,
        caseId: kase.id,
        kind: i === 0 ? "created" as const : "status" as const,
        fromStatus: i === 0 ? null : demo.path[i - 1],
        toStatus: to,
        actorUserId: byLab ? null : doctor.id,
        actorLabel: byLab ? `${DEMO_LABS[demo.lab].name} via shared link` : doctor.name,
        createdAt: new Date(now.getTime() - ((steps - 1 - i) * 24 + 1) * 3_600_000),
      };
    }));
  }
  await db.insert(clinicCounters).values({ clinicId, name: "lab_case", value: number })
    .onConflictDoNothing();
  return { cases: number };
}
