/**
 * One perio exam drawn on the server: per arch and side, the gum line
 * (recession from the enamel–cement junction) and the pocket bottom (gum line
 * plus probing depth) across every site, with sites ≥ 4 mm shaded amber and
 * ≥ 6 mm red, bleeding as red dots; and the exam's summary figures. Plain SVG
 * with a title and description, so it reads without JavaScript.
 */
import type { JSX } from "preact";
import type { PerioExam } from "../../lib/perio/exams.ts";
import {
  attachmentLevel,
  PERIO_TEETH,
  type PerioSite,
  type PerioSummary,
  SITE_NAMES,
  type SiteChange,
  siteKey,
} from "../../lib/perio/sites.ts";
import { Stat } from "../ui/mod.ts";

const COL = 14;
const TOOTH = COL * 3 + 6;
const MM = 5;
const TOP = 22;
const DEPTH_ROOM = 12 * MM;

const drawnSites = (tooth: string, side: "B" | "L"): PerioSite[] =>
  "14".includes(tooth[0])
    ? [`D${side}` as PerioSite, side, `M${side}` as PerioSite]
    : [`M${side}` as PerioSite, side, `D${side}` as PerioSite];

function ArchSide(
  { exam, teeth, side, label }: {
    exam: PerioExam;
    teeth: string[];
    side: "B" | "L";
    label: string;
  },
) {
  const width = teeth.length * TOOTH + 8;
  const height = TOP + DEPTH_ROOM + 18;
  // The enamel–cement junction is the reference line; the gum line sits recession below it.
  const cej = TOP + 6;
  const gum: string[] = [];
  const pocket: string[] = [];
  const marks: JSX.Element[] = [];
  teeth.forEach((tooth, i) => {
    const missing = exam.teeth.get(tooth)?.missing;
    drawnSites(tooth, side).forEach((site, j) => {
      const x = 4 + i * TOOTH + 3 + j * COL + COL / 2;
      const reading = exam.sites.get(siteKey(tooth, site));
      if (missing || !reading || reading.depth === null) return;
      const gumY = cej + (reading.recession ?? 0) * MM;
      const pocketY = gumY + reading.depth * MM;
      gum.push(`${x},${gumY}`);
      pocket.push(`${x},${pocketY}`);
      const tone = reading.depth >= 6 ? "#dc2626" : reading.depth >= 4 ? "#f59e0b" : null;
      marks.push(
        <g key={`${tooth}${site}`} data-perio-site={`${tooth}:${site}`} data-depth={reading.depth}>
          <title>
            {`${tooth} ${SITE_NAMES[site]}: depth ${reading.depth} mm, recession ${
              reading.recession ?? "—"
            } mm, CAL ${attachmentLevel(reading.depth, reading.recession) ?? "—"} mm${
              reading.bleeding ? ", bleeding" : ""
            }`}
          </title>
          <rect
            x={x - COL / 2 + 1.5}
            y={gumY}
            width={COL - 3}
            height={Math.max(1, reading.depth * MM)}
            fill={tone ?? "#bae6fd"}
            opacity={tone ? 0.85 : 0.7}
          />
          <text
            x={x}
            y={TOP + DEPTH_ROOM + 14}
            font-size="9"
            text-anchor="middle"
            fill={tone ?? "#334155"}
          >
            {reading.depth}
          </text>
          {reading.bleeding && <circle cx={x} cy={TOP - 6} r={3} fill="#dc2626" />}
          {reading.suppuration && <circle cx={x} cy={TOP - 14} r={3} fill="#eab308" />}
        </g>,
      );
    });
  });
  return (
    <figure class="m-0">
      <figcaption class="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {label}
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        style={{ minWidth: `${width}px` }}
        class="block h-auto w-full"
        role="img"
        aria-label={`${label}: gum line and pocket depth per site`}
      >
        <title>{label}</title>
        <desc>
          Blue line: gum margin. Dark line: bottom of the pocket. Amber bars: 4–5 mm, red: 6 mm or
          more.
        </desc>
        <line x1={4} x2={width - 4} y1={cej} y2={cej} stroke="#cbd5e1" stroke-dasharray="3 3" />
        {teeth.map((tooth, i) => (
          <g key={tooth}>
            <rect
              x={4 + i * TOOTH + 1}
              y={TOP}
              width={TOOTH - 2}
              height={DEPTH_ROOM}
              fill={exam.teeth.get(tooth)?.missing ? "#f1f5f9" : "none"}
              stroke="#e2e8f0"
            />
            <text
              x={4 + i * TOOTH + TOOTH / 2}
              y={12}
              font-size="10"
              font-weight="600"
              text-anchor="middle"
              fill="#0f172a"
            >
              {tooth}
            </text>
          </g>
        ))}
        {marks}
        <polyline
          points={gum.join(" ")}
          fill="none"
          stroke="#0284c7"
          stroke-width="2"
          data-gum-line
        />
        <polyline
          points={pocket.join(" ")}
          fill="none"
          stroke="#0f172a"
          stroke-width="1.5"
          data-pocket-line
        />
      </svg>
    </figure>
  );
}

