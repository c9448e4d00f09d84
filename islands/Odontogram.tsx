/**
 * The odontogram: every tooth of the chosen dentition drawn with its five
 * surfaces and what is charted on it, by the usual conventions
 * (lib/clinical/odontogram-findings.ts). The server renders it as SVG, so the
 * chart reads without JavaScript; hydrated, it charts:
 *
 * - click (or tap) a surface to select it, shift-click to add surfaces or
 *   teeth; click the root or number to select the whole tooth;
 * - arrow keys move between teeth, M O D B L (I for incisal, P for palatal)
 *   toggle the focused tooth's surfaces, Enter opens the finding picker,
 *   Escape clears;
 * - the picker below the chart (44 px buttons, nothing hover-only) toggles
 *   surfaces and records the finding through /api/v1/clinical, one entry per
 *   surface (or per tooth for whole-tooth findings), so permissions and
 *   tenancy are exactly the API's.
 *
 * @example
 * ```tsx
 * <Odontogram patientId={id} view="permanent" entries={entries} badges={{}} plannedTeeth={[]}
 *   may={{ conditions: true, procedures: true }} today="2026-12-03" />
 * ```
 */
import { useMemo, useRef, useState } from "preact/hooks";
import {
  type ChartView,
  CROWN,
  isAnterior,
  LABEL,
  layoutOdontogram,
  neighbourTooth,
  type PlacedTooth,
  pointsAttr,
  ROOT,
  surfaceName,
  surfacePolygon,
  TOOTH_HEIGHT,
} from "../lib/clinical/odontogram-geometry.ts";
import {
  type ChartPalette,
  DEFAULT_PALETTE,
  describeDrawing,
  type DrawnEntry,
  type MarkState,
  type ToothDrawing,
  toothDrawings,
  type WholeMark,
} from "../lib/clinical/odontogram-findings.ts";
import type { Surface } from "../lib/clinical/teeth.ts";

export interface OdontogramBadge {
  label: string;
  color?: string;
}

export interface OdontogramProps {
  patientId: string;
  view: ChartView;
  entries: DrawnEntry[];
  /** Small markers per tooth: X-rays, AI findings, planned treatment. */
  badges: Record<string, OdontogramBadge[]>;
  /** Teeth with items on a treatment plan, outlined as planned. */
  plannedTeeth: string[];
  /** What the member may record; both false (or `readOnly`) draws the chart without the picker. */
  may: { conditions: boolean; procedures: boolean };
  /** The clinic's date, YYYY-MM-DD, given to new entries. */
  today: string;
  /** Today's visit of this patient, linked from entries charted now. */
  appointmentId?: string | null;
  /** A past date's chart: drawn, never edited. */
  readOnly?: boolean;
  palette?: ChartPalette;
}

const SURFACES: Surface[] = ["M", "O", "D", "B", "L"];
const KEY_SURFACE: Record<string, Surface> = {
  m: "M",
  o: "O",
  i: "O",
  d: "D",
  b: "B",
  f: "B",
  l: "L",
  p: "L",
};

/** The picker's findings: [kind, code, label, whether it goes on surfaces]. */
const CONDITION_CHOICES: [string, string, boolean][] = [
  ["caries", "Caries", true],
  ["filling", "Existing filling", true],
  ["crown", "Existing crown", false],
  ["root_canal", "Existing root canal", false],
  ["implant", "Existing implant", false],
  ["bridge", "Existing bridge", false],
  ["fracture", "Fracture", false],
  ["missing", "Missing", false],
];
const PROCEDURE_CHOICES: [string, string, boolean][] = [
  ["filling_placed", "Filling", true],
  ["sealant", "Sealant", true],
  ["crown_placed", "Crown", false],
  ["root_canal_treatment", "Root canal", false],
  ["implant_placed", "Implant", false],
  ["bridge_placed", "Bridge", false],
  ["extraction", "Extraction", false],
  ["scaling", "Scaling", false],
];

const key = (tooth: string, surface: Surface) => `${tooth}:${surface}`;

/**
 * Classes only the browser's states use. CSS is generated on the server from
 * the rendered HTML, so they are rendered once, hidden, to be generated too.
 */
