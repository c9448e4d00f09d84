/**
 * The dental chart drawn as server-rendered SVG: upper and lower arches in
 * FDI numbering as the clinician faces the patient, each tooth coloured by
 * its latest condition, missing teeth faded. The viewBox scales, so the two
 * rows of sixteen stay legible at phone width. Other modules decorate teeth
 * through `badges` (radiology adds an X-ray dot).
 */
import type { ConditionCode, Dentition } from "../../lib/clinical/teeth.ts";
import { archRows, CONDITIONS } from "../../lib/clinical/teeth.ts";

export interface ToothBadge {
  /** Read by screen readers and shown as the badge's tooltip. */
  label: string;
  /** Any SVG colour. */
  color?: string;
}

/** Fill and outline of each condition; a sound tooth is white. */
export const CONDITION_COLORS: Record<ConditionCode, { fill: string; stroke: string }> = {
  caries: { fill: "#fecaca", stroke: "#dc2626" },
  filling: { fill: "#bfdbfe", stroke: "#2563eb" },
  crown: { fill: "#fde68a", stroke: "#d97706" },
  missing: { fill: "#f1f5f9", stroke: "#94a3b8" },
  root_canal: { fill: "#e9d5ff", stroke: "#9333ea" },
  implant: { fill: "#99f6e4", stroke: "#0d9488" },
  fracture: { fill: "#fed7aa", stroke: "#ea580c" },
  bridge: { fill: "#c7d2fe", stroke: "#4f46e5" },
};
const SOUND = { fill: "#ffffff", stroke: "#94a3b8" };

const TOOTH_W = 36;
const TOOTH_H = 46;
const GAP = 3;
const PAD = 6;
const MIDLINE_GAP = 10;
const ROW_GAP = 22;
const HEIGHT = PAD * 2 + 2 * TOOTH_H + ROW_GAP;

// Sized to the row, so the ten primary teeth a row draw larger than the sixteen permanent ones.
const rowWidth = (count: number) => PAD * 2 + count * TOOTH_W + (count - 1) * GAP + MIDLINE_GAP;

function rowX(index: number, count: number): number {
  return PAD + index * (TOOTH_W + GAP) + (index >= count / 2 ? MIDLINE_GAP : 0);
}

function Tooth(
  { tooth, x, y, condition, badges }: {
    tooth: string;
    x: number;
    y: number;
    condition?: ConditionCode;
    badges: readonly ToothBadge[];
  },
) {
  const colors = condition ? CONDITION_COLORS[condition] : SOUND;
  const missing = condition === "missing";
  const title = [
    `Tooth ${tooth}`,
    condition ? CONDITIONS[condition] : "No findings",
    ...badges.map((b) => b.label),
  ].join(" · ");
  return (
    <g
      data-tooth={tooth}
      data-condition={condition ?? "sound"}
      opacity={missing ? 0.4 : undefined}
      role="img"
      aria-label={title}
    >
      <title>{title}</title>
      <rect
        x={x}
        y={y}
        width={TOOTH_W}
        height={TOOTH_H}
        rx={9}
        fill={colors.fill}
        stroke={colors.stroke}
        stroke-width={condition && !missing ? 2.5 : 1.5}
        stroke-dasharray={missing ? "4 3" : undefined}
      />
      <text
        x={x + TOOTH_W / 2}
        y={y + TOOTH_H / 2 + 6}
        text-anchor="middle"
        font-size="19"
        font-weight="600"
        font-family="ui-sans-serif, system-ui, sans-serif"
        fill={missing ? "#64748b" : "#0f172a"}
      >
        {tooth}
      </text>
      {badges.slice(0, 3).map((badge, i) => (
        <circle
          key={badge.label}
          data-badge={badge.label}
          cx={x + TOOTH_W - 6 - i * 10}
          cy={y + 6}
          r={4.5}
          fill={badge.color ?? "#0f172a"}
          stroke="#ffffff"
          stroke-width={1.5}
        />
      ))}
    </g>
  );
}