export function PerioChart({ exam }: { exam: PerioExam }) {
  return (
    <div class="space-y-3 overflow-x-auto" data-perio-chart={exam.id}>
      <ArchSide exam={exam} teeth={PERIO_TEETH.upper} side="B" label="Upper, buccal" />
      <ArchSide exam={exam} teeth={PERIO_TEETH.upper} side="L" label="Upper, palatal" />
      <ArchSide exam={exam} teeth={PERIO_TEETH.lower} side="L" label="Lower, lingual" />
      <ArchSide exam={exam} teeth={PERIO_TEETH.lower} side="B" label="Lower, buccal" />
      <ToothNotes exam={exam} />
    </div>
  );
}

function ToothNotes({ exam }: { exam: PerioExam }) {
  const notes = [...exam.teeth].filter(([, t]) => t.missing || t.mobility || t.furcation);
  if (!notes.length) return null;
  return (
    <ul class="flex flex-wrap gap-2 text-xs text-slate-700" data-perio-teeth>
      {notes.map(([tooth, t]) => (
        <li key={tooth} class="rounded-md bg-slate-100 px-2 py-1">
          <strong>{tooth}</strong>
          {t.missing ? " missing" : ""}
          {t.mobility ? ` · mobility ${t.mobility}` : ""}
          {t.furcation ? ` · furcation ${"I".repeat(t.furcation)}` : ""}
        </li>
      ))}
    </ul>
  );
}

export function PerioSummaryFigures({ summary }: { summary: PerioSummary }) {
  return (
    <div class="grid grid-cols-2 gap-3 lg:grid-cols-4" data-perio-summary>
      <Stat
        label="Mean probing depth"
        value={summary.meanDepth === null ? "—" : `${summary.meanDepth} mm`}
        hint={`${summary.sites} sites probed`}
      />
      <Stat
        label="Bleeding on probing"
        value={summary.bleedingPercent === null ? "—" : `${summary.bleedingPercent} %`}
        hint="of probed sites"
      />
      <Stat
        label="Sites ≥ 4 mm"
        value={String(summary.deep4)}
        hint={`${summary.deep6} of them ≥ 6 mm`}
      />
      <Stat
        label="Mean attachment level"
        value={summary.meanAttachment === null ? "—" : `${summary.meanAttachment} mm`}
        hint={summary.plaquePercent === null
          ? undefined
          : `plaque at ${summary.plaquePercent} % of sites`}
      />
    </div>
  );
}

/** Per site, the earlier and later depth and the change; worse sites first. */
export function PerioComparison(
  { changes, beforeLabel, afterLabel }: {
    changes: SiteChange[];
    beforeLabel: string;
    afterLabel: string;
  },
) {
  const changed = changes.filter((c) => c.depthChange !== 0 || (c.attachmentChange ?? 0) !== 0)
    .sort((a, b) =>
      (b.depthChange ?? 0) - (a.depthChange ?? 0) ||
      (b.attachmentChange ?? 0) - (a.attachmentChange ?? 0)
    );
  if (!changed.length) {
    return <p class="px-5 py-4 text-sm text-slate-600">No site changed between the two exams.</p>;
  }
  const tone = (v: number | null) =>
    v === null || v === 0
      ? "text-slate-600"
      : v > 0
      ? "font-semibold text-red-700"
      : "font-semibold text-emerald-700";
  const signed = (v: number | null) => (v === null ? "—" : v > 0 ? `+${v}` : String(v));
  return (
    <div class="overflow-x-auto">
      <table class="w-full text-sm" data-perio-comparison>
        <thead class="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th class="px-4 py-2">Site</th>
            <th class="px-4 py-2">Depth {beforeLabel}</th>
            <th class="px-4 py-2">Depth {afterLabel}</th>
            <th class="px-4 py-2">Change</th>
            <th class="px-4 py-2">CAL change</th>
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-100">
          {changed.map((c) => (
            <tr key={`${c.tooth}${c.site}`} data-change={`${c.tooth}:${c.site}`}>
              <td class="px-4 py-2 font-medium">{c.tooth} {c.site}</td>
              <td class="px-4 py-2 tabular-nums">{c.before.depth}</td>
              <td class="px-4 py-2 tabular-nums">{c.after.depth}</td>
              <td class={`px-4 py-2 tabular-nums ${tone(c.depthChange)}`}>
                {signed(c.depthChange)} mm
              </td>
              <td class={`px-4 py-2 tabular-nums ${tone(c.attachmentChange)}`}>
                {signed(c.attachmentChange)} mm
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
