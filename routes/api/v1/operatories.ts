/** Operatories (treatment rooms): what a booking form offers, and their management. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { requirePermission } from "../../../lib/permissions/route-policy.ts";
import {
  createOperatory,
  listOperatories,
  updateOperatory,
} from "../../../lib/appointments/operatories.ts";

const name = z.string().trim().min(1, "name is required").max(80);

const createBody = z.object({ name }).strict();

const updateBody = z.object({ name, active: z.boolean() }).partial().strict()
  .refine((body) => Object.keys(body).length > 0, "Send the fields to change: name, active");

/** Signed-in routes always carry a clinic member's principal. */
export const operatoriesApi = new Hono<AppEnv>()
  .get("/", requirePermission("appointments.operatories.view"), async (c) => {
    return c.json({ operatories: await listOperatories(c.var.deps.db, c.var.clinicId) });
  })
  .post(
    "/",
    requirePermission("appointments.operatories.manage"),
    jsonBody(createBody),
    async (c) => {
      const operatory = await createOperatory(c.var.deps.db, {
        clinicId: c.var.clinicId,
        name: c.req.valid("json").name,
        actorId: c.var.principal.userId,
      });
      return c.json({ operatory }, 201);
    },
  )
  .patch(
    "/:id",
    requirePermission("appointments.operatories.manage"),
    jsonBody(updateBody),
    async (c) => {
      const operatory = await updateOperatory(c.var.deps.db, {
        clinicId: c.var.clinicId,
        operatoryId: c.req.param("id"),
        ...c.req.valid("json"),
        actorId: c.var.principal.userId,
      });
      return c.json({ operatory });
    },
  );
