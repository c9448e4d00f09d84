/** The swatch class of each appointment colour tag (the preset palette). */
import type { ColorTag } from "../lib/db/schema.ts";

export const COLOR_TAG_SWATCHES: Record<ColorTag, string> = {
  teal: "bg-teal-500",
  blue: "bg-blue-500",
  violet: "bg-violet-500",
  amber: "bg-amber-500",
  rose: "bg-rose-500",
  slate: "bg-slate-500",
  green: "bg-green-500",
  orange: "bg-orange-500",
};
