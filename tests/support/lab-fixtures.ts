/** Labs, cases and files for the lab case tests. */
import { zipSync } from "fflate";
import type { Db } from "../../lib/db/client.ts";
import { encodePng } from "../../lib/radiology/png.ts";
import { saveLab } from "../../lib/lab/labs.ts";
import { createLabCase } from "../../lib/lab/cases.ts";
import type { LabCaseStatus, LabCaseType } from "../../lib/lab/statuses.ts";
import { changeCaseStatus } from "../../lib/lab/case-status.ts";
import { dicomFile, newUid } from "./dicom-fixtures.ts";
import { TEST_SECRETS } from "./test-app.ts";

export const SECRET = TEST_SECRETS.ENCRYPTION_KEY;

let labSequence = 0;

export async function createLab(
  db: Db,
  clinicId: string,
  actorId: string,
  values: { name?: string; defaultTurnaroundDays?: number; turnaround?: Record<string, number> } =
    {},
) {
  return await saveLab(db, SECRET, {
    clinicId,
    actorId,
    values: {
      name: values.name ?? `Test Lab ${++labSequence}-${crypto.randomUUID().slice(0, 6)}`,
      contactPerson: null,
      phone: null,
      email: null,
      defaultTurnaroundDays: values.defaultTurnaroundDays ?? 5,
      turnaroundByType: values.turnaround ?? {},
      notes: null,
      active: true,
    },
  });
}

export async function createCase(
  db: Db,
  input: {
    clinicId: string;
    actorId: string;
    patientId: string;
    labId: string;
    caseType?: LabCaseType;
    dueDate?: string | null;
    appointmentId?: string | null;
    /** Walk the case along the flow to this status. */
    path?: LabCaseStatus[];
  },
) {
  let kase = await createLabCase(db, {
    clinicId: input.clinicId,
    actorId: input.actorId,
    values: {
      patientId: input.patientId,
      appointmentId: input.appointmentId ?? null,
      labId: input.labId,
      caseType: input.caseType ?? "crown",
      teeth: [36],
      shade: "A2",
      material: "Zirconia",
      instructions: "Light occlusal contact",
      priority: "normal",
      dueDate: input.dueDate ?? undefined,
      status: "draft",
    },
  });
  for (const to of input.path ?? []) {
    kase = await changeCaseStatus(db, {
      clinicId: input.clinicId,
      caseId: kase.id,
      to,
      actor: { kind: "staff", userId: input.actorId },
    });
  }
  return kase;
}

/** A small PNG whose pixels (and so its SHA-256) differ with `seed`. */
export function pngBytes(seed = Math.floor(Math.random() * 1e9)): Uint8Array<ArrayBuffer> {
  const width = 8;
  const height = 8;
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = (seed * (i + 7)) % 251;
  return new Uint8Array(encodePng({ width, height, channels: 1, data }));
}

export function pdfBytes(text = crypto.randomUUID()): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

export function stlBytes(): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    `solid crown\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\n` +
      `endloop\nendfacet\nendsolid crown\n${crypto.randomUUID()}\n`,
  );
}

/** A ZIP of a two-slice study under `patientId`, plus a stray text file. */
export function dicomZip(patientId: string): Uint8Array<ArrayBuffer> {
  const studyInstanceUid = newUid();
  const seriesInstanceUid = newUid();
  return new Uint8Array(zipSync({
    "scan/slice-1.dcm": dicomFile({
      patientId,
      studyInstanceUid,
      seriesInstanceUid,
      instanceNumber: 1,
    }),
    "scan/slice-2.dcm": dicomFile({
      patientId,
      studyInstanceUid,
      seriesInstanceUid,
      instanceNumber: 2,
    }),
    "scan/readme.txt": new TextEncoder().encode("lab notes"),
  }));
}