export function DentalChart(
  { dentition = "permanent", status, badges = {}, badgeLegend = [] }: {
    dentition?: Dentition;
    /** Each tooth's latest condition (lib/clinical/chart.ts `toothStatus`). */
    status: ReadonlyMap<string, ConditionCode>;
    /** Small markers per tooth, e.g. `{ "36": [{ label: "X-ray", color: "#0284c7" }] }`. */
    badges?: Readonly<Record<string, readonly ToothBadge[]>>;
    /** What the badges' colours mean, added to the legend (e.g. planned treatment). */
    badgeLegend?: readonly { label: string; color: string }[];
  },
) {
  const { upper, lower } = archRows(dentition);
  const upperY = PAD;
  const lowerY = PAD + TOOTH_H + ROW_GAP;
  const label = dentition === "primary" ? "primary" : "permanent";
  const width = rowWidth(upper.length);
  const maxWidth = dentition === "primary" ? "max-w-xl" : "max-w-3xl";
  return (
    <figure class="m-0" data-dental-chart={dentition}>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        class={`mx-auto block h-auto w-full ${maxWidth}`}
        role="group"
        aria-label={`Dental chart, ${label} teeth, FDI numbering`}
      >
        <line
          x1={width / 2}
          x2={width / 2}
          y1={PAD - 6}
          y2={HEIGHT - PAD + 6}
          stroke="#cbd5e1"
          stroke-dasharray="3 4"
        />
        <line
          x1={PAD}
          x2={width - PAD}
          y1={PAD + TOOTH_H + ROW_GAP / 2}
          y2={PAD + TOOTH_H + ROW_GAP / 2}
          stroke="#e2e8f0"
        />
        {upper.map((tooth, i) => (
          <Tooth
            key={tooth}
            tooth={tooth}
            x={rowX(i, upper.length)}
            y={upperY}
            condition={status.get(tooth)}
            badges={badges[tooth] ?? []}
          />
        ))}
        {lower.map((tooth, i) => (
          <Tooth
            key={tooth}
            tooth={tooth}
            x={rowX(i, lower.length)}
            y={lowerY}
            condition={status.get(tooth)}
            badges={badges[tooth] ?? []}
          />
        ))}
      </svg>
      <p
        class={`mx-auto flex ${maxWidth} justify-between px-1 pt-1 text-[11px] font-medium uppercase tracking-wide text-slate-500`}
        aria-hidden="true"
      >
        <span>Patient's right</span>
        <span>Left</span>
      </p>
      <figcaption class="mt-4">
        <ul class="flex flex-wrap gap-x-4 gap-y-2 text-xs text-slate-600" data-chart-legend>
          <li class="flex items-center gap-1.5">
            <Swatch fill={SOUND.fill} stroke={SOUND.stroke} />
            No findings
          </li>
          {(Object.keys(CONDITIONS) as ConditionCode[]).map((code) => (
            <li key={code} class="flex items-center gap-1.5">
              <Swatch {...CONDITION_COLORS[code]} faded={code === "missing"} />
              {CONDITIONS[code]}
            </li>
          ))}
          {badgeLegend.map((entry) => (
            <li key={entry.label} class="flex items-center gap-1.5">
              <svg viewBox="0 0 14 14" class="h-3.5 w-3.5 shrink-0" aria-hidden="true">
                <circle cx="7" cy="7" r="4.5" fill={entry.color} />
              </svg>
              {entry.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function Swatch({ fill, stroke, faded }: { fill: string; stroke: string; faded?: boolean }) {
  return (
    <svg viewBox="0 0 14 14" class="h-3.5 w-3.5 shrink-0" aria-hidden="true">
      <rect
        x="1"
        y="1"
        width="12"
        height="12"
        rx="3"
        fill={fill}
        stroke={stroke}
        stroke-width="1.5"
        stroke-dasharray={faded ? "2 2" : undefined}
        opacity={faded ? 0.6 : undefined}
      />
    </svg>
  );
}
