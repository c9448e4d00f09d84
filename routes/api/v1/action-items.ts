/**
 * The signed-in member's action items, most urgent first, each with the link
 * to the page where it is resolved. `?nudge=1` adds the AI provider's
 * one-line suggestion per item when a model is configured.
 */
import { Hono } from "hono";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import {
  accessOf,
  requireModule,
  requirePermission,
} from "../../../lib/permissions/route-policy.ts";
import { textProviderFromConfig } from "../../../lib/ai/mod.ts";
import { clinicTimeZone } from "../../../lib/time/clinic-zone.ts";
import { actionItemJson, actionItems } from "../../../lib/action-items/items.ts";
import { addNudges } from "../../../lib/action-items/nudges.ts";

export const actionItemsApi = new Hono<AppEnv & ClinicScope>()
  .get("/", requireModule("ai_reports"), requirePermission("ai.action_items.view"), async (c) => {
    const { db, config } = c.var.deps;
    const access = (await accessOf(c))!;
    const items = await actionItems(db, {
      clinicId: c.var.clinicId,
      access,
      timeZone: await clinicTimeZone(db, c.var.clinicId),
      now: new Date(),
    });
    const shown = c.req.query("nudge") === "1"
      ? await addNudges(items, textProviderFromConfig(config.ai))
      : items;
    return c.json({ items: shown.map(actionItemJson) });
  });
