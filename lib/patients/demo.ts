/**
 * Demo patients: forty for Demo Dental and five for
 * Second Smile, with Pakistani names, +92 3xx mobile numbers, a few with a
 * separate WhatsApp number (one abroad, as families often are), and some
 * with medical alerts. Everything is fixed, so every demo database reads the
 * same; numbers are sealed like any other patient's.
 */
import { count, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { patients } from "../db/schema.ts";
import { encryptPhi, phiIndex } from "../crypto/phi.ts";
import { normalisePhone } from "../phones.ts";
import type { Gender } from "./fields.ts";
import { reserveMrns } from "./mrn.ts";

interface DemoPatient {
  fullName: string;
  gender: Gender;
  dateOfBirth: string;
  phone: string;
  whatsappPhone?: string;
  email?: string;
  address?: string;
  medicalAlerts?: string;
}

type Row = [
  name: string,
  gender: "f" | "m",
  born: string,
  phone: string,
  extra?: Partial<Omit<DemoPatient, "fullName" | "gender" | "dateOfBirth" | "phone">>,
];

const SAME = "same";

const DEMO_DENTAL: Row[] = [
  ["Muhammad Ali Raza", "m", "1984-03-12", "0300 4512876", {
    whatsappPhone: SAME,
    email: "ali.raza@example.com",
    address: "House 14, Street 7, F-8/3, Islamabad",
  }],
  ["Fatima Zahra Qureshi", "f", "1991-07-25", "0321 7784512", {
    medicalAlerts: "Penicillin allergy (rash).",
    address: "Flat 3B, Block 13-D, Gulshan-e-Iqbal, Karachi",
  }],
  ["Ahmed Hassan Butt", "m", "1976-11-02", "0333 5129084", {
    whatsappPhone: "0345 8812093",
    medicalAlerts: "Type 2 diabetes; check blood sugar before extractions.",
  }],
  ["Ayesha Siddiqa", "f", "1999-01-18", "0312 6654021", { email: "ayesha.siddiqa@example.com" }],
  ["Imran Shahid", "m", "1968-05-30", "0301 2290457", {
    medicalAlerts: "On warfarin (anticoagulant); INR before any surgery.",
    address: "45-C, Model Town, Lahore",
  }],
  ["Sana Iqbal", "f", "1995-09-09", "0345 3318726", { whatsappPhone: SAME }],
  ["Bilal Chaudhry", "m", "1988-12-21", "0300 9087124", { email: "bilal.ch@example.com" }],
  ["Zainab Hussain", "f", "2009-04-14", "0322 4471809", {
    whatsappPhone: "0300 6619043",
    address: "House 221, Sector G-9/1, Islamabad",
  }],
  ["Usman Farooq", "m", "1990-06-07", "0331 7702654"],
  ["Mehwish Anwar", "f", "1986-02-28", "0302 5573190", {
    medicalAlerts: "Latex allergy.",
    whatsappPhone: SAME,
  }],
  ["Hamza Sheikh", "m", "2001-10-03", "0344 2198765", { email: "hamza.sheikh@example.com" }],
  ["Rabia Nawaz", "f", "1979-08-16", "0313 6620984", { address: "DHA Phase 6, Lahore" }],
  ["Tariq Mehmood", "m", "1958-01-09", "0300 3345129", {
    medicalAlerts: "Hypertension; heart valve replacement (antibiotic prophylaxis).",
    whatsappPhone: SAME,
  }],
  ["Nadia Rehman", "f", "1993-03-27", "0323 8845023"],
  ["Faisal Abbasi", "m", "1982-07-19", "0346 1120987", {
    whatsappPhone: "+44 7400 512834",
    email: "faisal.abbasi@example.com",
  }],
  ["Hira Shah", "f", "1997-12-05", "0315 4407816", { whatsappPhone: SAME }],
  ["Kamran Yousaf", "m", "1973-04-11", "0332 9901234"],
  ["Saima Baig", "f", "1989-11-30", "0301 6672310", {
    medicalAlerts: "Pregnant (second trimester).",
  }],
  ["Asad Ullah Khan", "m", "1965-09-22", "0347 5523098", {
    address: "Mohallah Jangi, Peshawar",
  }],
  ["Amna Tariq", "f", "2012-06-17", "0300 2217845", { whatsappPhone: "0333 2217846" }],
  ["Junaid Aslam", "m", "1992-02-08", "0324 3390571", { whatsappPhone: SAME }],
  ["Mariam Saleem", "f", "1987-05-13", "0311 8806342", { email: "mariam.saleem@example.com" }],
  ["Waqar Ahmed", "m", "1977-10-26", "0334 6671209", {
    medicalAlerts: "Asthma; keep inhaler at hand.",
  }],
  ["Iqra Naveed", "f", "2003-08-01", "0303 4459087"],
  ["Shahid Hameed", "m", "1961-12-15", "0348 7730215", {
    whatsappPhone: SAME,
    address: "Satellite Town, Rawalpindi",
  }],
  ["Khadija Malik", "f", "1994-04-04", "0320 5518764"],
  ["Naveed Akhtar", "m", "1983-01-29", "0335 2209873", { medicalAlerts: "Hepatitis B carrier." }],
  ["Sadia Parveen", "f", "1971-07-07", "0304 9912056", { whatsappPhone: "0342 9912057" }],
  ["Adnan Mirza", "m", "1996-09-18", "0325 1184539", { email: "adnan.mirza@example.com" }],
  ["Bushra Yasmin", "f", "1963-03-03", "0314 7745620", { whatsappPhone: SAME }],
  ["Zeeshan Haider", "m", "1989-05-24", "0336 8830417"],
  ["Farah Naz", "f", "1985-10-10", "0305 3367281", { address: "Cantt, Multan" }],
  ["Rizwan Ali", "m", "2015-02-19", "0301 5590324", {
    whatsappPhone: "0321 5590325",
    medicalAlerts: "Anxious patient; prefers morning visits.",
  }],
  ["Uzma Gillani", "f", "1980-08-08", "0326 6621098"],
  ["Omar Farooq Awan", "m", "1974-06-30", "0337 4478902", { whatsappPhone: SAME }],
  ["Samina Bibi", "f", "1955-11-21", "0306 8819034", {
    medicalAlerts: "Osteoporosis, on bisphosphonates; avoid elective extractions.",
  }],
  ["Haris Javaid", "m", "1998-03-15", "0343 2256781", { email: "haris.javaid@example.com" }],
  ["Laiba Khurram", "f", "2007-12-12", "0316 9903457"],
  ["Abdul Rehman Jatoi", "m", "1969-04-27", "0300 7781056", { address: "Qasimabad, Hyderabad" }],
  ["Noor Fatima", "f", "2018-09-05", "0322 6609812", { whatsappPhone: "0322 6609813" }],
];

const SECOND_SMILE: Row[] = [
  ["Ali Hamza", "m", "1990-01-14", "0300 1198457", { whatsappPhone: SAME }],
  ["Mahnoor Ejaz", "f", "1996-05-02", "0321 4476123", { medicalAlerts: "Penicillin allergy." }],
  ["Shoaib Qadri", "m", "1981-08-23", "0333 8890126"],
  ["Rukhsana Begum", "f", "1960-12-01", "0345 2208841", { address: "Saddar, Karachi" }],
  ["Daniyal Zafar", "m", "2010-07-30", "0312 5567904"],
];

export const DEMO_PATIENTS: Record<string, DemoPatient[]> = {
  "demo-dental": DEMO_DENTAL.map(toPatient),
  "second-smile": SECOND_SMILE.map(toPatient),
};

function toPatient([fullName, gender, dateOfBirth, phone, extra = {}]: Row): DemoPatient {
  return {
    fullName,
    gender: gender === "f" ? "female" : "male",
    dateOfBirth,
    phone,
    ...extra,
    whatsappPhone: extra.whatsappPhone === SAME ? phone : extra.whatsappPhone,
  };
}

async function seal(secret: string, raw: string | undefined, field: string) {
  if (!raw) return { enc: null, hash: null };
  const e164 = normalisePhone(raw, field);
  return { enc: await encryptPhi(secret, e164), hash: await phiIndex(secret, e164) };
}

/**
 * Adds the demo patients to each demo clinic (slug → id) that has no
 * patients yet, so running the seed twice adds nothing.
 */
export async function seedDemoPatients(
  db: Db,
  clinicIds: ReadonlyMap<string, string>,
  secret: string,
): Promise<{ patients: number }> {
  let added = 0;
  for (const [slug, list] of Object.entries(DEMO_PATIENTS)) {
    const clinicId = clinicIds.get(slug);
    if (!clinicId) continue;
    const [{ existing }] = await db.select({ existing: count() }).from(patients)
      .where(eq(patients.clinicId, clinicId));
    if (Number(existing) > 0) continue;
    const mrns = await reserveMrns(db, clinicId, list.length);
    const rows = await Promise.all(list.map(async (patient, i) => {
      const [phone, whatsapp] = await Promise.all([
        seal(secret, patient.phone, "phone"),
        seal(secret, patient.whatsappPhone, "whatsappPhone"),
      ]);
      return {
        clinicId,
        mrn: mrns[i],
        fullName: patient.fullName,
        dateOfBirth: patient.dateOfBirth,
        gender: patient.gender,
        email: patient.email ?? null,
        phoneEnc: phone.enc,
        phoneHash: phone.hash,
        whatsappPhoneEnc: whatsapp.enc,
        whatsappPhoneHash: whatsapp.hash,
        address: patient.address ?? null,
        medicalAlerts: patient.medicalAlerts ?? null,
      };
    }));
    await db.insert(patients).values(rows);
    added += rows.length;
  }
  return { patients: added };
}
