/**
 * A patient's Radiology tab (issue 7, "Radiology Workstation"): captures and
 * DICOM studies newest first as thumbnails, and the workstation for the one
 * picked (`?tab=radiology&open=capture:<id>` or `open=series:<id>`). Picking
 * is a plain link, so the list works without script; the workstation is the
 * `RadiologyViewer` island, the only code on the page that pulls in the
 * viewer. Download links are server-rendered next to it, so they work at once.
 */
import { categoryLabel } from "../lib/radiology/categories.ts";
import type { VNode } from "preact";
import { and, asc, eq } from "drizzle-orm";
import type { AppDeps } from "../lib/http/app-env.ts";
import { type Access, can } from "../lib/permissions/access.ts";
import { dicomInstances } from "../lib/db/schema.ts";
import { readManifest } from "../lib/islands/manifest.ts";
import {
  type CaptureItem,
  listPatientRadiology,
  type RadiologyItem as Item,
  type StudyItem,
} from "../lib/radiology/listing.ts";
import { formatDateTime } from "../lib/view/format.ts";
import RadiologyViewer, { type ViewerTarget } from "../islands/RadiologyViewer.tsx";
import DicomUpload from "../islands/DicomUpload.tsx";
import { Card } from "./Card.tsx";
import { Icon } from "./Icon.tsx";

/** Where a list entry's link opens the workstation. */
export function radiologyHref(patientId: string, open?: string): string {
  return `/patients/${patientId}?tab=radiology${open ? `&open=${open}` : ""}`;
}

/**
 * A thumbnail over a placeholder. The thumbnail is a background image, so
 * when it answers 404 (or cannot be made) nothing is drawn, not even a
 * broken-image icon, and the placeholder shows; no script needed.
 */
export function RadiologyThumb(
  { src, label, size = "aspect-square w-16 sm:w-20 rounded-lg" }: {
    src: string | null;
    label: string;
    /** Box classes; a list's square by default. */
    size?: string;
  },
) {
  return (
    <span
      class={`relative block shrink-0 overflow-hidden bg-slate-800 ${size}`}
      title={label}
    >
      <span class="absolute inset-0 grid place-items-center text-slate-500" aria-hidden="true">
        <Icon name="xray" class="h-7 w-7" />
      </span>
      {src && (
        <span
          class="absolute inset-0 bg-cover bg-center"
          style={`background-image:url("${src}")`}
          data-thumbnail={src}
        />
      )}
    </span>
  );
}

export function ToothTags({ teeth }: { teeth: readonly number[] }) {
  if (teeth.length === 0) return null;
  return (
    <span class="flex flex-wrap gap-1" data-teeth={teeth.join(",")}>
      {teeth.map((tooth) => (
        <span
          key={tooth}
          class="rounded bg-brand-50 px-1.5 py-0.5 font-mono text-[11px] font-semibold text-brand-700 ring-1 ring-brand-200"
        >
          {tooth}
        </span>
      ))}
    </span>
  );
}

function captureTitle(item: CaptureItem) {
  return categoryLabel(item.category);
}

// DICOM study dates are calendar days (no time, no zone): shown like the capture dates beside them.
const STUDY_DAY = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

function studyDay(item: StudyItem, timeZone: string): string {
  const day = item.studyDate && new Date(`${item.studyDate}T00:00:00Z`);
  if (day && !Number.isNaN(day.getTime())) return STUDY_DAY.format(day);
  return item.studyDate ?? formatDateTime(new Date(item.createdAt), timeZone);
}

function studyTitle(item: StudyItem) {
  return item.description || `${item.modality || "DICOM"} study`;
}

function ListEntry(
  { href, thumb, title, lines, teeth, active, open }: {
    href: string;
    thumb: string | null;
    title: string;
    lines: (string | null | undefined)[];
    teeth: readonly number[];
    active: boolean;
    open: string;
  },
) {
  return (
    <a
      href={href}
      aria-current={active ? "true" : undefined}
      data-radiology-item={open}
      class={`flex gap-3 px-4 py-3 hover:bg-slate-50 ${
        active ? "bg-brand-50/60 ring-1 ring-inset ring-brand-200" : ""
      }`}
    >
      <RadiologyThumb src={thumb} label={title} />
      <span class="min-w-0 flex-1 text-sm">
        <span class="block truncate font-medium text-slate-900">{title}</span>
        {lines.filter(Boolean).map((line) => (
          <span key={line} class="block truncate text-xs text-slate-500">{line}</span>
        ))}
        <span class="mt-1 block">
          <ToothTags teeth={teeth} />
        </span>
      </span>
    </a>
  );
}

