/**
 * What a patient's Radiology tab shows: the images (narrowed to a tooth when
 * the dental chart linked here), the one picked for the workstation with its
 * download links, and the viewer's asset URLs.
 *
 * @example
 * ```ts
 * const tab = await loadRadiologyTab(db, access, patientId, { open: "capture:…" });
 * ```
 */
import type { Db } from "../db/client.ts";
import { readManifest } from "../islands/manifest.ts";
import { type AnalysisPanelData, loadAnalysisPanel } from "../dicom/analysis/panel.ts";
import { type Access, can } from "../permissions/access.ts";
import {
  type CaptureItem,
  listPatientRadiology,
  listSeriesInstances,
  type RadiologyItem,
  type SeriesSummary,
  type StudyItem,
} from "./listing.ts";

export interface RadiologyDownload {
  label: string;
  href: string;
}

/** The image or series open in the workstation. */
export type RadiologyPick =
  | { kind: "capture"; item: CaptureItem; downloads: RadiologyDownload[] }
  | { kind: "series"; study: StudyItem; series: SeriesSummary; downloads: RadiologyDownload[] };

export interface RadiologyTabData {
  patientId: string;
  /** Every image, or those tagged with `tooth`. */
  items: RadiologyItem[];
  /** FDI tooth the list is narrowed to. */
  tooth: number | null;
  /** `capture:<id>` or `series:<id>`, as the page's query named it. */
  open?: string;
  picked: RadiologyPick | null;
  may: { upload: boolean; tag: boolean };
  /** The viewer's bundles, from the island build. */
  assets: { worker: string; codecs: string; stack: string };
  /** The AI analysis panel beside a DICOM pick, when the clinic has the module. */
  analysis: AnalysisPanelData | null;
}

/** What the AI analysis panel reads besides the database. */
export interface AnalysisContext {
  kv: Deno.Kv;
  ai: { monthlyQuota: number; provider: "local" | "openai" };
  now: Date;
}

async function analysisFor(
  db: Db,
  access: Access,
  picked: RadiologyPick | null,
  context: AnalysisContext | undefined,
): Promise<AnalysisPanelData | null> {
  if (!context || !picked) return null;
  const deps = { db, kv: context.kv, ai: context.ai };
  if (picked.kind === "series") {
    return await loadAnalysisPanel(deps, access, { seriesId: picked.series.id }, context.now);
  }
  if (picked.item.contentType !== "application/dicom") return null;
  return await loadAnalysisPanel(deps, access, { captureId: picked.item.id }, context.now);
}

async function pick(
  db: Db,
  access: Access,
  items: readonly RadiologyItem[],
  open: string | undefined,
): Promise<RadiologyPick | null> {
  const [kind, id] = (open ?? "").split(":");
  const mayDownload = can(access, "radiology.download");
  if (kind === "capture") {
    const item = items.find((i): i is CaptureItem => i.kind === "capture" && i.id === id);
    if (!item) return null;
    const downloads = mayDownload
      ? [{ label: "Download", href: `${item.contentUrl}?download=1` }]
      : [];
    return { kind, item, downloads };
  }
  if (kind === "series") {
    const study = items.find((i): i is StudyItem =>
      i.kind === "study" && i.series.some((s) => s.id === id)
    );
    if (!study) return null;
    const series = study.series.find((s) => s.id === id)!;
    const instances = mayDownload ? await listSeriesInstances(db, access.clinicId, series.id) : [];
    const downloads = instances.map((instance, i) => ({
      label: instances.length === 1 ? "Download" : `Slice ${i + 1}`,
      href: `${instance.contentUrl}?download=1`,
    }));
    return { kind, study, series, downloads };
  }
  return null;
}

export async function loadRadiologyTab(
  db: Db,
  access: Access,
  patientId: string,
  query: { open?: string; tooth?: string },
  analysisContext?: AnalysisContext,
): Promise<RadiologyTabData> {
  const tooth = Number(query.tooth) || null;
  const all = await listPatientRadiology(db, access.clinicId, patientId);
  const manifest = readManifest();
  const picked = await pick(db, access, all, query.open);
  return {
    patientId,
    items: tooth ? all.filter((item) => item.teeth.includes(tooth)) : all,
    tooth,
    open: query.open,
    picked,
    may: {
      upload: can(access, "radiology.dicom.upload"),
      tag: can(access, "radiology.tags.edit"),
    },
    assets: {
      worker: manifest?.assets?.dicomDecodeWorker ?? "",
      codecs: manifest?.assets?.dicomCodecs ?? "",
      stack: manifest?.assets?.radiologyStack ?? "",
    },
    analysis: await analysisFor(db, access, picked, analysisContext),
  };
}