const BROWSER_STATE_CLASSES =
  "h-11 min-w-[44px] border-brand-600 bg-brand-600 text-white border-slate-300 bg-white " +
  "text-slate-700 bg-red-50 text-red-800 bg-brand-50 text-brand-900 ml-1 font-mono text-brand-800";

function markFill(state: MarkState, palette: ChartPalette) {
  return state === "planned" ? "#ffffff" : palette[state];
}

function wholeStroke(mark: WholeMark, palette: ChartPalette) {
  return { stroke: palette[mark.state], dash: mark.state === "planned" ? "4 3" : undefined };
}

function ToothShape(
  { place, drawing, badges, planned, palette, selected, focused, onPick, onDrag }: {
    place: PlacedTooth;
    drawing?: ToothDrawing;
    badges: OdontogramBadge[];
    planned: boolean;
    palette: ChartPalette;
    selected: (surface: Surface | null) => boolean;
    focused: boolean;
    onPick?: (tooth: string, surface: Surface | null, add: boolean) => void;
    /** A mouse pressed on one place and moved onto this one: both join the selection. */
    onDrag?: (tooth: string, surface: Surface | null, event: PointerEvent) => void;
  },
) {
  const { tooth, x, crownY, rootY, labelY, upper } = place;
  const cx = x + CROWN / 2;
  const missing = drawing?.missing;
  const described = describeDrawing(drawing);
  const title = [`Tooth ${tooth}`, ...(described.length ? described : ["no findings"])]
    .concat(badges.map((b) => b.label)).join(" · ");
  // The root tapers away from the crown: up for upper teeth, down for lower.
  const rootTip = upper ? rootY + 2 : rootY + ROOT - 2;
  const rootBase = upper ? crownY : crownY + CROWN;
  const rootPath = `M${x + 10},${rootBase} L${cx - 3},${rootTip} L${cx + 3},${rootTip} L${
    x + CROWN - 10
  },${rootBase} Z`;
  const pick = (surface: Surface | null) => (event: MouseEvent) => {
    onPick?.(tooth, surface, event.shiftKey || event.metaKey || event.ctrlKey);
  };
  const drag = (surface: Surface | null) => (event: PointerEvent) =>
    onDrag?.(tooth, surface, event);
  const wholeSelected = selected(null);
  return (
    <g
      data-tooth={tooth}
      data-condition={missing ? "missing" : described.length ? "charted" : "sound"}
      opacity={missing ? 0.55 : undefined}
      role="img"
      aria-label={title}
    >
      <title>{title}</title>
      {/* The number and root select the whole tooth. */}
      <g
        data-tooth-whole={tooth}
        onClick={pick(null)}
        onPointerDown={drag(null)}
        onPointerEnter={drag(null)}
        class={onPick ? "cursor-pointer" : ""}
      >
        <rect
          x={x}
          y={upper ? place.y : crownY + CROWN}
          width={CROWN}
          height={LABEL + ROOT}
          fill={wholeSelected ? "#ccfbf1" : "transparent"}
        />
        <path
          d={rootPath}
          fill={drawing?.implant ? "#ffffff" : "#f8fafc"}
          stroke="#cbd5e1"
          stroke-width="1"
        />
        <text
          x={cx}
          y={labelY}
          text-anchor="middle"
          font-size="13"
          font-weight={focused ? "800" : "600"}
          font-family="ui-sans-serif, system-ui, sans-serif"
          fill={focused ? "#0f766e" : "#0f172a"}
        >
          {tooth}
        </text>
      </g>
      {drawing?.rootCanal && (
        <line
          data-mark="root-canal"
          pointer-events="none"
          x1={cx}
          x2={cx}
          y1={rootTip}
          y2={rootBase}
          stroke-width="3"
          stroke-linecap="round"
          stroke={wholeStroke(drawing.rootCanal, palette).stroke}
          stroke-dasharray={wholeStroke(drawing.rootCanal, palette).dash}
        />
      )}
      {drawing?.implant && (
        <g
          data-mark="implant"
          pointer-events="none"
          stroke={wholeStroke(drawing.implant, palette).stroke}
          stroke-dasharray={wholeStroke(drawing.implant, palette).dash}
          stroke-width="2"
          fill="none"
        >
          <rect x={cx - 5} y={Math.min(rootTip, rootBase)} width="10" height={ROOT - 2} rx="2" />
          {[0.25, 0.5, 0.75].map((f) => {
            const ly = Math.min(rootTip, rootBase) + (ROOT - 2) * f;
            return <line key={f} x1={cx - 8} x2={cx + 8} y1={ly} y2={ly} />;
          })}
        </g>
      )}
      {SURFACES.map((surface) => {
        const mark = drawing?.surfaces[surface];
        const isSelected = selected(surface);
        return (
          <polygon
            key={surface}
            data-surface={surface}
            data-mark={mark ? `${mark.code}:${mark.state}` : undefined}
            aria-selected={isSelected ? "true" : undefined}
            points={pointsAttr(surfacePolygon(tooth, surface, x, crownY))}
            fill={isSelected ? "#99f6e4" : mark ? markFill(mark.state, palette) : "#ffffff"}
            stroke={mark?.state === "planned" ? palette.planned : "#94a3b8"}
            stroke-width={mark?.state === "planned" ? 2.5 : 1}
            stroke-linejoin="round"
            onClick={pick(surface)}
            onPointerDown={drag(surface)}
            onPointerEnter={drag(surface)}
            class={onPick ? "cursor-pointer" : ""}
          >
            <title>{`${tooth} ${surfaceName(tooth, surface)}`}</title>
          </polygon>
        );
      })}
      {drawing?.caries && (
        <circle
          data-mark="caries-whole"
          cx={cx}
          cy={crownY + CROWN / 2}
          r={CROWN / 2 - 3}
          fill="none"
          stroke={palette[drawing.caries.state]}
          stroke-width="3"
          pointer-events="none"
        />
      )}
      {drawing?.crown && (
        <rect
          data-mark={`crown:${drawing.crown.state}`}
          x={x + 1.5}
          y={crownY + 1.5}
          width={CROWN - 3}
          height={CROWN - 3}
          rx="6"
          fill={drawing.crown.state === "planned" ? "none" : palette[drawing.crown.state]}
          fill-opacity="0.35"
          stroke={palette[drawing.crown.state]}
          stroke-width="4"
          stroke-dasharray={drawing.crown.state === "planned" ? "5 3" : undefined}
          pointer-events="none"
        />
      )}
      {drawing?.fracture && (
        <polyline
          data-mark="fracture"
          points={`${x + 6},${crownY + 8} ${cx - 4},${crownY + 20} ${cx + 4},${crownY + 24} ${
            x + CROWN - 6
          },${crownY + 36}`}
          fill="none"
          stroke={palette[drawing.fracture.state]}
          stroke-width="3"
          pointer-events="none"
        />
      )}
      {drawing?.bridge && (
        <line
          data-mark={`bridge-${drawing.bridge.role}`}
          x1={x - 2}
          x2={x + CROWN + 2}
          y1={upper ? crownY + CROWN - 4 : crownY + 4}
          y2={upper ? crownY + CROWN - 4 : crownY + 4}
          stroke={palette[drawing.bridge.state]}
          stroke-width="5"
          pointer-events="none"
        />
      )}
      {(missing || drawing?.extraction) && (
        <g
          data-mark={missing ? "missing" : "extraction-planned"}
          stroke={missing ? "#475569" : palette.planned}
          stroke-width={missing ? 3 : 3.5}
          stroke-dasharray={missing ? undefined : "6 3"}
          pointer-events="none"
        >
          <line x1={x + 2} y1={place.y + 2} x2={x + CROWN - 2} y2={place.y + TOOTH_HEIGHT - 2} />
          <line x1={x + CROWN - 2} y1={place.y + 2} x2={x + 2} y2={place.y + TOOTH_HEIGHT - 2} />
        </g>
      )}
      {planned && (
        <rect
          data-mark="plan"
          x={x - 1.5}
          y={place.y}
          width={CROWN + 3}
          height={TOOTH_HEIGHT}
          rx="6"
          fill="none"
          stroke={palette.planned}
          stroke-width="1.5"
          stroke-dasharray="3 3"
          pointer-events="none"
        />
      )}
      {(wholeSelected || focused) && (
        <rect
          data-focus={focused ? "" : undefined}
          x={x - 2}
          y={crownY - 2}
          width={CROWN + 4}
          height={CROWN + 4}
          rx="4"
          fill="none"
          stroke="#0d9488"
          stroke-width={focused ? 2.5 : 1.5}
          pointer-events="none"
        />
      )}
      {badges.slice(0, 3).map((badge, i) => (
        <circle
          key={badge.label}
          data-badge={badge.label}
          cx={x + CROWN - 5 - i * 10}
          cy={upper ? place.y + 20 : crownY + CROWN + ROOT - 6}
          r={4.5}
          fill={badge.color ?? "#0f172a"}
          stroke="#ffffff"
          stroke-width={1.5}
          pointer-events="none"
        />
      ))}
    </g>
  );
}

