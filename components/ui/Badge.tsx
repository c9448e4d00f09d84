/**
 * A small rounded label for a status or a count, in one of a few tones.
 *
 * @example
 * ```tsx
 * <Badge tone="amber">test</Badge>
 * <Badge tone="green" dot>Active</Badge>
 * ```
 */
import type { ComponentChildren } from "preact";

export type BadgeTone = "slate" | "brand" | "green" | "amber" | "red" | "sky" | "indigo" | "rose";

const TONES: Record<BadgeTone, { pill: string; dot: string }> = {
  slate: { pill: "bg-slate-50 text-slate-700 ring-slate-200", dot: "bg-slate-400" },
  brand: { pill: "bg-brand-50 text-brand-800 ring-brand-200", dot: "bg-brand-500" },
  green: { pill: "bg-emerald-50 text-emerald-800 ring-emerald-200", dot: "bg-emerald-500" },
  amber: { pill: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  red: { pill: "bg-red-50 text-red-700 ring-red-200", dot: "bg-red-500" },
  sky: { pill: "bg-sky-50 text-sky-800 ring-sky-200", dot: "bg-sky-500" },
  indigo: { pill: "bg-indigo-50 text-indigo-700 ring-indigo-200", dot: "bg-indigo-500" },
  rose: { pill: "bg-rose-50 text-rose-700 ring-rose-200", dot: "bg-rose-500" },
};

export function Badge(
  { tone = "slate", dot, title, class: extra = "", children }: {
    tone?: BadgeTone;
    /** A coloured dot before the text, for states (active, offline). */
    dot?: boolean;
    title?: string;
    class?: string;
    children: ComponentChildren;
  },
) {
  return (
    <span
      title={title}
      class={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
        TONES[tone].pill
      } ${extra}`.trim()}
    >
      {dot && <span class={`h-1.5 w-1.5 rounded-full ${TONES[tone].dot}`} aria-hidden="true" />}
      {children}
    </span>
  );
}
