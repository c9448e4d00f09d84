/**
 * A patient's Radiology tab (issue 7, "Radiology Workstation"): captures and
 * DICOM studies newest first as thumbnails, and the workstation for the one
 * picked (`?tab=radiology&open=capture:<id>` or `open=series:<id>`). Picking
 * is a plain link, so the list works without script; the workstation is the
 * `RadiologyViewer` island, the only code on the page that pulls in the
 * viewer. Download links are server-rendered next to it, so they work at once.
 * The data comes from `loadRadiologyTab` in `lib/radiology/tab.ts`.
 */
import { categoryLabel } from "../lib/radiology/categories.ts";
import type { CaptureItem, StudyItem } from "../lib/radiology/listing.ts";
import type { RadiologyDownload, RadiologyPick, RadiologyTabData } from "../lib/radiology/tab.ts";
import { formatDateTime } from "../lib/view/format.ts";
import RadiologyViewer, { type ViewerTarget } from "../islands/RadiologyViewer.tsx";
import DicomUpload from "../islands/DicomUpload.tsx";
import DicomAnalysisPanel from "../islands/DicomAnalysisPanel.tsx";
import { Card } from "./Card.tsx";
import { Icon } from "./Icon.tsx";
import { buttonClass } from "./ui/mod.ts";
import { radiologyHref, RadiologyThumb } from "./radiology/RadiologyThumb.tsx";

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
  return item.contentType === "application/pdf" ? "PDF document" : categoryLabel(item.category);
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
  downloads: RadiologyDownload[];
}

function workstationFor(picked: RadiologyPick | null, timeZone: string): Workstation | null {
  if (picked?.kind === "capture") {
    const { item } = picked;
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
      downloads: picked.downloads,
    };
  }
  if (picked?.kind === "series") {
    const { study, series } = picked;
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
      downloads: picked.downloads,
    };
  }
  return null;
}

function Downloads({ downloads }: { downloads: Workstation["downloads"] }) {
  if (downloads.length === 0) return null;
  const button = buttonClass("secondary", "sm");
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
 * The Radiology tab's panel. `open` picks the image or series for the
 * workstation; `tooth` (FDI) narrows the list to images tagged with that
 * tooth (the dental chart's X-ray links).
 */
export function RadiologyTab({ tab, timeZone }: { tab: RadiologyTabData; timeZone: string }) {
  const { patientId, items, tooth, open, assets } = tab;
  const station = workstationFor(tab.picked, timeZone);
  const canUpload = tab.may.upload;
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
                <div class={tab.analysis ? "grid gap-5 2xl:grid-cols-3" : ""}>
                  <div class="min-w-0 2xl:col-span-2">
                    {station.target.kind === "capture" &&
                        station.target.contentType === "application/pdf"
                      ? (
                        // A lab's PDF (a prescription, a design sheet) opens as a document, not an image.
                        <p class="py-8 text-center text-sm text-slate-600" data-pdf-document>
                          A PDF document.{" "}
                          <a
                            href={`${station.target.contentUrl}?download=1`}
                            class="font-semibold text-brand-700 hover:underline"
                          >
                            Download it
                          </a>
                        </p>
                      )
                      : (
                        <RadiologyViewer
                          target={station.target}
                          assets={assets}
                          canTag={tab.may.tag}
                        />
                      )}
                  </div>
                  {tab.analysis && (
                    <div class="min-w-0 border-t border-slate-100 pt-4 2xl:border-l 2xl:border-t-0 2xl:pl-5 2xl:pt-0">
                      <DicomAnalysisPanel {...tab.analysis} />
                    </div>
                  )}
                </div>
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
                            item.labCase && `Lab case ${item.labCase.caseNumber}`,
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
                            item.labCase && `Lab case ${item.labCase.caseNumber}`,
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