interface Selection {
  focus: string | null;
  /** `tooth:surface` keys. */
  surfaces: Set<string>;
  /** Teeth selected whole. */
  teeth: Set<string>;
}

const EMPTY: Selection = { focus: null, surfaces: new Set(), teeth: new Set() };

/**
 * The "Charted" list under the chart is the server's (with its Remove forms): after charting,
 * the page is fetched again and its list swapped in, so the list agrees without a reload. A
 * failed fetch leaves the old list; the next visit shows the new one.
 */
async function refreshChartList(): Promise<void> {
  const current = document.querySelector("[data-chart-list]");
  if (!current) return;
  try {
    const response = await fetch(location.href, {
      credentials: "same-origin",
      headers: { accept: "text/html" },
    });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("[data-chart-list]");
    if (fresh) current.replaceWith(document.importNode(fresh, true));
  } catch {
    // Offline or navigating away: the list catches up on the next load.
  }
}

export default function Odontogram(props: OdontogramProps) {
  const { patientId, view, badges, may, today, appointmentId, readOnly } = props;
  const palette = props.palette ?? DEFAULT_PALETTE;
  const layout = useMemo(() => layoutOdontogram(view), [view]);
  const [entries, setEntries] = useState<DrawnEntry[]>(props.entries);
  const [selection, setSelection] = useState<Selection>(EMPTY);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const picker = useRef<HTMLDivElement>(null);
  const drawings = useMemo(() => toothDrawings(entries), [entries]);
  const planned = new Set(props.plannedTeeth);
  const interactive = !readOnly && (may.conditions || may.procedures);

  const selectedTeeth = (s: Selection) => {
    const teeth = new Set(s.teeth);
    for (const k of s.surfaces) teeth.add(k.split(":")[0]);
    return [...teeth].sort();
  };

  const pick = (tooth: string, surface: Surface | null, add: boolean) => {
    setMessage(null);
    setSelection((s) => {
      const surfaces = new Set(add ? s.surfaces : []);
      const teeth = new Set(add ? s.teeth : []);
      if (surface) {
        const k = key(tooth, surface);
        if (surfaces.has(k)) surfaces.delete(k);
        else surfaces.add(k);
      } else if (teeth.has(tooth) && add) teeth.delete(tooth);
      else teeth.add(tooth);
      return { focus: tooth, surfaces, teeth };
    });
    setPickerOpen(true);
  };

  // Mouse drag: where the button went down, and whether it has moved on since.
  const dragFrom = useRef<{ tooth: string; surface: Surface | null; add: boolean } | null>(null);
  const onDrag = (tooth: string, surface: Surface | null, event: PointerEvent) => {
    if (event.pointerType !== "mouse") return;
    if (event.type === "pointerdown") {
      dragFrom.current = { tooth, surface, add: event.shiftKey };
      return;
    }
    const from = dragFrom.current;
    if (!from || event.buttons !== 1) {
      dragFrom.current = null;
      return;
    }
    setMessage(null);
    setPickerOpen(true);
    setSelection((s) => {
      // The first move starts a new selection (unless shift was held); later moves add to it.
      const base = from.add ? s : EMPTY;
      const surfaces = new Set(base.surfaces);
      const teeth = new Set(base.teeth);
      for (const place of [from, { tooth, surface }]) {
        if (place.surface) surfaces.add(key(place.tooth, place.surface));
        else teeth.add(place.tooth);
      }
      // Later moves keep adding to this drag's selection.
      dragFrom.current = { ...from, add: true };
      return { focus: tooth, surfaces, teeth };
    });
  };

  const toggleSurface = (tooth: string, surface: Surface) => {
    setSelection((s) => {
      const surfaces = new Set(s.surfaces);
      const k = key(tooth, surface);
      if (surfaces.has(k)) surfaces.delete(k);
      else surfaces.add(k);
      const teeth = new Set(s.teeth);
      teeth.delete(tooth);
      return { focus: tooth, surfaces, teeth };
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!interactive) return;
    const focus = selection.focus ?? layout.rows[0][0];
    if (event.key.startsWith("Arrow")) {
      event.preventDefault();
      const next = neighbourTooth(layout, focus, event.key as "ArrowLeft");
      setSelection((s) =>
        event.shiftKey
          ? { ...s, focus: next, teeth: new Set([...s.teeth, next]) }
          : { focus: next, surfaces: new Set(), teeth: new Set([next]) }
      );
      return;
    }
    const surface = KEY_SURFACE[event.key.toLowerCase()];
    if (surface && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      toggleSurface(focus, surface);
      return;
    }
    if (event.key === "Enter") {
      event.preventDefault();
      if (!selection.focus) setSelection({ ...EMPTY, focus, teeth: new Set([focus]) });
      setPickerOpen(true);
      // After the picker renders: its first finding takes the focus.
      setTimeout(() => picker.current?.querySelector<HTMLButtonElement>("[data-finding]")?.focus());
      return;
    }
    if (event.key === "Escape") {
      setSelection(EMPTY);
      setPickerOpen(false);
    }
  };

  const record = async (
    kind: "condition" | "procedure" | "planned",
    code: string,
    onSurfaces: boolean,
  ) => {
    const targets: { tooth: string; surface: Surface | null }[] = [];
    if (onSurfaces && selection.surfaces.size > 0) {
      for (const k of selection.surfaces) {
        const [tooth, surface] = k.split(":") as [string, Surface];
        targets.push({ tooth, surface });
      }
      for (const tooth of selection.teeth) targets.push({ tooth, surface: null });
    } else {
      for (const tooth of selectedTeeth(selection)) targets.push({ tooth, surface: null });
    }
    if (targets.length === 0) return;
    setBusy(true);
    setMessage(null);
    const saved: DrawnEntry[] = [];
    try {
      for (const target of targets) {
        const response = await fetch(`/api/v1/clinical/patients/${patientId}/chart/entries`, {
          method: "POST",
          credentials: "same-origin",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({
            tooth: target.tooth,
            surface: target.surface,
            kind,
            code,
            recordedOn: today,
            appointmentId: appointmentId ?? null,
          }),
        });
        if (!response.ok) {
          const body = await response.json().catch(() => ({})) as { error?: string };
          throw new Error(body.error ?? `The chart refused it (${response.status}).`);
        }
        saved.push({ ...target, kind, code });
      }
      setEntries((list) => [...list, ...saved]);
      void refreshChartList();
      const where = summarizeTargets(targets);
      setMessage({ text: `Charted ${labelOf(kind, code).toLowerCase()} on ${where}.` });
      setSelection((s) => ({ focus: s.focus, surfaces: new Set(), teeth: new Set() }));
      setPickerOpen(false);
    } catch (error) {
      if (saved.length) setEntries((list) => [...list, ...saved]);
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  const teethChosen = selectedTeeth(selection);
  const focus = selection.focus;
  const label = view === "mixed" ? "mixed" : view === "primary" ? "primary" : "adult";
  return (
    <div data-odontogram={view} data-interactive={interactive ? "" : undefined}>
      <span hidden aria-hidden="true" class={BROWSER_STATE_CLASSES} />
      <div class="overflow-x-auto pb-1">
        <svg
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          style={{ minWidth: `${layout.width}px` }}
          class="mx-auto block h-auto w-full max-w-5xl select-none outline-none focus-visible:ring-2 focus-visible:ring-brand-500 rounded-lg"
          role={interactive ? "application" : "group"}
          aria-roledescription="odontogram"
          aria-label={`Dental chart, ${label} teeth, FDI numbering${
            interactive
              ? ". Arrow keys move between teeth, M O D B L toggle surfaces, Enter opens the finding picker."
              : ""
          }`}
          tabIndex={interactive ? 0 : undefined}
          onKeyDown={onKeyDown}
        >
          <line
            x1={layout.width / 2}
            x2={layout.width / 2}
            y1={2}
            y2={layout.height - 2}
            stroke="#cbd5e1"
            stroke-dasharray="3 4"
          />
          <line
            x1={4}
            x2={layout.width - 4}
            y1={layout.occlusalPlaneY}
            y2={layout.occlusalPlaneY}
            stroke="#e2e8f0"
          />
          {layout.teeth.map((place) => (
            <ToothShape
              key={place.tooth}
              place={place}
              drawing={drawings.get(place.tooth)}
              badges={badges[place.tooth] ?? []}
              planned={planned.has(place.tooth)}
              palette={palette}
              focused={interactive && focus === place.tooth}
              selected={(surface) =>
                surface
                  ? selection.surfaces.has(key(place.tooth, surface))
                  : selection.teeth.has(place.tooth)}
              onPick={interactive ? pick : undefined}
              onDrag={interactive ? onDrag : undefined}
            />
          ))}
        </svg>
      </div>
      <p
        class="mx-auto flex max-w-5xl justify-between px-1 pt-1 text-[11px] font-medium uppercase tracking-wide text-slate-500"
        aria-hidden="true"
      >
        <span>Patient's right</span>
        <span>Left</span>
      </p>
      {message && (
        <p
          role="status"
          data-chart-message
          class={`mt-3 rounded-lg px-3 py-2 text-sm ${
            message.error ? "bg-red-50 text-red-800" : "bg-brand-50 text-brand-900"
          }`}
        >
          {message.text}
        </p>
      )}
      {interactive && (
        <div
          ref={picker}
          data-finding-picker
          class={`mt-3 rounded-xl border border-slate-200 bg-slate-50 p-3 ${
            pickerOpen && teethChosen.length ? "" : "hidden"
          }`}
        >
          <div class="flex flex-wrap items-center gap-2">
            <p class="mr-2 text-sm font-semibold text-slate-900" data-picker-target>
              {teethChosen.length === 1
                ? `Tooth ${teethChosen[0]}`
                : `Teeth ${teethChosen.join(", ")}`}
              {selection.surfaces.size > 0 && (
                <span class="ml-1 font-mono text-brand-800">
                  · {teethChosen.length === 1
                    ? orderSurfaces([...selection.surfaces].map((k) => k.split(":")[1]).join(""))
                    : surfaceList(selection.surfaces)}
                </span>
              )}
            </p>
            {focus && SURFACES.map((surface) => {
              const on = selection.surfaces.has(key(focus, surface));
              return (
                <button
                  key={surface}
                  type="button"
                  data-surface-toggle={surface}
                  aria-pressed={on}
                  title={surfaceName(focus, surface)}
                  onClick={() => toggleSurface(focus, surface)}
                  class={`h-11 min-w-[44px] rounded-lg border px-3 font-mono text-sm font-bold ${
                    on
                      ? "border-brand-600 bg-brand-600 text-white"
                      : "border-slate-300 bg-white text-slate-700"
                  }`}
                >
                  {surface === "O" && isAnterior(focus) ? "I" : surface}
                </button>
              );
            })}
            <button
              type="button"
              onClick={() => {
                setSelection(EMPTY);
                setPickerOpen(false);
              }}
              class="ml-auto h-11 rounded-lg px-3 text-sm font-medium text-slate-600"
            >
              Close
            </button>
          </div>
          <div class="mt-3 space-y-2">
            {may.conditions && (
              <FindingRow
                title="Found"
                choices={CONDITION_CHOICES}
                kind="condition"
                busy={busy}
                onChoose={record}
              />
            )}
            {may.conditions && (
              <FindingRow
                title="Plan"
                choices={PROCEDURE_CHOICES}
                kind="planned"
                busy={busy}
                onChoose={record}
              />
            )}
            {may.procedures && (
              <FindingRow
                title="Done today"
                choices={PROCEDURE_CHOICES}
                kind="procedure"
                busy={busy}
                onChoose={record}
              />
            )}
          </div>
        </div>
      )}
      <ChartLegend palette={palette} />
    </div>
  );
}

function FindingRow(
  { title, choices, kind, busy, onChoose }: {
    title: string;
    choices: [string, string, boolean][];
    kind: "condition" | "procedure" | "planned";
    busy: boolean;
    onChoose: (
      kind: "condition" | "procedure" | "planned",
      code: string,
      onSurfaces: boolean,
    ) => void;
  },
) {
  return (
    <div class="flex flex-wrap items-center gap-2" data-finding-row={kind}>
      <span class="w-20 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</span>
      {choices.map(([code, label, onSurfaces]) => (
        <button
          key={code}
          type="button"
          data-finding={`${kind}:${code}`}
          disabled={busy}
          onClick={() => onChoose(kind, code, onSurfaces)}
          class="h-11 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-50"
        >
          {label}
        </button>
      ))}
    </div>
  );
}

function ChartLegend({ palette }: { palette: ChartPalette }) {
  const swatch = (fill: string, stroke: string, dash?: string) => (
    <svg viewBox="0 0 14 14" class="h-3.5 w-3.5 shrink-0" aria-hidden="true">
      <rect
        x="1"
        y="1"
        width="12"
        height="12"
        rx="2"
        fill={fill}
        stroke={stroke}
        stroke-width="2"
        stroke-dasharray={dash}
      />
    </svg>
  );
  return (
    <ul class="mt-4 flex flex-wrap gap-x-4 gap-y-2 text-xs text-slate-600" data-chart-legend>
      <li class="flex items-center gap-1.5">
        {swatch(palette.condition, palette.condition)}Condition (caries, fracture)
      </li>
      <li class="flex items-center gap-1.5">
        {swatch(palette.existing, palette.existing)}Existing work
      </li>
      <li class="flex items-center gap-1.5">{swatch("#ffffff", palette.planned, "3 2")}Planned</li>
      <li class="flex items-center gap-1.5">
        {swatch(palette.completed, palette.completed)}Completed
      </li>
      <li class="flex items-center gap-1.5">
        <svg viewBox="0 0 14 14" class="h-3.5 w-3.5 shrink-0" aria-hidden="true">
          <path d="M2 2 L12 12 M12 2 L2 12" stroke="#475569" stroke-width="2" />
        </svg>
        Missing
      </li>
    </ul>
  );
}

function labelOf(kind: string, code: string): string {
  const choices = kind === "condition" ? CONDITION_CHOICES : PROCEDURE_CHOICES;
  const label = choices.find(([c]) => c === code)?.[1] ?? code;
  return kind === "planned" ? `planned ${label}` : label;
}

function surfaceList(surfaces: Set<string>): string {
  const byTooth = new Map<string, string>();
  for (const k of surfaces) {
    const [tooth, surface] = k.split(":");
    byTooth.set(tooth, (byTooth.get(tooth) ?? "") + surface);
  }
  return [...byTooth].map(([tooth, s]) => `${tooth} ${orderSurfaces(s)}`).join(", ");
}

/** Surfaces written the way dentists write them: MOD, not DOM. */
function orderSurfaces(letters: string): string {
  return SURFACES.filter((s) => letters.includes(s)).join("");
}

function summarizeTargets(targets: { tooth: string; surface: Surface | null }[]): string {
  const byTooth = new Map<string, string>();
  for (const t of targets) byTooth.set(t.tooth, (byTooth.get(t.tooth) ?? "") + (t.surface ?? ""));
  return [...byTooth].map(([tooth, s]) => s ? `${tooth} ${orderSurfaces(s)}` : tooth).join(", ");
}
