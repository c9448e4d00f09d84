/**
 * The periodontal chart's arithmetic, browser-safe so the entry island and
 * the server agree: the six probing sites of a tooth, the order the probe
 * travels round the mouth, clinical attachment level, the exam's summary and
 * the change per site between two exams.
 *
 * Sites are named from the tooth: mesio-buccal, buccal, disto-buccal on the
 * cheek side, mesio-lingual, lingual, disto-lingual on the tongue (palatal on
 * upper teeth) side. Perio charts cover permanent teeth only.
 */
import { archRows } from "../clinical/teeth.ts";

export const PERIO_SITES = ["MB", "B", "DB", "ML", "L", "DL"] as const;
export type PerioSite = typeof PERIO_SITES[number];

export const SITE_NAMES: Record<PerioSite, string> = {
  MB: "mesio-buccal",
  B: "buccal",
  DB: "disto-buccal",
  ML: "mesio-lingual",
  L: "lingual",
  DL: "disto-lingual",
};

/** The permanent teeth, as the chart draws them: upper 18→28, lower 48→38. */
export const PERIO_TEETH = (() => {
  const rows = archRows("permanent");
  return { upper: rows.upper, lower: rows.lower, all: [...rows.upper, ...rows.lower] };
})();

export function isPerioTooth(tooth: string): boolean {
  return /^[1-4][1-8]$/.test(tooth);
}

export function isPerioSite(value: string): value is PerioSite {
  return (PERIO_SITES as readonly string[]).includes(value);
}

/** Molars (and upper first premolars) have furcations to grade. */
export function hasFurcation(tooth: string): boolean {
  const n = Number(tooth[1]);
  return n >= 6 || (n === 4 && "12".includes(tooth[0]));
}

export interface SiteReading {
  depth: number | null;
  recession: number | null;
  bleeding: boolean;
  suppuration: boolean;
  plaque: boolean;
}

export interface ToothReading {
  missing: boolean;
  mobility: number | null;
  furcation: number | null;
}

export const emptySite = (): SiteReading => ({
  depth: null,
  recession: null,
  bleeding: false,
  suppuration: false,
  plaque: false,
});

/**
 * Clinical attachment level: probing depth plus recession (recession is
 * negative when the gum sits above the enamel–cement junction). Unknown when
 * either is.
 */
export function attachmentLevel(depth: number | null, recession: number | null): number | null {
  if (depth === null || recession === null) return null;
  return depth + recession;
}

/**
 * The order the probe travels.
 * - `arches`: the usual S-shaped sweep — upper buccal 18→28, upper palatal
 *   28→18, lower lingual 48→38, lower buccal 38→48 — so the probe never
 *   jumps across the mouth.
 * - `tooth`: all six sites of a tooth, buccal then lingual, tooth by tooth
 *   18→28 then 38→48.
 */
export const ENTRY_ORDERS = {
  arches: "Buccal then lingual, arch by arch",
  tooth: "Tooth by tooth",
} as const;
export type EntryOrder = keyof typeof ENTRY_ORDERS;

export interface SiteRef {
  tooth: string;
  site: PerioSite;
}

/** Which way along the row the probe moves on this tooth, as the chart draws it. */
const onViewerLeft = (tooth: string) => "14".includes(tooth[0]);

/** The three sites of one side of a tooth in the order met while moving right (or left) on the chart. */
function sideSites(tooth: string, side: "B" | "L", movingRight: boolean): PerioSite[] {
  // On the viewer's left half the distal site is on the left; on the right half, the mesial one.
  const leftToRight: PerioSite[] = onViewerLeft(tooth)
    ? [`D${side}` as PerioSite, side, `M${side}` as PerioSite]
    : [`M${side}` as PerioSite, side, `D${side}` as PerioSite];
  return movingRight ? leftToRight : [...leftToRight].reverse();
}

