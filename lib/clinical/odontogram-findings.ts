/**
 * What the odontogram draws on each tooth, read from the chart's entries in
 * the order they happened. Browser-safe: the chart island recomputes it after
 * each finding it records.
 *
 * The drawing follows the common charting convention, in four states:
 * a condition found (caries, fracture) is red; existing work found in the
 * mouth (a filling or crown charted as a condition) is grey-blue; planned
 * treatment is a red outline; treatment completed here (a recorded
 * procedure) is blue. A later entry on the same place replaces an earlier one,
 * and a completed procedure clears the plan for it.
 */
import type { Surface } from "./teeth.ts";

export type MarkState = "condition" | "existing" | "planned" | "completed";

export interface SurfaceMark {
  /** caries, filling or sealant. */
  code: string;
  state: MarkState;
}

export interface WholeMark {
  state: MarkState;
}

export interface ToothDrawing {
  surfaces: Partial<Record<Surface, SurfaceMark>>;
  crown?: WholeMark;
  rootCanal?: WholeMark;
  implant?: WholeMark;
  fracture?: WholeMark;
  /** The tooth is gone (struck through). */
  missing?: WholeMark;
  /** Extraction planned: a red outlined cross. */
  extraction?: WholeMark;
  /** Caries charted on the tooth without a surface. */
  caries?: WholeMark;
  /** Part of a bridge: a pontic replaces a missing tooth, an abutment holds it. */
  bridge?: WholeMark & { role: "pontic" | "abutment" };
}

/** The least of an entry the drawing needs (a ChartEntry fits). */
export interface DrawnEntry {
  tooth: string;
  surface: Surface | null;
  kind: "condition" | "procedure" | "planned";
  code: string;
}

export interface ChartPalette {
  condition: string;
  existing: string;
  planned: string;
  completed: string;
}

/** The usual convention; a clinic may pass its own. */
export const DEFAULT_PALETTE: ChartPalette = {
  condition: "#dc2626",
  existing: "#64748b",
  planned: "#dc2626",
  completed: "#2563eb",
};

export const MARK_STATE_LABELS: Record<MarkState, string> = {
  condition: "Condition",
  existing: "Existing work",
  planned: "Planned",
  completed: "Completed",
};

type WholeKey = "crown" | "rootCanal" | "implant" | "fracture" | "missing" | "extraction";

/** Procedure (or planned) code → what it draws. */
const PROCEDURE_DRAWS: Record<string, { surface?: string; whole?: WholeKey; bridge?: true }> = {
  filling_placed: { surface: "filling" },
  sealant: { surface: "sealant" },
  crown_placed: { whole: "crown" },
  root_canal_treatment: { whole: "rootCanal" },
  implant_placed: { whole: "implant" },
  extraction: { whole: "missing" },
  bridge_placed: { bridge: true },
};

/** Condition code → what it draws. */
const CONDITION_DRAWS: Record<string, { surface?: string; whole?: WholeKey; bridge?: true }> = {
  caries: { surface: "caries" },
  filling: { surface: "filling" },
  crown: { whole: "crown" },
  root_canal: { whole: "rootCanal" },
  implant: { whole: "implant" },
  fracture: { whole: "fracture" },
  missing: { whole: "missing" },
  bridge: { bridge: true },
};

function stateOf(entry: DrawnEntry): MarkState {
  if (entry.kind === "planned") return "planned";
  if (entry.kind === "procedure") return "completed";
  return entry.code === "caries" || entry.code === "fracture" ? "condition" : "existing";
}

/** Each tooth's drawing, from entries oldest first (as `listChartEntries` returns them). */
export function toothDrawings(entries: readonly DrawnEntry[]): Map<string, ToothDrawing> {
  const drawings = new Map<string, ToothDrawing>();
  const drawingOf = (tooth: string) => {
    let drawing = drawings.get(tooth);
    if (!drawing) drawings.set(tooth, drawing = { surfaces: {} });
    return drawing;
  };
  for (const entry of entries) {
    const draws = entry.kind === "condition"
      ? CONDITION_DRAWS[entry.code]
      : PROCEDURE_DRAWS[entry.code];
    if (!draws) continue;
    const state = stateOf(entry);
    const drawing = drawingOf(entry.tooth);
    if (draws.surface) {
      if (entry.surface) {
        drawing.surfaces[entry.surface] = { code: draws.surface, state };
      } else if (draws.surface === "caries") {
        drawing.caries = { state };
      } else {
        // A filling or sealant charted without a surface is drawn on the biting surface.
        drawing.surfaces.O = { code: draws.surface, state };
      }
      if (state === "completed" && draws.surface === "filling" && !entry.surface) {
        drawing.caries = undefined;
      }
    } else if (draws.whole === "missing" && state === "planned") {
      drawing.extraction = { state };
    } else if (draws.whole) {
      drawing[draws.whole] = { state };
      if (draws.whole === "missing") {
        drawing.extraction = undefined;
        drawing.implant = undefined;
      }
      // An implant replaces the missing tooth it is placed in.
      if (draws.whole === "implant" && state !== "planned") drawing.missing = undefined;
    } else if (draws.bridge) {
      drawing.bridge = { state, role: "abutment" };
    }
  }
  for (const drawing of drawings.values()) {
    if (drawing.bridge && drawing.missing) drawing.bridge.role = "pontic";
  }
  return drawings;
}

/** Whether anything is drawn on the tooth. */
export function isCharted(drawing: ToothDrawing | undefined): boolean {
  if (!drawing) return false;
  return Object.keys(drawing.surfaces).length > 0 ||
    Object.entries(drawing).some(([key, value]) => key !== "surfaces" && value !== undefined);
}

/** Words for a screen reader and the tooth's title: what is drawn on it. */
export function describeDrawing(drawing: ToothDrawing | undefined): string[] {
  if (!drawing) return [];
  const words: string[] = [];
  const bySurface = new Map<string, Surface[]>();
  for (const [surface, mark] of Object.entries(drawing.surfaces) as [Surface, SurfaceMark][]) {
    const key = `${mark.code}|${mark.state}`;
    bySurface.set(key, [...(bySurface.get(key) ?? []), surface]);
  }
  for (const [key, surfaces] of bySurface) {
    const [code, state] = key.split("|") as [string, MarkState];
    words.push(`${code} ${surfaces.join("")} (${MARK_STATE_LABELS[state].toLowerCase()})`);
  }
  const whole: [keyof ToothDrawing, string][] = [
    ["caries", "caries"],
    ["crown", "crown"],
    ["rootCanal", "root canal"],
    ["implant", "implant"],
    ["fracture", "fracture"],
    ["missing", "missing"],
    ["extraction", "extraction"],
  ];
  for (const [key, label] of whole) {
    const mark = drawing[key] as WholeMark | undefined;
    if (mark) words.push(`${label} (${MARK_STATE_LABELS[mark.state].toLowerCase()})`);
  }
  if (drawing.bridge) words.push(`bridge ${drawing.bridge.role}`);
  return words;
}
