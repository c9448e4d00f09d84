/** The clinic's chart colours (Settings → Chart colours) as the odontogram draws them. */
import type { Db } from "../db/client.ts";
import { readSection } from "../settings/sections.ts";
import type { ChartPalette } from "./odontogram-findings.ts";

/** The badge a tooth carries while work on it sits on a treatment plan (chart and plan pages). */
export const PLANNED_BADGE_COLOR = "#d97706";

export async function clinicChartPalette(db: Db, clinicId: string): Promise<ChartPalette> {
  const { conditionColor, existingColor, plannedColor, completedColor } =
    (await readSection(db, clinicId, "chart")).values;
  return {
    condition: conditionColor,
    existing: existingColor,
    planned: plannedColor,
    completed: completedColor,
  };
}