function Empty({ canUpload }: { canUpload: boolean }) {
  return (
    <div class="px-5 py-12 text-center" data-radiology-empty>
      <span class="mx-auto grid h-12 w-12 place-items-center rounded-full bg-brand-50 text-brand-600">
        <Icon name="xray" class="h-6 w-6" />
      </span>
      <p class="mt-3 text-sm font-medium text-slate-900">No X-rays or scans yet</p>
      <p class="mx-auto mt-1 max-w-md text-sm text-slate-500">
        Captures from the chairside bridge appear here within seconds
        {canUpload ? "; DICOM studies from a lab can be uploaded above." : "."}
      </p>
    </div>
  );
}

interface Workstation {
  target: ViewerTarget;
  title: string;
  subtitle: string;
  teeth: readonly number[];
  downloads: { label: string; href: string }[];
}

async function seriesDownloads(deps: AppDeps, clinicId: string, seriesId: string) {
  const rows = await deps.db.select({ fileId: dicomInstances.fileId })
    .from(dicomInstances)
    .where(and(eq(dicomInstances.clinicId, clinicId), eq(dicomInstances.seriesId, seriesId)))
    .orderBy(asc(dicomInstances.instanceNumber));
  return rows.map((row, i) => ({
    label: rows.length === 1 ? "Download" : `Slice ${i + 1}`,
    href: `/api/v1/files/${row.fileId}/content?download=1`,
  }));
}

async function workstationFor(
  deps: AppDeps,
  access: Access,
  timeZone: string,
  items: readonly Item[],
  open: string | undefined,
): Promise<Workstation | null> {
  const [kind, id] = (open ?? "").split(":");
  const download = can(access, "radiology.download");
  if (kind === "capture") {
    const item = items.find((i): i is CaptureItem => i.kind === "capture" && i.id === id);
    if (!item) return null;
    return {
      target: {
        kind: "capture",
        id: item.id,
        contentUrl: item.contentUrl,
        contentType: item.contentType,
        teeth: [...item.teeth],
      },
      title: captureTitle(item),
      subtitle: [
        formatDateTime(new Date(item.capturedAt), timeZone),
        item.operatoryName,
        item.originalName,
      ].filter(Boolean).join(" · "),
      teeth: item.teeth,
      downloads: download ? [{ label: "Download", href: `${item.contentUrl}?download=1` }] : [],
    };
  }
  if (kind === "series") {
    const study = items.find((i): i is StudyItem =>
      i.kind === "study" && i.series.some((s) => s.id === id)
    );
    if (!study) return null;
    const series = study.series.find((s) => s.id === id)!;
    return {
      target: { kind: "series", id: series.id, studyId: study.id, teeth: [...study.teeth] },
      title: studyTitle(study),
      subtitle: [
        studyDay(study, timeZone),
        series.description || `Series ${series.seriesNumber ?? ""}`.trim(),
        `${series.modality ?? study.modality ?? ""} · ${series.instanceCount} ${
          series.instanceCount === 1 ? "image" : "images"
        }`,
      ].filter(Boolean).join(" · "),
      teeth: study.teeth,
      downloads: download ? await seriesDownloads(deps, access.clinicId, series.id) : [],
    };
  }
  return null;
}

