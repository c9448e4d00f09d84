/**
 * What the pipeline hands a provider for one analysis: up to `maxSlices`
 * slices spread evenly over the series (all when there are fewer), each
 * decoded and rendered at the series' window/level to 8 bits, with the
 * series' technical facts and header checks. Patient identifiers are read
 * only to compare the DICOM PatientID with the record's MRN; none of them
 * enters the `AnalysisInput`.
 */
import dicomParser from "dicom-parser";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  dicomInstances,
  dicomSeries,
  dicomStudies,
  patients,
  storedFiles,
  xrayCaptures,
} from "../../db/schema.ts";
import type { ObjectStore } from "../../storage/object-store.ts";
import type { AnalysisInput, AnalysisSlice } from "../../ai/provider.ts";
import { dicomGreyFrame, type GreyFrame, renderGreyFrame } from "../pixels.ts";
import { hasPart10Preamble } from "../header.ts";

/** The series cannot be analysed (compressed, damaged, gone); the message is for the user. */
export class UnreadableSeriesError extends Error {
  override name = "UnreadableSeriesError";
}

/** `count` indices spread evenly over 0…total−1, first and last included. */
export function sampleEvenly(total: number, count: number): number[] {
  if (total <= count) return Array.from({ length: total }, (_, i) => i);
  if (count === 1) return [Math.floor(total / 2)];
  return Array.from({ length: count }, (_, i) => Math.round((i * (total - 1)) / (count - 1)));
}

export interface AnalysisTarget {
  clinicId: string;
  seriesId: string | null;
  captureId: string | null;
}

interface SourceFile {
  objectKey: string;
  instanceNumber: number | null;
}

interface Source {
  files: SourceFile[];
  modality: string | null;
  mrn: string;
  pixelSpacing: [number, number] | null;
}

async function seriesSource(db: Db, clinicId: string, seriesId: string): Promise<Source> {
  const [series] = await db
    .select({
      modality: dicomSeries.modality,
      studyModality: dicomStudies.modality,
      mrn: patients.mrn,
    })
    .from(dicomSeries)
    .innerJoin(dicomStudies, eq(dicomStudies.id, dicomSeries.studyId))
    .innerJoin(patients, eq(patients.id, dicomStudies.patientId))
    .where(and(eq(dicomSeries.clinicId, clinicId), eq(dicomSeries.id, seriesId)));
  if (!series) throw new UnreadableSeriesError("The series no longer exists.");
  const rows = await db
    .select({
      objectKey: storedFiles.objectKey,
      instanceNumber: dicomInstances.instanceNumber,
      pixelSpacing: dicomInstances.pixelSpacing,
    })
    .from(dicomInstances)
    .innerJoin(storedFiles, eq(storedFiles.id, dicomInstances.fileId))
    .where(and(eq(dicomInstances.clinicId, clinicId), eq(dicomInstances.seriesId, seriesId)))
    .orderBy(asc(dicomInstances.instanceNumber), asc(dicomInstances.sopInstanceUid));
  const spacing = rows.find((r) => r.pixelSpacing?.length === 2)?.pixelSpacing;
  return {
    files: rows,
    modality: series.modality ?? series.studyModality,
    mrn: series.mrn,
    pixelSpacing: spacing ? [spacing[0], spacing[1]] : null,
  };
}

async function captureSource(db: Db, clinicId: string, captureId: string): Promise<Source> {
  const [row] = await db
    .select({ objectKey: storedFiles.objectKey, mrn: patients.mrn })
    .from(xrayCaptures)
    .innerJoin(storedFiles, eq(storedFiles.id, xrayCaptures.fileId))
    .innerJoin(patients, eq(patients.id, xrayCaptures.patientId))
    .where(and(eq(xrayCaptures.clinicId, clinicId), eq(xrayCaptures.id, captureId)));
  if (!row) throw new UnreadableSeriesError("The capture no longer exists.");
  return {
    files: [{ objectKey: row.objectKey, instanceNumber: 1 }],
    modality: null,
    mrn: row.mrn,
    pixelSpacing: null,
  };
}

/** Header fields the pipeline needs beyond `readDicomHeader`'s. */
interface SliceHeader {
  patientId: string;
  modality: string | null;
  bodyPart: string | null;
  instanceNumber: number | null;
  pixelSpacing: [number, number] | null;
  positionMm: number | null;
  frames: number;
}

function numbers(dataSet: dicomParser.DataSet, tag: string): number[] {
  const raw = dataSet.string(tag)?.trim();
  if (!raw) return [];
  return raw.split("\\").map(Number).filter((n) => Number.isFinite(n));
}

