/**
 * Demo treatment data: a Pakistani clinic's service catalog in PKR (fees of a mid-range
 * practice in Lahore or Karachi), its discount policies, a few patient tags, and one plan with
 * an implant-or-bridge choice. Fixed, so every demo database reads the same; a clinic that
 * already has services gets nothing more.
 */
import { and, count, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  clinicMembers,
  discountPolicies,
  patients,
  patientTags,
  treatmentServices,
} from "../db/schema.ts";
import type { ServiceCategory } from "./categories.ts";
import { createPlan } from "./plan-writes.ts";

type DemoService = [
  code: string,
  name: string,
  category: ServiceCategory,
  rupees: number,
  minutes: number,
  perTooth: boolean,
];

export const DEMO_CATALOG: DemoService[] = [
  ["CONS", "Consultation", "diagnostic", 2000, 20, false],
  ["CONS-SPEC", "Specialist consultation", "diagnostic", 3500, 30, false],
  ["XR-PA", "Periapical X-ray", "diagnostic", 1000, 10, true],
  ["XR-OPG", "OPG (panoramic X-ray)", "diagnostic", 3500, 15, false],
  ["SCALE", "Scaling and polishing", "preventive", 6000, 45, false],
  ["FLUOR", "Fluoride varnish", "preventive", 2500, 15, false],
  ["SEAL", "Pit and fissure sealant", "preventive", 2000, 15, true],
  ["COMP-1", "Composite filling, one surface", "restorative", 6000, 30, true],
  ["COMP-2", "Composite filling, two or more surfaces", "restorative", 8000, 45, true],
  ["GIC", "Glass ionomer filling", "restorative", 4000, 30, true],
  ["POST", "Fibre post and core", "restorative", 8000, 30, true],
  ["RCT-A", "Root canal, anterior tooth", "endodontic", 18000, 60, true],
  ["RCT-P", "Root canal, premolar", "endodontic", 22000, 75, true],
  ["RCT-M", "Root canal, molar", "endodontic", 30000, 90, true],
  ["PULP", "Pulpotomy (milk tooth)", "endodontic", 7000, 30, true],
  ["PERIO-Q", "Deep cleaning, per quadrant", "periodontic", 8000, 45, false],
  ["CROWN-PFM", "Crown, porcelain fused to metal", "prosthodontic", 25000, 60, true],
  ["CROWN-ZR", "Crown, zirconia", "prosthodontic", 45000, 60, true],
  ["BRIDGE-U", "Bridge unit, PFM", "prosthodontic", 25000, 60, true],
  ["DENT-CMP", "Complete denture, one arch", "prosthodontic", 45000, 60, false],
  ["EXT-S", "Extraction, simple", "oral_surgery", 4000, 30, true],
  ["EXT-SURG", "Extraction, surgical", "oral_surgery", 12000, 60, true],
  ["EXT-WIS", "Wisdom tooth, impacted", "oral_surgery", 20000, 90, true],
  ["IMPL", "Implant fixture with surgery", "implant", 150000, 90, true],
  ["IMPL-CRN", "Implant crown", "implant", 60000, 60, true],
  ["BRACES-M", "Braces, metal (full course)", "orthodontic", 180000, 60, false],
  ["BRACES-C", "Braces, ceramic (full course)", "orthodontic", 250000, 60, false],
  ["RETAIN", "Retainers, pair", "orthodontic", 20000, 30, false],
  ["WHITEN", "Whitening, in-office", "cosmetic", 35000, 90, false],
  ["VENEER", "Porcelain veneer", "cosmetic", 40000, 60, true],
  ["NIGHTGUARD", "Night guard", "other", 12000, 30, false],
];

