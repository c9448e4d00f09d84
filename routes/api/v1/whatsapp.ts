/**
 * The WhatsApp connection and message-log API. Every route here answers
 * 403 "Module 'whatsapp_api' is not enabled for this clinic" before anything
 * else when the clinic lacks the add-on, whatever the member's permissions:
 * the module guard runs first on all five, then each route's permission.
 *
 * Responses never carry a token or secret: `accessToken`, `verifyToken` and
 * `appSecret` read `••••` and their last four characters, and a POST that
 * sends such a masked value back keeps the stored one.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { badRequest } from "../../../lib/errors.ts";
import { requireModule, requirePermission } from "../../../lib/permissions/route-policy.ts";
import {
  connectionFields,
  connectionView,
  disconnect,
  saveConnection,
  saveTemplates,
  templateFields,
  testConnection,
  WHATSAPP_MODULE,
} from "../../../lib/whatsapp/connection.ts";
import { listMessageLog, logFilter } from "../../../lib/whatsapp/message-log.ts";

const saveBody = connectionFields.extend({ templates: templateFields.optional() }).strict();

export const whatsappConfigApi = new Hono<AppEnv & ClinicScope>()
  .use("*", requireModule(WHATSAPP_MODULE))
  .get("/config", requirePermission("whatsapp.config.view"), async (c) => {
    const { deps, clinicId } = c.var;
    return c.json(await connectionView(deps.db, deps.config.appUrl, clinicId));
  })
  .post(
    "/config",
    requirePermission("whatsapp.config.edit"),
    jsonBody(saveBody),
    async (c) => {
      const { deps, clinicId } = c.var;
      const { templates, ...fields } = c.req.valid("json");
      const actorId = c.var.principal.userId;
      const { view: test } = await saveConnection(deps, { clinicId, actorId, fields });
      if (templates) await saveTemplates(deps.db, { clinicId, actorId, templates });
      return c.json({ ...await connectionView(deps.db, deps.config.appUrl, clinicId), test });
    },
  )
  .delete("/config", requirePermission("whatsapp.config.edit"), async (c) => {
    const { deps, clinicId } = c.var;
    await disconnect(deps.db, { clinicId, actorId: c.var.principal.userId });
    return c.json(await connectionView(deps.db, deps.config.appUrl, clinicId));
  })
  .post(
    "/config/test",
    requirePermission("whatsapp.config.test"),
    jsonBody(connectionFields.strict()),
    async (c) => {
      const { deps, clinicId } = c.var;
      return c.json(await testConnection(deps, clinicId, c.req.valid("json")));
    },
  )
  .get("/logs", requirePermission("whatsapp.logs.view"), async (c) => {
    const parsed = logFilter.safeParse(c.req.query());
    if (!parsed.success) {
      throw badRequest(
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      );
    }
    const { deps, clinicId } = c.var;
    const page = await listMessageLog(deps.db, clinicId, parsed.data);
    return c.json(page);
  });

export type WhatsappConfigBody = z.infer<typeof saveBody>;
