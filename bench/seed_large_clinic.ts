/**
 * A clinic at scale for benchmarks: "Large Dental" (Pro plan) with an owner,
 * 8 doctors each in a chair of their own, 2 nurses and a receptionist,
 * 10,000 patients and 100,000 appointments.
 *
 *   deno run -A bench/seed_large_clinic.ts [--patients=10000] [--appointments=100000]
 *
 * Seeds the configured database (`DATABASE_URL`, else PGlite in
 * `DATA_DIR/pg`) after migrating it and adding the demo clinics if it is
 * empty; refuses in production, and leaves a database that already has the
 * clinic alone. Every account's password is `demo-password`; the owner is
 * `owner@large-dental.test`.
 *
 * Patients have generated Pakistani names, dates of birth and sealed +92
 * mobile numbers, and are inserted a thousand per statement. Appointments
 * come from one `generate_series` insert: Monday to Saturday, every doctor's
 * 30-minute slots from 09:00 (clinic time) on the days from about two years
 * back to two months ahead, the patient, type and colour scattered by a
 * multiplicative hash; the past mostly completed (some cancelled or no-show),
 * the future scheduled or confirmed. Then VACUUM ANALYZE, as autovacuum would
 * after inserts this large: statistics for the planner, and the trigram
 * index's pending entries merged (until then the planner rightly avoids it).
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../lib/db/client.ts";
import { openDatabase } from "../lib/db/client.ts";
import { migrate } from "../lib/db/migrate.ts";
import { DEMO_PASSWORD, hasAnyUser, seedDemoData } from "../lib/db/seed.ts";
import {
  clinicClosedDates,
  clinicMembers,
  clinics,
  clinicWorkingHours,
  operatories,
  patients,
  type StaffRole,
  users,
} from "../lib/db/schema.ts";
import { hashPassword } from "../lib/auth/passwords.ts";
import { encryptPhi, phiIndex } from "../lib/crypto/phi.ts";
import { reserveMrns } from "../lib/patients/mrn.ts";
import { loadConfig } from "../lib/config.ts";

export const LARGE_CLINIC = {
  slug: "large-dental",
  name: "Large Dental",
  ownerEmail: "owner@large-dental.test",
  timeZone: "Asia/Karachi",
};

const DOCTORS = 8;
const SLOTS_PER_DAY = 18; // 09:00 to 17:30, every 30 minutes
const DAYS_AHEAD = 60;

const FIRST = {
  female: [
    "Ayesha",
    "Fatima",
    "Zainab",
    "Maryam",
    "Hira",
    "Sana",
    "Amna",
    "Mehwish",
    "Iqra",
    "Noor",
  ],
  male: ["Muhammad", "Ahmed", "Ali", "Hamza", "Bilal", "Usman", "Imran", "Faisal", "Omar", "Asad"],
};
const MIDDLE = ["", "", "Ul", "Abdul", "Noor", "Hassan", "Zahra", "Ali"];
const LAST = [
  "Khan",
  "Qureshi",
  "Butt",
  "Siddiqui",
  "Chaudhry",
  "Malik",
  "Sheikh",
  "Raza",
  "Abbasi",
  "Mirza",
  "Awan",
  "Gillani",
  "Shah",
  "Jatoi",
  "Baig",
  "Haider",
];

export interface LargeClinicOptions {
  /** `ENCRYPTION_KEY`, to seal the patients' phone numbers. */
  encryptionKey: string;
  patients?: number;
  appointments?: number;
  now?: Date;
}

export interface LargeClinic {
  clinicId: string;
  patients: number;
  appointments: number;
  /** False when the clinic was there already and nothing was added. */
  seeded: boolean;
}

/** postgres.js answers `execute` with the rows, PGlite with `{ rows }`. */
function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function counts(db: Db, clinicId: string) {
  const [row] = rows<{ p: number | string; a: number | string }>(
    await db.execute(sql`select
      (select count(*) from patients where clinic_id = ${clinicId}) as p,
      (select count(*) from appointments where clinic_id = ${clinicId}) as a`),
  );
  return { patients: Number(row.p), appointments: Number(row.a) };
}

