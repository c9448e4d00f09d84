/** Platform administration: clinics, their plans, modules and test-account tag. Superadmins only. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { superadminOnly } from "../../../lib/permissions/route-policy.ts";
import {
  assignPlan,
  type ClinicDetail,
  clinicDetail,
  listClinics,
  listPlans,
} from "../../../lib/admin/clinic-plans.ts";
import { findClinicOr404, setModule, setTestAccount } from "../../../lib/admin/clinic-modules.ts";
import { memberPermissions, setMemberPermissions } from "../../../lib/staff/members.ts";
import { listPlatformInvitations } from "../../../lib/staff/invitations.ts";
import { BILLING_PERIODS } from "../../../lib/subscriptions/state.ts";

const planBody = z.strictObject({
  planId: z.string().min(1).max(40),
  billingPeriod: z.enum(BILLING_PERIODS).optional(),
  note: z.string().max(1000).optional(),
  resetTemplates: z.boolean().optional(),
});

const moduleBody = z.strictObject({ enabled: z.boolean() });
const testAccountBody = z.strictObject({ isTestAccount: z.boolean() });
const permissionsBody = z.strictObject({ permissions: z.array(z.string().max(100)).max(151) });

function detailJson(detail: ClinicDetail) {
  return {
    clinic: { ...detail.clinic, createdAt: detail.clinic.createdAt.toISOString() },
    plan: detail.plan,
    modules: detail.modules,
    customisedRoles: detail.customisedRoles,
  };
}

export const adminApi = new Hono<AppEnv>()
  .get("/clinics", superadminOnly(), async (c) => {
    const { db } = c.var.deps;
    const [clinics, plans] = await Promise.all([listClinics(db), listPlans(db)]);
    return c.json({ clinics, plans });
  })
  .get("/clinics/:id", superadminOnly(), async (c) => {
    return c.json(detailJson(await clinicDetail(c.var.deps.db, c.req.param("id"))));
  })
  .put("/clinics/:id/plan", superadminOnly(), jsonBody(planBody), async (c) => {
    const { db } = c.var.deps;
    const body = c.req.valid("json");
    const assignment = await assignPlan(db, {
      clinicId: c.req.param("id"),
      planId: body.planId,
      billingPeriod: body.billingPeriod,
      note: body.note,
      resetTemplates: body.resetTemplates ?? false,
      actorId: c.var.principal.userId,
    });
    return c.json({ ...assignment, ...detailJson(await clinicDetail(db, c.req.param("id"))) });
  })
  .put("/clinics/:id/modules/:moduleKey", superadminOnly(), jsonBody(moduleBody), async (c) => {
    const { db } = c.var.deps;
    await setModule(db, {
      clinicId: c.req.param("id"),
      moduleKey: c.req.param("moduleKey"),
      enabled: c.req.valid("json").enabled,
      actorId: c.var.principal.userId,
    });
    return c.json(detailJson(await clinicDetail(db, c.req.param("id"))));
  })
  // Removes the switch, so the module follows the clinic's plan again.
  .delete("/clinics/:id/modules/:moduleKey", superadminOnly(), async (c) => {
    const { db } = c.var.deps;
    await setModule(db, {
      clinicId: c.req.param("id"),
      moduleKey: c.req.param("moduleKey"),
      enabled: null,
      actorId: c.var.principal.userId,
    });
    return c.json(detailJson(await clinicDetail(db, c.req.param("id"))));
  })
  .put("/clinics/:id/test-account", superadminOnly(), jsonBody(testAccountBody), async (c) => {
    const { db } = c.var.deps;
    await setTestAccount(db, {
      clinicId: c.req.param("id"),
      isTestAccount: c.req.valid("json").isTestAccount,
      actorId: c.var.principal.userId,
    });
    return c.json(detailJson(await clinicDetail(db, c.req.param("id"))));
  })
  // The superadmin's per-user override (release notes: "Superadmins can still
  // override permissions for individual users"); the same column the clinic's
  // Staff page edits, without the clinic-side "grant only what you hold" rule.
  .get("/clinics/:id/members/:memberId/permissions", superadminOnly(), async (c) => {
    const { db } = c.var.deps;
    await findClinicOr404(db, c.req.param("id"));
    const result = await memberPermissions(db, c.req.param("id"), c.req.param("memberId"));
    return c.json({
      permissions: result.effective,
      override: result.override,
      template: result.template,
      unavailable: result.unavailable,
    });
  })
  .put(
    "/clinics/:id/members/:memberId/permissions",
    superadminOnly(),
    jsonBody(permissionsBody),
    async (c) => {
      const { db } = c.var.deps;
      const [clinicId, memberId] = [c.req.param("id"), c.req.param("memberId")];
      await findClinicOr404(db, clinicId);
      await setMemberPermissions(db, {
        clinicId,
        memberId,
        permissions: c.req.valid("json").permissions,
        actorId: c.var.principal.userId,
      });
      const result = await memberPermissions(db, clinicId, memberId);
      return c.json({ permissions: result.effective, override: result.override });
    },
  )
  .delete("/clinics/:id/members/:memberId/permissions", superadminOnly(), async (c) => {
    const { db } = c.var.deps;
    const [clinicId, memberId] = [c.req.param("id"), c.req.param("memberId")];
    await findClinicOr404(db, clinicId);
    await setMemberPermissions(db, {
      clinicId,
      memberId,
      permissions: null,
      actorId: c.var.principal.userId,
    });
    const result = await memberPermissions(db, clinicId, memberId);
    return c.json({ permissions: result.effective, override: result.override });
  })
  .get("/invitations", superadminOnly(), async (c) => {
    const invitations = await listPlatformInvitations(c.var.deps.db);
    return c.json({
      invitations: invitations.map((i) => ({
        id: i.id,
        clinicId: i.clinicId,
        clinicName: i.clinicName,
        email: i.email,
        role: i.role,
        createdAt: i.createdAt.toISOString(),
        expiresAt: i.expiresAt.toISOString(),
      })),
    });
  });
