/**
 * FDI (ISO 3950) tooth numbering and the fixed vocabulary of the dental
 * chart. The first digit names the quadrant (1–4 permanent, 5–8 primary,
 * clockwise from the patient's upper right), the second the tooth counted
 * from the midline. Anything else, 19 or 56 say, is not a tooth.
 */

export type Dentition = "permanent" | "primary";

export interface Quadrant {
  /** FDI quadrant digit. */
  digit: number;
  label: string;
  teeth: string[];
}

function quadrant(digit: number, label: string, count: number): Quadrant {
  return {
    digit,
    label,
    teeth: Array.from({ length: count }, (_, i) => `${digit}${i + 1}`),
  };
}

export const QUADRANTS: Record<Dentition, readonly Quadrant[]> = {
  permanent: [
    quadrant(1, "Upper right", 8),
    quadrant(2, "Upper left", 8),
    quadrant(3, "Lower left", 8),
    quadrant(4, "Lower right", 8),
  ],
  primary: [
    quadrant(5, "Upper right (primary)", 5),
    quadrant(6, "Upper left (primary)", 5),
    quadrant(7, "Lower left (primary)", 5),
    quadrant(8, "Lower right (primary)", 5),
  ],
};

const ALL_TEETH = new Set(
  [...QUADRANTS.permanent, ...QUADRANTS.primary].flatMap((q) => q.teeth),
);

export function isFdiTooth(value: string): boolean {
  return ALL_TEETH.has(value);
}

/**
 * The arches as the clinician faces the patient: the patient's right on the
 * viewer's left, so the upper row runs 18…11 21…28 and the lower 48…41 31…38.
 */
export function archRows(dentition: Dentition): { upper: string[]; lower: string[] } {
  const [ur, ul, ll, lr] = QUADRANTS[dentition];
  return {
    upper: [...[...ur.teeth].reverse(), ...ul.teeth],
    lower: [...[...lr.teeth].reverse(), ...ll.teeth],
  };
}

export const SURFACES = {
  M: "Mesial",
  O: "Occlusal / incisal",
  D: "Distal",
  B: "Buccal / facial",
  L: "Lingual / palatal",
} as const;
export type Surface = keyof typeof SURFACES;
export const SURFACE_KEYS = Object.keys(SURFACES) as Surface[];

export const CONDITIONS = {
  caries: "Caries",
  filling: "Filling",
  crown: "Crown",
  missing: "Missing",
  root_canal: "Root canal",
  implant: "Implant",
  fracture: "Fracture",
  bridge: "Bridge",
} as const;
export type ConditionCode = keyof typeof CONDITIONS;

export const PROCEDURES = {
  extraction: "Extraction",
  filling_placed: "Filling placed",
  crown_placed: "Crown placed",
  root_canal_treatment: "Root canal treatment",
  scaling: "Scaling",
  implant_placed: "Implant placed",
  bridge_placed: "Bridge placed",
  sealant: "Fissure sealant",
} as const;
export type ProcedureCode = keyof typeof PROCEDURES;

export const CONDITION_CODES = Object.keys(CONDITIONS) as ConditionCode[];
export const PROCEDURE_CODES = Object.keys(PROCEDURES) as ProcedureCode[];

/**
 * A condition is found, a procedure done; a planned entry is treatment the
 * dentist intends (a procedure code), drawn as an outline until the procedure
 * itself is recorded on that tooth.
 */
export type ChartKind = "condition" | "procedure" | "planned";
export const CHART_KINDS: readonly ChartKind[] = ["condition", "procedure", "planned"];

/** What a completed procedure leaves the tooth as, so the chart colours it without a second entry. */
export const PROCEDURE_OUTCOMES: Partial<Record<ProcedureCode, ConditionCode>> = {
  extraction: "missing",
  filling_placed: "filling",
  crown_placed: "crown",
  root_canal_treatment: "root_canal",
  implant_placed: "implant",
  bridge_placed: "bridge",
};

export function codeLabel(kind: ChartKind, code: string): string {
  const labels: Record<string, string> = kind === "condition" ? CONDITIONS : PROCEDURES;
  if (kind === "planned") return `${labels[code] ?? code} (planned)`;
  return labels[code] ?? code;
}

/** The permission that adds or removes an entry of this kind. */
export function permissionForKind(kind: ChartKind): string {
  return kind === "procedure" ? "clinical.procedures.record" : "clinical.chart.edit";
}