/** Every site of the teeth present, in the order the cursor visits them. */
export function entrySequence(
  order: EntryOrder,
  missing: ReadonlySet<string> = new Set(),
): SiteRef[] {
  const present = (teeth: string[]) => teeth.filter((t) => !missing.has(t));
  const upper = present(PERIO_TEETH.upper);
  const lower = present(PERIO_TEETH.lower);
  const sweep = (teeth: string[], side: "B" | "L", movingRight: boolean): SiteRef[] => {
    const ordered = movingRight ? teeth : [...teeth].reverse();
    return ordered.flatMap((tooth) =>
      sideSites(tooth, side, movingRight).map((site) => ({ tooth, site }))
    );
  };
  if (order === "tooth") {
    // Upper 18→28 moves right along the chart, lower 38→48 moves left.
    const visit = (tooth: string, movingRight: boolean) =>
      [...sideSites(tooth, "B", movingRight), ...sideSites(tooth, "L", movingRight)]
        .map((site) => ({ tooth, site }));
    return [
      ...upper.flatMap((tooth) => visit(tooth, true)),
      ...[...lower].reverse().flatMap((tooth) => visit(tooth, false)),
    ];
  }
  return [
    ...sweep(upper, "B", true),
    ...sweep(upper, "L", false),
    ...sweep(lower, "L", true),
    ...sweep(lower, "B", false),
  ];
}

export interface PerioSummary {
  /** Sites with a depth recorded. */
  sites: number;
  /** Mean probing depth in mm, one decimal; null without readings. */
  meanDepth: number | null;
  /** Share of probed sites that bled, in whole percent. */
  bleedingPercent: number | null;
  /** Share of probed sites with plaque, in whole percent. */
  plaquePercent: number | null;
  deep4: number;
  deep6: number;
  meanAttachment: number | null;
}

export function summarize(sites: readonly SiteReading[]): PerioSummary {
  const probed = sites.filter((s) => s.depth !== null);
  const n = probed.length;
  const cals = probed.map((s) => attachmentLevel(s.depth, s.recession)).filter((v) =>
    v !== null
  ) as number[];
  const round1 = (v: number) => Math.round(v * 10) / 10;
  return {
    sites: n,
    meanDepth: n ? round1(probed.reduce((sum, s) => sum + s.depth!, 0) / n) : null,
    bleedingPercent: n ? Math.round(100 * probed.filter((s) => s.bleeding).length / n) : null,
    plaquePercent: n ? Math.round(100 * probed.filter((s) => s.plaque).length / n) : null,
    deep4: probed.filter((s) => s.depth! >= 4).length,
    deep6: probed.filter((s) => s.depth! >= 6).length,
    meanAttachment: cals.length ? round1(cals.reduce((a, b) => a + b, 0) / cals.length) : null,
  };
}

export interface SiteChange extends SiteRef {
  before: { depth: number | null; attachment: number | null };
  after: { depth: number | null; attachment: number | null };
  /** after − before, mm; positive is worse. */
  depthChange: number | null;
  attachmentChange: number | null;
}

/** How much deeper a site must probe (or attachment be lost) to count as worse: a probe's error is about 1 mm. */
export const WORSE_BY_MM = 2;

export function isWorse(change: SiteChange, threshold = WORSE_BY_MM): boolean {
  return (change.depthChange ?? 0) >= threshold || (change.attachmentChange ?? 0) >= threshold;
}

export type SiteMap = ReadonlyMap<string, SiteReading>;
export const siteKey = (tooth: string, site: PerioSite) => `${tooth}:${site}`;

/** Change per site from one exam to a later one, over the sites both probed. */
export function compareExams(before: SiteMap, after: SiteMap): SiteChange[] {
  const changes: SiteChange[] = [];
  for (const tooth of PERIO_TEETH.all) {
    for (const site of PERIO_SITES) {
      const a = before.get(siteKey(tooth, site));
      const b = after.get(siteKey(tooth, site));
      if (!a || !b || a.depth === null || b.depth === null) continue;
      const calA = attachmentLevel(a.depth, a.recession);
      const calB = attachmentLevel(b.depth, b.recession);
      changes.push({
        tooth,
        site,
        before: { depth: a.depth, attachment: calA },
        after: { depth: b.depth, attachment: calB },
        depthChange: b.depth - a.depth,
        attachmentChange: calA !== null && calB !== null ? calB - calA : null,
      });
    }
  }
  return changes;
}
