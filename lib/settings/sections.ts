/**
 * Clinic settings sections: each is a small document in `clinic_settings`,
 * validated by its zod schema and read with its defaults filled in, so a
 * clinic that never saved a section still gets sensible behaviour.
 *
 * @example
 * ```ts
 * const { values } = await readSection(db, clinicId, "lab");
 * await saveSection(db, { clinicId, section: "notifications", values: form, actorId });
 * ```
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { clinicSettings } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError } from "../errors.ts";
import { DEFAULT_PALETTE } from "../clinical/odontogram-findings.ts";

const labSettings = z.strictObject({
  defaultTurnaroundDays: z.number().int().min(1).max(60),
  requireShadeOnCrowns: z.boolean(),
  labInstructionsFooter: z.string().trim().max(500),
});

const notificationSettings = z.strictObject({
  appointmentBookedEmail: z.boolean(),
  appointmentCancelledInApp: z.boolean(),
  labCaseUpdatesInApp: z.boolean(),
  endOfDayEmail: z.boolean(),
  lowStockEmail: z.boolean(),
  // Optional on input so a client written before reminders existed can still save the section.
  reminderLeadHours: z.number().int().min(1).max(168).default(24),
});

const colour = (label: string) =>
  z.string().regex(/^#[0-9a-fA-F]{6}$/, `${label}: a colour like #dc2626`)
    .transform((value) => value.toLowerCase());

/** The odontogram's colours: what is found, what exists, what is planned, what was done. */
const chartSettings = z.strictObject({
  conditionColor: colour("Conditions"),
  existingColor: colour("Existing work"),
  plannedColor: colour("Planned treatment"),
  completedColor: colour("Completed treatment"),
});

export interface SectionDefinition<T extends z.ZodObject> {
  schema: T;
  defaults: z.infer<T>;
  /** Permission to read the section, and the one to change it. */
  view: string;
  edit: string;
  /** Optional module the clinic must have for the section to exist at all. */
  module: string | null;
}

export const SETTINGS_SECTIONS = {
  lab: {
    schema: labSettings,
    defaults: { defaultTurnaroundDays: 7, requireShadeOnCrowns: true, labInstructionsFooter: "" },
    view: "settings.lab.view",
    edit: "settings.lab.edit",
    module: "lab",
  } satisfies SectionDefinition<typeof labSettings>,
  notifications: {
    schema: notificationSettings,
    defaults: {
      appointmentBookedEmail: true,
      appointmentCancelledInApp: true,
      labCaseUpdatesInApp: true,
      endOfDayEmail: true,
      lowStockEmail: true,
      reminderLeadHours: 24,
    },
    view: "settings.notifications.view",
    edit: "settings.notifications.edit",
    module: null,
  } satisfies SectionDefinition<typeof notificationSettings>,
  chart: {
    schema: chartSettings,
    defaults: {
      conditionColor: DEFAULT_PALETTE.condition,
      existingColor: DEFAULT_PALETTE.existing,
      plannedColor: DEFAULT_PALETTE.planned,
      completedColor: DEFAULT_PALETTE.completed,
    },
    view: "settings.clinic.view",
    edit: "settings.clinic.edit",
    module: null,
  } satisfies SectionDefinition<typeof chartSettings>,
};

export type SectionKey = keyof typeof SETTINGS_SECTIONS;
export type SectionValues<K extends SectionKey> = z.infer<typeof SETTINGS_SECTIONS[K]["schema"]>;

export interface SectionState<K extends SectionKey> {
  values: SectionValues<K>;
  /** Null while the clinic still runs on the defaults. */
  updatedAt: Date | null;
}

export async function readSection<K extends SectionKey>(
  db: Db,
  clinicId: string,
  section: K,
): Promise<SectionState<K>> {
  const [row] = await db
    .select({ values: clinicSettings.values, updatedAt: clinicSettings.updatedAt })
    .from(clinicSettings)
    .where(and(eq(clinicSettings.clinicId, clinicId), eq(clinicSettings.section, section)));
  return { values: withDefaults(section, row?.values ?? {}), updatedAt: row?.updatedAt ?? null };
}

/**
 * Field by field, so a value stored by an older version that no longer
 * validates falls back to its default instead of breaking the whole section.
 */
function withDefaults<K extends SectionKey>(
  section: K,
  stored: Record<string, unknown>,
): SectionValues<K> {
  const { schema, defaults } = SETTINGS_SECTIONS[section];
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, field] of Object.entries(schema.shape)) {
    if (!(key in stored)) continue;
    const parsed = (field as z.ZodType).safeParse(stored[key]);
    if (parsed.success) merged[key] = parsed.data;
  }
  return merged as SectionValues<K>;
}

export function validationError(error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return new AppError(
    400,
    "VALIDATION_FAILED",
    issues.map((i) => (i.path ? `${i.path}: ` : "") + i.message).join("; "),
    { issues },
  );
}

export interface SaveSectionInput<K extends SectionKey> {
  clinicId: string;
  section: K;
  /** The whole section; unknown fields are refused rather than silently dropped. */
  values: unknown;
  actorId: string;
}

export async function saveSection<K extends SectionKey>(
  db: Db,
  input: SaveSectionInput<K>,
): Promise<SectionState<K>> {
  const parsed = SETTINGS_SECTIONS[input.section].schema.safeParse(input.values);
  if (!parsed.success) throw validationError(parsed.error);
  const values = parsed.data as SectionValues<K>;
  return await db.transaction(async (tx) => {
    const before = await readSection(tx, input.clinicId, input.section);
    const [row] = await tx.insert(clinicSettings)
      .values({
        clinicId: input.clinicId,
        section: input.section,
        values,
        updatedBy: input.actorId,
      })
      .onConflictDoUpdate({
        target: [clinicSettings.clinicId, clinicSettings.section],
        set: { values, updatedBy: input.actorId, updatedAt: sql`now()` },
      })
      .returning({ updatedAt: clinicSettings.updatedAt });
    const changed = Object.keys(values).filter((key) =>
      (before.values as Record<string, unknown>)[key] !== (values as Record<string, unknown>)[key]
    );
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "settings.updated",
      entityType: "clinic_settings",
      entityId: input.section,
      details: { section: input.section, changed },
    });
    return { values, updatedAt: row.updatedAt };
  });
}

/**
 * An HTML form's fields as the section's types: an unchecked checkbox is
 * absent from the form, so every boolean field is read as "present or not".
 */
export function valuesFromForm(
  section: SectionKey,
  form: Record<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(SETTINGS_SECTIONS[section].defaults)) {
    const raw = form[key];
    if (typeof fallback === "boolean") values[key] = raw !== undefined;
    else if (typeof fallback === "number") {
      values[key] = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : undefined;
    } else values[key] = typeof raw === "string" ? raw : "";
  }
  return values;
}
