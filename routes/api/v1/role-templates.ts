/**
 * Role templates over JSON (Settings → Permission Templates). Everything is
 * the signed-in clinic's: there is no clinic id to send, so another clinic's
 * templates cannot even be named.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { forbidden } from "../../../lib/errors.ts";
import type { Access } from "../../../lib/permissions/access.ts";
import { accessOf, requirePermission } from "../../../lib/permissions/route-policy.ts";
import { ALL_PERMISSIONS, PERMISSION_TREE } from "../../../lib/permissions/tree.ts";
import {
  getTemplate,
  listTemplates,
  resetTemplate,
  type RoleTemplateView,
  saveTemplate,
} from "../../../lib/permissions/templates.ts";

const templateBody = z.object({
  permissions: z.array(z.string().min(1).max(100)).max(ALL_PERMISSIONS.length),
}).strict();

async function clinicAccess(c: Context<AppEnv & ClinicScope>): Promise<Access> {
  const access = await accessOf(c);
  // requirePermission already refused anyone without a clinic; this narrows the type.
  if (!access) throw forbidden("NO_CLINIC", "No clinic context");
  return access;
}

function templateJson(template: RoleTemplateView) {
  return { ...template, updatedAt: template.updatedAt?.toISOString() ?? null };
}

export const roleTemplatesApi = new Hono<AppEnv>()
  .get("/", requirePermission("settings.templates.view"), async (c) => {
    const access = await clinicAccess(c);
    const roles = await listTemplates(c.var.deps.db, access.clinicId, access.planId);
    return c.json({
      roles: roles.map(templateJson),
      tree: PERMISSION_TREE,
      modules: [...access.modules],
    });
  })
  .get("/:role", requirePermission("settings.templates.view"), async (c) => {
    const access = await clinicAccess(c);
    const template = await getTemplate(
      c.var.deps.db,
      access.clinicId,
      access.planId,
      c.req.param("role"),
    );
    return c.json(templateJson(template));
  })
  .put(
    "/:role",
    requirePermission("settings.templates.edit"),
    jsonBody(templateBody),
    async (c) => {
      const access = await clinicAccess(c);
      const saved = await saveTemplate(c.var.deps.db, {
        clinicId: access.clinicId,
        role: c.req.param("role"),
        permissions: c.req.valid("json").permissions,
        actorId: c.var.principal.userId,
        actorPermissions: access.permissions,
      });
      return c.json(saved);
    },
  )
  .delete("/:role", requirePermission("settings.templates.edit"), async (c) => {
    const access = await clinicAccess(c);
    const reset = await resetTemplate(c.var.deps.db, {
      clinicId: access.clinicId,
      role: c.req.param("role"),
      actorId: c.var.principal.userId,
    });
    return c.json(reset);
  });
