/** What Settings → Permission Templates shows for one role, loaded in one call. */
import type { Db } from "../db/client.ts";
import { type Access, can } from "../permissions/access.ts";
import {
  keysOutsideModules,
  listTemplates,
  type RoleTemplateView,
  type TemplateRole,
} from "../permissions/templates.ts";

export interface TemplateOverview {
  /** Every templatable role, for the tabs. */
  templates: RoleTemplateView[];
  /** The role on show. */
  template: RoleTemplateView;
  planId: string;
  /** Keys outside the clinic's modules: shown, never granted. */
  unavailable: string[];
  editable: boolean;
}

export async function templateOverview(
  db: Db,
  access: Access,
  role: TemplateRole,
): Promise<TemplateOverview> {
  const templates = await listTemplates(db, access.clinicId, access.planId);
  return {
    templates,
    template: templates.find((t) => t.role === role)!,
    planId: access.planId,
    unavailable: keysOutsideModules(access.modules),
    editable: can(access, "settings.templates.edit"),
  };
}
