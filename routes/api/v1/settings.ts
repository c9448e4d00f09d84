/**
 * Clinic settings sections. Each section has a view and an edit permission
 * ("Receptionist Improvements": reception may read Lab settings but not change
 * them); Lab settings exist only while the clinic has the lab module.
 */
import { type Context, Hono } from "hono";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import {
  accessOf,
  requireModule,
  requirePermission,
} from "../../../lib/permissions/route-policy.ts";
import {
  readSection,
  saveSection,
  type SectionKey,
  type SectionState,
  SETTINGS_SECTIONS,
} from "../../../lib/settings/sections.ts";

async function sectionJson<K extends SectionKey>(
  c: Context<AppEnv & ClinicScope>,
  section: K,
  state?: SectionState<K>,
) {
  const access = (await accessOf(c))!;
  state ??= await readSection(c.var.deps.db, access.clinicId, section);
  return c.json({
    section,
    values: state.values,
    updatedAt: state.updatedAt?.toISOString() ?? null,
    // Lets a client render the form read-only instead of offering a Save it would be refused.
    canEdit: access.permissions.has(SETTINGS_SECTIONS[section].edit),
  });
}

async function save<K extends SectionKey>(
  c: Context<AppEnv & ClinicScope>,
  section: K,
  values: unknown,
) {
  const access = (await accessOf(c))!;
  const state = await saveSection(c.var.deps.db, {
    clinicId: access.clinicId,
    section,
    values,
    actorId: c.var.principal.userId,
  });
  return sectionJson(c, section, state);
}

export const settingsApi = new Hono<AppEnv>()
  .get(
    "/lab",
    requireModule("lab"),
    requirePermission("settings.lab.view"),
    (c) => sectionJson(c, "lab"),
  )
  .put(
    "/lab",
    requireModule("lab"),
    requirePermission("settings.lab.edit"),
    jsonBody(SETTINGS_SECTIONS.lab.schema),
    (c) => save(c, "lab", c.req.valid("json")),
  )
  .get(
    "/notifications",
    requirePermission("settings.notifications.view"),
    (c) => sectionJson(c, "notifications"),
  )
  .put(
    "/notifications",
    requirePermission("settings.notifications.edit"),
    jsonBody(SETTINGS_SECTIONS.notifications.schema),
    (c) => save(c, "notifications", c.req.valid("json")),
  );
