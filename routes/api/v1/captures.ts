/**
 * Captures for staff: one capture, the unassigned inbox, and assigning or
 * tagging. The route declares the least a caller needs (seeing X-rays); what
 * a change needs on top (`radiology.inbox.assign`, `radiology.tags.edit`)
 * depends on the fields sent and is checked in lib/captures/inbox.ts.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import {
  accessOf,
  requireModule,
  requirePermission,
} from "../../../lib/permissions/route-policy.ts";
import { badRequest } from "../../../lib/errors.ts";
import { CAPTURE_CATEGORIES } from "../../../lib/radiology/categories.ts";
import { isFdiTooth } from "../../../lib/clinical/teeth.ts";
import { BRIDGE_MODULE } from "../../../lib/bridge/devices.ts";
import {
  captureView,
  getCapture,
  listCaptures,
  updateCapture,
} from "../../../lib/captures/inbox.ts";

const updateBody = z.object({
  patientId: z.string().min(1),
  teeth: z.array(
    z.number().int().refine((n) => isFdiTooth(String(n)), "not an FDI tooth number"),
  ).max(52),
  category: z.enum(CAPTURE_CATEGORIES),
}).partial().strict()
  .refine(
    (body) => Object.keys(body).length > 0,
    "Send the fields to change: patientId, teeth, category",
  );

export const capturesApi = new Hono<AppEnv>()
  .get("/", requireModule(BRIDGE_MODULE), requirePermission("radiology.inbox.view"), async (c) => {
    const status = c.req.query("status");
    if (status !== undefined && status !== "unassigned" && status !== "assigned") {
      throw badRequest("status must be unassigned or assigned");
    }
    const captures = await listCaptures(c.var.deps.db, c.var.clinicId, { status });
    return c.json({ captures: captures.map(captureView) });
  })
  .get("/:id", requireModule(BRIDGE_MODULE), requirePermission("radiology.view"), async (c) => {
    const capture = await getCapture(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return c.json({ capture: captureView(capture) });
  })
  .patch(
    "/:id",
    requireModule(BRIDGE_MODULE),
    requirePermission("radiology.view"),
    jsonBody(updateBody),
    async (c) => {
      const capture = await updateCapture(c.var.deps.db, {
        clinicId: c.var.clinicId,
        captureId: c.req.param("id"),
        changes: c.req.valid("json"),
        access: (await accessOf(c))!,
        actorId: c.var.principal.userId,
      });
      return c.json({ capture: captureView(capture) });
    },
  );