function Downloads({ downloads }: { downloads: Workstation["downloads"] }) {
  if (downloads.length === 0) return null;
  const button =
    "inline-flex items-center gap-1.5 rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50";
  if (downloads.length === 1) {
    return <a href={downloads[0].href} class={button} data-download download>Download</a>;
  }
  return (
    <details class="relative" data-download-list>
      <summary class={`${button} cursor-pointer list-none`}>
        Download ({downloads.length})
      </summary>
      <ul class="absolute right-0 z-10 mt-1 max-h-64 w-40 overflow-y-auto rounded-lg bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200">
        {downloads.map((d) => (
          <li key={d.href}>
            <a href={d.href} download class="block px-3 py-1.5 text-slate-700 hover:bg-slate-50">
              {d.label}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * The Radiology tab's panel, from the page's query: `open` picks the image or
 * series for the workstation, `tooth` (FDI) narrows the list to images tagged
 * with that tooth (the dental chart's X-ray links).
 */
export async function radiologyTabPanel(
  deps: AppDeps,
  access: Access,
  timeZone: string,
  patientId: string,
  query: { open?: string; tooth?: string },
): Promise<VNode> {
  const { open } = query;
  const tooth = Number(query.tooth) || null;
  const all = await listPatientRadiology(deps.db, access.clinicId, patientId);
  const items = tooth ? all.filter((item) => item.teeth.includes(tooth)) : all;
  const station = await workstationFor(deps, access, timeZone, all, open);
  const canUpload = can(access, "radiology.dicom.upload");
  const manifest = readManifest();
  const assets = {
    worker: manifest?.assets?.dicomDecodeWorker ?? "",
    codecs: manifest?.assets?.dicomCodecs ?? "",
    stack: manifest?.assets?.radiologyStack ?? "",
  };

  return (
    <div class="grid grid-cols-1 items-start gap-6 lg:grid-cols-3" data-radiology-tab>
      {/* On a phone an idle workstation would only push the list below the fold. */}
      <div
        class={`lg:col-span-2 lg:col-start-2 lg:row-start-1 ${station ? "" : "hidden lg:block"}`}
      >
        <Card
          title={station ? station.title : "Workstation"}
          action={station && <Downloads downloads={station.downloads} />}
        >
          {station
            ? (
              <div class="p-3 sm:p-5">
                <p class="mb-3 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                  <span>{station.subtitle}</span>
                  <ToothTags teeth={station.teeth} />
                </p>
                <RadiologyViewer
                  target={station.target}
                  assets={assets}
                  canTag={can(access, "radiology.tags.edit")}
                />
              </div>
            )
            : (
              <p class="px-5 py-10 text-center text-sm text-slate-500" data-workstation-idle>
                {items.length ? "Pick an image or series to open it here." : "Nothing to show yet."}
              </p>
            )}
        </Card>
      </div>
      <div class="lg:col-start-1 lg:row-start-1">
        <Card title={tooth ? `Tooth ${tooth} (${items.length})` : `Images (${items.length})`}>
          {canUpload && (
            // In the body, not the header: progress and the import report need the card's width.
            <div class="border-b border-slate-100 px-4 py-3">
              <DicomUpload patientId={patientId} />
            </div>
          )}
          {tooth && (
            <p class="border-b border-slate-100 px-4 py-2 text-xs text-slate-500" data-tooth-filter>
              Images tagged with tooth {tooth} ·{" "}
              <a href={radiologyHref(patientId)} class="font-medium text-brand-700">Show all</a>
            </p>
          )}
          {items.length === 0
            ? <Empty canUpload={canUpload} />
            : (
              <ul class="divide-y divide-slate-100" data-radiology-list>
                {items.map((item) =>
                  item.kind === "capture"
                    ? (
                      <li key={item.id}>
                        <ListEntry
                          href={radiologyHref(patientId, `capture:${item.id}`)}
                          open={`capture:${item.id}`}
                          active={open === `capture:${item.id}`}
                          thumb={item.thumbnailUrl}
                          title={captureTitle(item)}
                          lines={[
                            formatDateTime(new Date(item.capturedAt), timeZone),
                            item.operatoryName,
                          ]}
                          teeth={item.teeth}
                        />
                      </li>
                    )
                    : (
                      <li key={item.id}>
                        <ListEntry
                          href={radiologyHref(
                            patientId,
                            item.series[0] && `series:${item.series[0].id}`,
                          )}
                          open={`study:${item.id}`}
                          active={item.series.some((s) => open === `series:${s.id}`)}
                          thumb={item.thumbnailUrl}
                          title={studyTitle(item)}
                          lines={[
                            studyDay(item, timeZone),
                            `${item.modality ?? "DICOM"} · ${item.series.length} series`,
                          ]}
                          teeth={item.teeth}
                        />
                        {item.series.length > 1 && (
                          <ul class="pb-2 pl-24 pr-4 text-xs">
                            {item.series.map((s) => (
                              <li key={s.id}>
                                <a
                                  href={radiologyHref(patientId, `series:${s.id}`)}
                                  data-radiology-item={`series:${s.id}`}
                                  class={`block truncate py-0.5 ${
                                    open === `series:${s.id}`
                                      ? "font-semibold text-brand-700"
                                      : "text-slate-600 hover:text-slate-900"
                                  }`}
                                >
                                  {s.description || `Series ${s.seriesNumber ?? ""}`} ·{" "}
                                  {s.instanceCount} {s.instanceCount === 1 ? "image" : "images"}
                                </a>
                              </li>
                            ))}
                          </ul>
                        )}
                      </li>
                    )
                )}
              </ul>
            )}
        </Card>
      </div>
    </div>
  );
}