const DEMO_POLICIES: Omit<typeof discountPolicies.$inferInsert, "clinicId">[] = [
  { name: "Senior citizen", kind: "percent", percentBp: 1000, minAge: 60 },
  { name: "Staff family", kind: "percent", percentBp: 2000, patientTag: "staff_family" },
  {
    name: "Returning patient",
    kind: "percent",
    percentBp: 500,
    patientTag: "returning",
    minSubtotalMinor: 5_000_000,
    combinable: true,
  },
  {
    name: "Braces upfront",
    kind: "fixed",
    amountMinor: 1_500_000,
    serviceCategory: "orthodontic",
    combinable: true,
  },
];

const DEMO_TAGS: [patient: string, tag: string][] = [
  ["Muhammad Ali Raza", "returning"],
  ["Sana Iqbal", "staff_family"],
  ["Samina Bibi", "senior_citizen"],
];

export async function seedDemoTreatment(db: Db, clinicIds: ReadonlyMap<string, string>) {
  for (const clinicId of clinicIds.values()) {
    const [{ existing }] = await db.select({ existing: count() }).from(treatmentServices)
      .where(eq(treatmentServices.clinicId, clinicId));
    if (Number(existing) > 0) continue;
    const services = await db.insert(treatmentServices).values(
      DEMO_CATALOG.map(([code, name, category, rupees, minutes, perTooth]) => ({
        clinicId,
        code,
        name,
        category,
        defaultPriceMinor: rupees * 100,
        defaultDurationMinutes: minutes,
        perTooth,
      })),
    ).returning({ id: treatmentServices.id, code: treatmentServices.code });
    await db.insert(discountPolicies).values(DEMO_POLICIES.map((p) => ({ ...p, clinicId })));

    const people = await db.select({ id: patients.id, fullName: patients.fullName }).from(patients)
      .where(eq(patients.clinicId, clinicId));
    const byName = new Map(people.map((p) => [p.fullName, p.id]));
    const tags = DEMO_TAGS.filter(([name]) => byName.has(name))
      .map(([name, tag]) => ({ clinicId, patientId: byName.get(name)!, tag }));
    if (tags.length) await db.insert(patientTags).values(tags);

    const patientId = byName.get("Muhammad Ali Raza");
    const [doctor] = await db.select({ userId: clinicMembers.userId }).from(clinicMembers)
      .where(and(eq(clinicMembers.clinicId, clinicId), eq(clinicMembers.role, "owner")));
    if (!patientId || !doctor) continue;
    const id = new Map(services.map((s) => [s.code, s.id]));
    const urgent = {
      name: "Urgent",
      items: [
        { serviceId: id.get("RCT-M")!, tooth: "36", surfaces: "", quantity: 1 },
        { serviceId: id.get("CROWN-PFM")!, tooth: "36", surfaces: "", quantity: 1 },
      ],
    };
    const missingTooth = (kind: "implant" | "bridge") => ({
      name: "Replace 46",
      items: kind === "implant"
        ? [
          { serviceId: id.get("IMPL")!, tooth: "46", surfaces: "", quantity: 1 },
          { serviceId: id.get("IMPL-CRN")!, tooth: "46", surfaces: "", quantity: 1 },
        ]
        : ["45", "46", "47"].map((tooth) => ({
          serviceId: id.get("BRIDGE-U")!,
          tooth,
          surfaces: "",
          quantity: 1,
        })),
    });
    const option = (name: string, kind: "implant" | "bridge", recommended: boolean) => ({
      name,
      recommended,
      discount: { mode: "auto" as const },
      phases: [
        urgent,
        missingTooth(kind),
        {
          name: "Maintenance",
          items: [{ serviceId: id.get("SCALE")!, tooth: null, surfaces: "", quantity: 1 }],
        },
      ].map((phase) => ({
        name: phase.name,
        items: phase.items.map((item) => ({
          ...item,
          status: "planned" as const,
          appointmentId: null,
        })),
      })),
    });
    await createPlan(db, { clinicId, actorId: doctor.userId, mayApplyDiscounts: true }, {
      patientId,
      title: "Lower right rehabilitation",
      validUntil: null,
      notes: "Patient prefers to finish the root canal before Eid.",
      options: [option("Implant", "implant", true), option("Bridge", "bridge", false)],
    });
  }
}