export async function seedLargeClinic(db: Db, options: LargeClinicOptions): Promise<LargeClinic> {
  const patientCount = options.patients ?? 10_000;
  const appointmentCount = options.appointments ?? 100_000;
  const now = options.now ?? new Date();
  const [existing] = await db.select({ id: clinics.id }).from(clinics)
    .where(eq(clinics.slug, LARGE_CLINIC.slug));
  if (existing) {
    return { clinicId: existing.id, ...(await counts(db, existing.id)), seeded: false };
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const staff: { email: string; name: string; role: StaffRole }[] = [
    { email: LARGE_CLINIC.ownerEmail, name: "Dr. Kamran Large", role: "owner" },
    ...Array.from({ length: DOCTORS - 1 }, (_, i) => ({
      email: `doctor${i + 1}@large-dental.test`,
      name: `Dr. ${FIRST.male[i]} ${LAST[i]}`,
      role: "doctor" as const,
    })),
    { email: "nurse1@large-dental.test", name: "Hina Nurse", role: "nurse" },
    { email: "nurse2@large-dental.test", name: "Sadia Nurse", role: "nurse" },
    { email: "reception@large-dental.test", name: "Usman Desk", role: "reception" },
  ];
  // Phones are sealed before the transaction: ten thousand AES-GCM seals take a moment.
  const people = await Promise.all(Array.from({ length: patientCount }, (_, i) => person(i)));
  async function person(i: number) {
    const female = i % 2 === 0;
    const first = (female ? FIRST.female : FIRST.male)[(i >> 1) % 10];
    const middle = MIDDLE[(i * 7) % MIDDLE.length];
    const last = LAST[(i * 13 + (i >> 4)) % LAST.length];
    const e164 = `+923${String(i * 7919 % 1_000_000_000).padStart(9, "0")}`;
    const [phoneEnc, phoneHash] = await Promise.all([
      encryptPhi(options.encryptionKey, e164),
      phiIndex(options.encryptionKey, e164),
    ]);
    const year = 1950 + (i * 31) % 70;
    const month = 1 + (i * 7) % 12;
    const day = 1 + (i * 11) % 28;
    return {
      fullName: [first, middle, last].filter(Boolean).join(" "),
      gender: female ? "female" as const : "male" as const,
      dateOfBirth: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      phoneEnc,
      phoneHash,
      medicalAlerts: i % 17 === 0 ? "Penicillin allergy." : null,
    };
  }

  const clinicId = await db.transaction(async (tx) => {
    const [clinic] = await tx.insert(clinics).values({
      slug: LARGE_CLINIC.slug,
      name: LARGE_CLINIC.name,
      ownerEmail: LARGE_CLINIC.ownerEmail,
      timeZone: LARGE_CLINIC.timeZone,
      planId: "pro",
    }).returning({ id: clinics.id });
    const accounts = await tx.insert(users)
      .values(staff.map(({ email, name }) => ({ email, name, passwordHash })))
      .returning({ id: users.id, email: users.email });
    await tx.insert(clinicMembers).values(staff.map((member) => ({
      clinicId: clinic.id,
      userId: accounts.find((a) => a.email === member.email)!.id,
      role: member.role,
      status: "active" as const,
    })));
    await tx.insert(operatories).values(
      Array.from({ length: DOCTORS }, (_, i) => ({ clinicId: clinic.id, name: `Chair ${i + 1}` })),
    );
    await tx.insert(clinicWorkingHours).values([1, 2, 3, 4, 5, 6].map((weekday) => ({
      clinicId: clinic.id,
      weekday,
      opensAt: "09:00",
      closesAt: "18:00",
    })));
    await tx.insert(clinicClosedDates).values({
      clinicId: clinic.id,
      date: `${now.getUTCFullYear() + 1}-03-23`,
      reason: "Pakistan Day",
    });
    const mrns = await reserveMrns(tx as unknown as Db, clinic.id, patientCount);
    for (let from = 0; from < patientCount; from += 1_000) {
      await tx.insert(patients).values(
        people.slice(from, from + 1_000).map((p, i) => ({
          clinicId: clinic.id,
          mrn: mrns[from + i],
          ...p,
        })),
      );
    }
    return clinic.id;
  });

  // Working days (Mon–Sat) from the Monday `weeksBack` weeks ago, enough to hold the appointments.
  const perDay = DOCTORS * SLOTS_PER_DAY;
  const workingDays = Math.ceil(appointmentCount / perDay);
  const weeksBack = Math.ceil((workingDays - DAYS_AHEAD * 6 / 7) / 6);
  await db.transaction(async (tx) => {
    // The rows are consistent by construction; skipping the foreign-key triggers
    // (superusers only: PGlite, a local Postgres) makes the insert a third faster.
    const [{ superuser }] = rows<{ superuser: boolean }>(
      await tx.execute(sql`select current_setting('is_superuser') = 'on' as superuser`),
    );
    if (superuser) await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`
    with
      p as (select array_agg(id order by mrn) as ids from patients where clinic_id = ${clinicId}),
      d as (
        select array_agg(user_id order by user_id) as ids from clinic_members
        where clinic_id = ${clinicId} and role in ('owner', 'doctor')
      ),
      o as (select array_agg(id order by name) as ids from operatories where clinic_id = ${clinicId}),
      start as (
        select (date_trunc('week', (${now.toISOString()}::timestamptz at time zone ${LARGE_CLINIC.timeZone}))::date
          - ${weeksBack * 7}::int) as monday
      ),
      slots as (
        select i,
          i / ${perDay}::int as work_day,
          i % ${DOCTORS}::int as doctor,
          (i / ${DOCTORS}::int) % ${SLOTS_PER_DAY}::int as slot,
          ((i::bigint * 2654435761) % 1000003)::int as scatter
        from generate_series(0, ${appointmentCount - 1}::int) as i
      ),
      timed as (
        select slots.*,
          ((start.monday + (work_day / 6) * 7 + work_day % 6) + time '09:00'
            + slot * interval '30 minutes') at time zone ${LARGE_CLINIC.timeZone} as starts_at
        from slots, start
      )
    insert into appointments
      (clinic_id, patient_id, doctor_id, operatory_id, starts_at, duration_minutes, type,
       color_tag, status)
    select
      ${clinicId},
      p.ids[1 + scatter % array_length(p.ids, 1)],
      d.ids[1 + doctor],
      o.ids[1 + doctor],
      starts_at,
      30,
      (array['Check-up', 'Filling', 'Scaling & polishing', 'Root canal', 'Extraction',
             'Crown fitting', 'Consultation'])[1 + scatter % 7],
      (array['teal', 'blue', 'violet', 'amber', 'rose', 'slate', 'green', 'orange'])[1 + scatter % 8],
      case
        when starts_at >= ${now.toISOString()}::timestamptz then
          case when scatter % 3 = 0 then 'confirmed' else 'scheduled' end
        when scatter % 100 < 8 then 'cancelled'
        when scatter % 100 < 13 then 'no_show'
        else 'completed'
      end
    from timed, p, d, o
  `);
  });
  await db.execute(sql`vacuum analyze patients`);
  await db.execute(sql`vacuum analyze appointments`);
  return { clinicId, ...(await counts(db, clinicId)), seeded: true };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      patients: { type: "string", default: "10000" },
      appointments: { type: "string", default: "100000" },
    },
  });
  const config = loadConfig();
  if (config.env === "production") {
    console.error("seed_large_clinic: refusing to fill a production database with bench data");
    Deno.exit(1);
  }
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: join(config.dataDir, "pg"),
  });
  try {
    await migrate(database.sql);
    if (!(await hasAnyUser(database.db))) {
      await seedDemoData(database.db, { encryptionKey: config.encryptionKey });
    }
    const started = performance.now();
    const result = await seedLargeClinic(database.db, {
      encryptionKey: config.encryptionKey,
      patients: Number(values.patients),
      appointments: Number(values.appointments),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      result.seeded
        ? `Large Dental seeded in ${seconds} s: ${result.patients} patients, ${result.appointments} appointments`
        : `Large Dental was there already: ${result.patients} patients, ${result.appointments} appointments`,
    );
  } finally {
    await database.close();
  }
}
