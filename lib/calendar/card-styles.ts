/**
 * Inline styles of the calendar's cards and backgrounds. They are inline, not
 * twind classes, because the week island restyles cards after a drag, and
 * twind only emits CSS for the classes present in the server render.
 *
 * @example
 * ```ts
 * cardColors("violet", "scheduled"); // { background: "#f5f3ff", borderColor: "#8b5cf6", color: "#4c1d95" }
 * ```
 */
import type { AppointmentStatus, ColorTag } from "../appointments/statuses.ts";

/** Tailwind's 50 / 500 / 900 of each preset tag colour. */
export const TAG_COLORS: Readonly<Record<ColorTag, { bg: string; accent: string; text: string }>> =
  {
    teal: { bg: "#f0fdfa", accent: "#14b8a6", text: "#134e4a" },
    blue: { bg: "#eff6ff", accent: "#3b82f6", text: "#1e3a8a" },
    violet: { bg: "#f5f3ff", accent: "#8b5cf6", text: "#4c1d95" },
    amber: { bg: "#fffbeb", accent: "#f59e0b", text: "#78350f" },
    rose: { bg: "#fff1f2", accent: "#f43f5e", text: "#881337" },
    slate: { bg: "#f8fafc", accent: "#64748b", text: "#0f172a" },
    green: { bg: "#f0fdf4", accent: "#22c55e", text: "#14532d" },
    orange: { bg: "#fff7ed", accent: "#f97316", text: "#7c2d12" },
  };

/** Cancelled and no-show appointments no longer hold the chair: shown muted. */
export function isMuted(status: AppointmentStatus): boolean {
  return status === "cancelled" || status === "no_show";
}

export function cardColors(tag: ColorTag, status: AppointmentStatus) {
  const colors = TAG_COLORS[tag] ?? TAG_COLORS.teal;
  if (isMuted(status)) {
    return { background: "#f8fafc", borderColor: "#cbd5e1", color: "#64748b" };
  }
  return { background: colors.bg, borderColor: colors.accent, color: colors.text };
}

/**
 * The closed-day fill of the release notes: a subtle diagonal cross-hatch.
 * It is a background, so cards drawn on top stay fully readable.
 */
export const CLOSED_DAY_HATCH =
  "repeating-linear-gradient(45deg, rgba(100,116,139,0.13) 0 1px, transparent 1px 9px), " +
  "repeating-linear-gradient(-45deg, rgba(100,116,139,0.13) 0 1px, transparent 1px 9px)";

/** Closed hours of an open day: a light wash, lighter than a closed day. */
export const CLOSED_HOURS_FILL = "rgba(148,163,184,0.12)";

/** The colour class of a card or agenda row: `cal-teal`, or `cal-muted` when it no longer holds the chair. */
export function cardClass(tag: ColorTag, status: AppointmentStatus): string {
  return isMuted(status) ? "cal-muted" : `cal-${tag in TAG_COLORS ? tag : "teal"}`;
}

/**
 * One small stylesheet for the week's cards, rendered once by the week island.
 * A week holds dozens of cards, each written twice (time grid and phone
 * agenda); a short class instead of a long twind class list and inline colours
 * on every one of them keeps the page small, and a card restyled after a drag
 * needs no CSS that the server render did not emit. The agenda's rows
 * (`cal-row`) are styled here too, for the same reason.
 */
export const CARD_CSS = [
  ...Object.entries(TAG_COLORS).map(([tag, c]) =>
    `.cal-${tag}{background:${c.bg};color:${c.text};border-left:3px solid ${c.accent}}`
  ),
  ".cal-muted{background:#f8fafc;color:#64748b;border-left:3px dashed #cbd5e1}",
  // A card's first line is the patient's name; no class of its own, as it is on every card.
  ".cal-card.cal-muted>span:first-child{text-decoration:line-through}",
  // A card has its day column to itself unless its style says otherwise. No
  // link drag: the card's own pointer handling moves it.
  ".cal-card{position:absolute;z-index:10;left:2px;width:calc(100% - 4px);overflow:hidden;" +
  "border-radius:6px;padding:2px 4px;font-size:11px;line-height:14px;" +
  "font-variant-numeric:tabular-nums;box-shadow:0 1px 2px rgba(0,0,0,.05);cursor:pointer;" +
  "-webkit-user-drag:none}",
  ".cal-card:hover,.cal-card:focus{z-index:30;box-shadow:0 4px 6px -1px rgba(0,0,0,.1)}",
  ".cal-card:focus{outline:none;box-shadow:0 0 0 2px #14a897}",
  ".cal-card>span,.cal-card>small{display:block;overflow:hidden;text-overflow:ellipsis;" +
  "white-space:nowrap}",
  ".cal-card>span:first-child{font-weight:600}",
  // The start time before a one-line card's name; the status line, quieter.
  ".cal-card i{font-style:normal;font-weight:400}.cal-card>small{font-size:inherit;opacity:.8}",
  // The phone agenda's rows: time, then name over type and status.
  ".cal-row{display:grid;grid-template-columns:6rem minmax(0,1fr);column-gap:.75rem;" +
  "border-radius:.375rem;padding:.375rem .625rem;font-size:.875rem;line-height:1.25rem}",
  ".cal-row>span{grid-row:span 2;font-size:.75rem;line-height:1rem;font-variant-numeric:tabular-nums}",
  ".cal-row>b,.cal-row>small{grid-column:2;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}",
  ".cal-row>b{font-weight:500}.cal-row>small{font-size:.75rem;opacity:.8}",
  ".cal-muted>b{text-decoration:line-through}",
  // Movable cards: no text selection or link callout on a long press, which starts a drag.
  ".cal-move{cursor:grab;user-select:none;-webkit-user-select:none;-webkit-touch-callout:none}",
].join("");
