/**
 * Where each tooth and each of its five surfaces sits on the odontogram.
 * Browser-safe (the chart island draws with it) and free of drawing code, so
 * the conventions are tested on their own:
 *
 * - Teeth run as the clinician faces the patient: the patient's right on the
 *   viewer's left (upper 18…11 21…28, lower 48…41 31…38).
 * - A tooth is the classic five-part square: occlusal/incisal in the middle,
 *   buccal/labial toward the outside of the mouth (top of the upper row,
 *   bottom of the lower), lingual/palatal toward the tongue, and mesial toward
 *   the midline, so it flips side between the left and right quadrants.
 */
import { archRows, type Surface } from "./teeth.ts";

/** Which teeth are drawn: adult, child, or both (the mixed dentition of 6–12 years). */
export type ChartView = "permanent" | "primary" | "mixed";
export const CHART_VIEWS: readonly ChartView[] = ["permanent", "primary", "mixed"];

/** A `?dentition=` value read leniently: anything unknown is the adult chart. */
export function chartView(value: string | null | undefined): ChartView {
  return CHART_VIEWS.find((view) => view === value) ?? "permanent";
}

export type SurfaceSide = "top" | "bottom" | "left" | "right" | "center";

/** Side length of a tooth's five-part square, in SVG units. */
export const CROWN = 44;
/** Inset of the occlusal square inside the crown. */
export const INSET = 13;
/** Height of the root drawn beyond the crown (root canal, implant). */
export const ROOT = 28;
/** Height of the tooth number. */
export const LABEL = 16;
/** Horizontal distance between neighbouring teeth. */
export const PITCH = 46;
/** The extra space at the midline between the quadrants. */
export const MIDLINE = 8;
export const PAD = 2;
/** Space between the upper and lower halves. */
export const ARCH_GAP = 18;
/** A whole tooth: number, root and crown. */
export const TOOTH_HEIGHT = LABEL + ROOT + CROWN;

export function isUpper(tooth: string): boolean {
  return "1256".includes(tooth[0]);
}

/** Teeth drawn on the viewer's left: the patient's right (quadrants 1, 4, 5, 8). */
export function isViewerLeft(tooth: string): boolean {
  return "1458".includes(tooth[0]);
}

/** Incisors and canines have an incisal edge and a labial face rather than occlusal/buccal. */
export function isAnterior(tooth: string): boolean {
  return Number(tooth[1]) <= 3;
}

export function surfaceSide(tooth: string, surface: Surface): SurfaceSide {
  switch (surface) {
    case "O":
      return "center";
    case "B":
      return isUpper(tooth) ? "top" : "bottom";
    case "L":
      return isUpper(tooth) ? "bottom" : "top";
    case "M":
      return isViewerLeft(tooth) ? "right" : "left";
    case "D":
      return isViewerLeft(tooth) ? "left" : "right";
  }
}

/** The surface's name on this tooth: "Incisal" on an incisor, "Palatal" on an upper tooth. */
export function surfaceName(tooth: string, surface: Surface): string {
  switch (surface) {
    case "M":
      return "Mesial";
    case "D":
      return "Distal";
    case "O":
      return isAnterior(tooth) ? "Incisal" : "Occlusal";
    case "B":
      return isAnterior(tooth) ? "Labial" : "Buccal";
    case "L":
      return isUpper(tooth) ? "Palatal" : "Lingual";
  }
}

type Point = readonly [number, number];

/** The polygon of one side of a crown whose top-left corner is (x, y). */
export function sidePolygon(side: SurfaceSide, x: number, y: number): Point[] {
  const a = 0, b = INSET, c = CROWN - INSET, d = CROWN;
  const corners: Record<SurfaceSide, Point[]> = {
    top: [[a, a], [d, a], [c, b], [b, b]],
    bottom: [[a, d], [d, d], [c, c], [b, c]],
    left: [[a, a], [b, b], [b, c], [a, d]],
    right: [[d, a], [d, d], [c, c], [c, b]],
    center: [[b, b], [c, b], [c, c], [b, c]],
  };
  return corners[side].map(([px, py]) => [x + px, y + py] as const);
}