function sliceHeader(bytes: Uint8Array): SliceHeader | null {
  if (!hasPart10Preamble(bytes)) return null;
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, { untilTag: "x7fe00010" });
  } catch {
    return null;
  }
  const text = (tag: string) => dataSet.string(tag)?.replace(/\0/g, "").trim() || null;
  const spacing = numbers(dataSet, "x00280030");
  const imagerSpacing = numbers(dataSet, "x00181164");
  const pair = spacing.length === 2 ? spacing : imagerSpacing.length === 2 ? imagerSpacing : null;
  // Position along the stack: the image position projected on the slice normal, else SliceLocation.
  const position = numbers(dataSet, "x00200032");
  const orientation = numbers(dataSet, "x00200037");
  let positionMm: number | null = null;
  if (position.length === 3 && orientation.length === 6) {
    const [a, b, c, d, e, f] = orientation;
    const normal = [b * f - c * e, c * d - a * f, a * e - b * d];
    positionMm = normal[0] * position[0] + normal[1] * position[1] + normal[2] * position[2];
  } else if (position.length === 3) {
    positionMm = position[2];
  } else {
    const location = numbers(dataSet, "x00201041");
    positionMm = location.length ? location[0] : null;
  }
  const instance = Number(text("x00200013"));
  return {
    patientId: text("x00100020") ?? "",
    modality: text("x00080060"),
    bodyPart: text("x00180015"),
    instanceNumber: Number.isInteger(instance) && text("x00200013") ? instance : null,
    pixelSpacing: pair && pair[0] > 0 && pair[1] > 0 ? [pair[0], pair[1]] : null,
    positionMm,
    frames: Math.max(1, Number(text("x00280008")) || 1),
  };
}

async function readObject(storage: ObjectStore, key: string): Promise<Uint8Array | null> {
  const object = await storage.get(key);
  return object ? new Uint8Array(await new Response(object.body).arrayBuffer()) : null;
}

function slice(frame: GreyFrame, instanceNumber: number, positionMm: number | null): AnalysisSlice {
  return { instanceNumber, frame, image: renderGreyFrame(frame), positionMm };
}

const sameId = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

export async function loadAnalysisInput(
  deps: { db: Db; storage: ObjectStore },
  target: AnalysisTarget,
  maxSlices: number,
): Promise<AnalysisInput> {
  const source = target.seriesId
    ? await seriesSource(deps.db, target.clinicId, target.seriesId)
    : await captureSource(deps.db, target.clinicId, target.captureId!);
  if (!source.files.length) throw new UnreadableSeriesError("The series holds no images.");

  const slices: AnalysisSlice[] = [];
  const headers: SliceHeader[] = [];
  let sliceCount = source.files.length;
  if (source.files.length === 1) {
    // One file: a single image, or a multi-frame volume whose frames are the slices.
    const bytes = await readObject(deps.storage, source.files[0].objectKey);
    const header = bytes && sliceHeader(bytes);
    if (!bytes || !header) throw new UnreadableSeriesError("The image file cannot be read.");
    headers.push(header);
    sliceCount = header.frames;
    for (const index of sampleEvenly(header.frames, maxSlices)) {
      const frame = dicomGreyFrame(bytes, index);
      if (frame) slices.push(slice(frame, index + 1, null));
    }
  } else {
    const picked = sampleEvenly(source.files.length, maxSlices);
    for (const index of picked) {
      const file = source.files[index];
      const bytes = await readObject(deps.storage, file.objectKey);
      const header = bytes && sliceHeader(bytes);
      const frame = bytes && dicomGreyFrame(bytes);
      if (!header || !frame) continue;
      headers.push(header);
      slices.push(slice(frame, file.instanceNumber ?? index + 1, header.positionMm));
    }
  }
  if (!slices.length) {
    throw new UnreadableSeriesError(
      "None of the sampled images could be decoded (compressed or colour images are not " +
        "analysed yet).",
    );
  }
  const first = slices[0].frame;
  return {
    study: {
      modality: source.modality ?? headers[0]?.modality ?? null,
      bodyPart: headers.find((h) => h.bodyPart)?.bodyPart ?? null,
      pixelSpacing: source.pixelSpacing ?? headers.find((h) => h.pixelSpacing)?.pixelSpacing ??
        null,
      sliceCount,
      rows: first.height,
      columns: first.width,
    },
    slices,
    checks: {
      instanceNumbers: source.files.length === 1
        ? Array.from({ length: sliceCount }, (_, i) => i + 1)
        : source.files.map((f) => f.instanceNumber),
      patientIdMatchesRecord: headers.every((h) => sameId(h.patientId, source.mrn)),
    },
  };
}
