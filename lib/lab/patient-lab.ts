/**
 * A patient record's Lab cases tab: the patient's cases, and the files of
 * those cases that live nowhere else (STL/PLY scans), each with a download;
 * images, PDFs and DICOM are in the Radiology tab.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { labCaseAttachments, labCases, storedFiles } from "../db/schema.ts";
import { type Access, can } from "../permissions/access.ts";
import { type LabCaseSummary, listPatientLabCases } from "./case-queries.ts";
import { formatCaseNumber } from "./statuses.ts";

export interface PatientLabFile {
  caseId: string;
  caseNumber: string;
  attachmentId: string;
  name: string;
  sizeBytes: number;
  createdAt: string;
}

export interface PatientLabPanel {
  cases: LabCaseSummary[];
  files: PatientLabFile[];
  may: { create: boolean; download: boolean };
}

export async function loadPatientLabPanel(
  db: Db,
  access: Access,
  patientId: string,
): Promise<PatientLabPanel> {
  const clinicId = access.clinicId;
  const [cases, files] = await Promise.all([
    listPatientLabCases(db, clinicId, patientId),
    db.select({
      caseId: labCases.id,
      number: labCases.number,
      attachmentId: labCaseAttachments.id,
      name: storedFiles.originalName,
      sizeBytes: storedFiles.sizeBytes,
      createdAt: labCaseAttachments.createdAt,
    }).from(labCaseAttachments)
      .innerJoin(labCases, eq(labCases.id, labCaseAttachments.caseId))
      .innerJoin(storedFiles, eq(storedFiles.id, labCaseAttachments.fileId))
      .where(and(
        eq(labCaseAttachments.clinicId, clinicId),
        eq(labCases.patientId, patientId),
        eq(labCaseAttachments.kind, "scan"),
      ))
      .orderBy(desc(labCaseAttachments.createdAt)),
  ]);
  return {
    cases,
    files: files.map((f) => ({
      caseId: f.caseId,
      caseNumber: formatCaseNumber(f.number),
      attachmentId: f.attachmentId,
      name: f.name ?? "scan",
      sizeBytes: f.sizeBytes,
      createdAt: f.createdAt.toISOString(),
    })),
    may: { create: can(access, "lab.cases.create"), download: can(access, "lab.files.view") },
  };
}