export function surfacePolygon(tooth: string, surface: Surface, x: number, y: number): Point[] {
  return sidePolygon(surfaceSide(tooth, surface), x, y);
}

export const pointsAttr = (points: readonly Point[]) => points.map((p) => p.join(",")).join(" ");

export interface PlacedTooth {
  tooth: string;
  /** Left edge of the tooth. */
  x: number;
  /** Top of the tooth (number, root and crown together). */
  y: number;
  /** Top of the crown square. */
  crownY: number;
  /** The root's span: from the crown toward the number. */
  rootY: number;
  /** Where the number's baseline sits. */
  labelY: number;
  upper: boolean;
  /** Row in the drawing, 0 at the top; used by the keyboard to move up and down. */
  row: number;
  /** Position within the row. */
  column: number;
}

export interface OdontogramLayout {
  width: number;
  height: number;
  teeth: PlacedTooth[];
  /** Rows top to bottom, each a list of teeth left to right. */
  rows: string[][];
  /** The y of the line between the upper and lower halves. */
  occlusalPlaneY: number;
}

/** Rows of the view, top to bottom: upper teeth above the occlusal plane, lower below. */
export function viewRows(view: ChartView): { rows: string[][]; upperRows: number } {
  const permanent = archRows("permanent");
  const primary = archRows("primary");
  if (view === "permanent") return { rows: [permanent.upper, permanent.lower], upperRows: 1 };
  if (view === "primary") return { rows: [primary.upper, primary.lower], upperRows: 1 };
  return {
    rows: [permanent.upper, primary.upper, primary.lower, permanent.lower],
    upperRows: 2,
  };
}

const rowSpan = (count: number) => count * PITCH - (PITCH - CROWN) + MIDLINE;

/**
 * Places every tooth of the view. Rows shorter than the widest (primary teeth
 * in the mixed view) are centred, so a primary molar sits under the
 * permanent tooth that replaces it.
 */
export function layoutOdontogram(view: ChartView): OdontogramLayout {
  const { rows, upperRows } = viewRows(view);
  const widest = Math.max(...rows.map((r) => rowSpan(r.length)));
  const width = widest + PAD * 2;
  const teeth: PlacedTooth[] = [];
  let y = PAD;
  rows.forEach((row, rowIndex) => {
    const upper = rowIndex < upperRows;
    if (rowIndex === upperRows) y += ARCH_GAP;
    const left = PAD + (widest - rowSpan(row.length)) / 2;
    row.forEach((tooth, column) => {
      const x = left + column * PITCH + (column >= row.length / 2 ? MIDLINE : 0);
      // Upper teeth: number, root, then crown toward the occlusal plane; lower teeth mirrored.
      const crownY = upper ? y + LABEL + ROOT : y;
      const rootY = upper ? y + LABEL : y + CROWN;
      const labelY = upper ? y + LABEL - 4 : y + CROWN + ROOT + LABEL - 3;
      teeth.push({ tooth, x, y, crownY, rootY, labelY, upper, row: rowIndex, column });
    });
    y += TOOTH_HEIGHT + 6;
  });
  const occlusalPlaneY = PAD + upperRows * (TOOTH_HEIGHT + 6) + ARCH_GAP / 2 - 3;
  return { width, height: y - 6 + PAD, teeth, rows, occlusalPlaneY };
}

/**
 * The tooth the arrow keys lead to: left and right along the row (stopping at
 * its ends), up and down to the nearest tooth of the next row.
 */
export function neighbourTooth(
  layout: OdontogramLayout,
  tooth: string,
  key: "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown",
): string {
  const here = layout.teeth.find((t) => t.tooth === tooth);
  if (!here) return layout.rows[0][0];
  const row = layout.rows[here.row];
  if (key === "ArrowLeft") return row[Math.max(0, here.column - 1)];
  if (key === "ArrowRight") return row[Math.min(row.length - 1, here.column + 1)];
  const target = here.row + (key === "ArrowUp" ? -1 : 1);
  if (target < 0 || target >= layout.rows.length) return tooth;
  const candidates = layout.teeth.filter((t) => t.row === target);
  candidates.sort((a, b) => Math.abs(a.x - here.x) - Math.abs(b.x - here.x));
  return candidates[0].tooth;
}
