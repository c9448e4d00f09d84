/**
 * Treatment plans, the service catalog and discount policies. Every route declares the
 * treatment module first (a clinic with it switched off gets 403 naming the module), then its
 * permission. Money is integer paisa with `currency: "PKR"`; the server computes every figure.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { badRequest, notFound } from "../../../lib/errors.ts";
import { isUuid } from "../../../lib/ids.ts";
import {
  accessOf,
  requireModule,
  requirePermission,
} from "../../../lib/permissions/route-policy.ts";
import { can } from "../../../lib/permissions/access.ts";
import { createPlan, updatePlan } from "../../../lib/treatment/plan-writes.ts";
import { getPlan, listPlans } from "../../../lib/treatment/plans.ts";
import { acceptPlan, signatureFromDataUrl } from "../../../lib/treatment/acceptance.ts";
import { planPdf } from "../../../lib/treatment/export.ts";
import { createService, listServices, serviceInput } from "../../../lib/treatment/catalog.ts";
import { listPolicies, policyInput, savePolicy } from "../../../lib/treatment/policies.ts";
import { newPlanInput, PLAN_STATUSES, planChangeInput } from "../../../lib/treatment/plan-input.ts";
import { planJson } from "../../../lib/treatment/json.ts";
import { patientInClinic } from "../../../lib/treatment/patients.ts";

const MODULE = "treatment";

const acceptBody = z.object({
  optionId: z.uuid({ message: "optionId must be an option id" }),
  signedName: z.string().trim().min(1).max(120).nullable().default(null),
  /** A `data:image/png;base64,…` URL of the signature drawn on the screen. */
  signature: z.string().max(800_000).nullable().default(null),
}).strict();

const listQuery = z.object({
  patientId: z.string().optional(),
  status: z.enum(PLAN_STATUSES, { message: `status is one of ${PLAN_STATUSES.join(", ")}` })
    .optional(),
});

async function actorOf(c: Parameters<typeof accessOf>[0] & { var: { clinicId: string } }) {
  return {
    clinicId: c.var.clinicId,
    actorId: c.var.principal.userId,
    mayApplyDiscounts: can(await accessOf(c), "treatment.discounts.apply"),
  };
}

export const treatmentPlansApi = new Hono<AppEnv>()
  .get("/", requireModule(MODULE), requirePermission("treatment.plans.view"), async (c) => {
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) throw badRequest(query.error.issues.map((i) => i.message).join("; "));
    const { patientId, status } = query.data;
    if (patientId !== undefined) {
      if (!(await patientInClinic(c.var.deps.db, c.var.clinicId, patientId))) {
        throw notFound("Patient not found");
      }
    }
    const plans = await listPlans(c.var.deps.db, c.var.clinicId, { patientId, status });
    return c.json({
      currency: "PKR",
      plans: plans.map((p) => ({ ...p, updatedAt: p.updatedAt.toISOString() })),
    });
  })
  .post(
    "/",
    requireModule(MODULE),
    requirePermission("treatment.plans.create"),
    jsonBody(newPlanInput),
    async (c) => {
      const plan = await createPlan(c.var.deps.db, await actorOf(c), c.req.valid("json"));
      return c.json({ plan: planJson(plan) }, 201);
    },
  )
  .get("/:id", requireModule(MODULE), requirePermission("treatment.plans.view"), async (c) => {
    const plan = await getPlan(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return c.json({ plan: planJson(plan) });
  })
  .patch(
    "/:id",
    requireModule(MODULE),
    requirePermission("treatment.plans.edit"),
    jsonBody(planChangeInput),
    async (c) => {
      const plan = await updatePlan(
        c.var.deps.db,
        await actorOf(c),
        c.req.param("id"),
        c.req.valid("json"),
      );
      return c.json({ plan: planJson(plan) });
    },
  )
  .post(
    "/:id/accept",
    requireModule(MODULE),
    requirePermission("treatment.plans.approve"),
    jsonBody(acceptBody),
    async (c) => {
      const body = c.req.valid("json");
      const { deps } = c.var;
      if (!isUuid(c.req.param("id"))) throw notFound("Treatment plan not found");
      const plan = await acceptPlan(deps.db, deps.storage, {
        clinicId: c.var.clinicId,
        planId: c.req.param("id"),
        optionId: body.optionId,
        via: "clinic",
        actorId: c.var.principal.userId,
        signedName: body.signedName,
        signaturePng: signatureFromDataUrl(body.signature),
      });
      return c.json({ plan: planJson(plan) });
    },
  )
  .get(
    "/:id/pdf",
    requireModule(MODULE),
    requirePermission("treatment.plans.export"),
    async (c) => {
      const { deps } = c.var;
      const { bytes, filename } = await planPdf(deps.db, deps.storage, {
        clinicId: c.var.clinicId,
        planId: c.req.param("id"),
        now: new Date(),
      });
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": `${
          c.req.query("download") === "1" ? "attachment" : "inline"
        }; filename="${filename}"`,
        "Cache-Control": "private, no-store",
      });
    },
  );

export const servicesApi = new Hono<AppEnv>()
  .get("/", requireModule(MODULE), requirePermission("treatment.catalog.view"), async (c) => {
    const services = await listServices(c.var.deps.db, c.var.clinicId, {
      search: c.req.query("q"),
      category: c.req.query("category") || undefined,
      includeArchived: c.req.query("archived") === "1",
    });
    return c.json({ currency: "PKR", services: services.map(serviceJson) });
  })
  .post(
    "/",
    requireModule(MODULE),
    requirePermission("treatment.catalog.manage"),
    jsonBody(serviceInput),
    async (c) => {
      const service = await createService(c.var.deps.db, {
        clinicId: c.var.clinicId,
        actorId: c.var.principal.userId,
        service: c.req.valid("json"),
      });
      return c.json({ service: serviceJson(service) }, 201);
    },
  );

export const discountPoliciesApi = new Hono<AppEnv>()
  .get("/", requireModule(MODULE), requirePermission("treatment.plans.view"), async (c) => {
    const policies = await listPolicies(c.var.deps.db, c.var.clinicId);
    return c.json({ currency: "PKR", policies: policies.map(policyJson) });
  })
  .post(
    "/",
    requireModule(MODULE),
    requirePermission("treatment.catalog.manage"),
    jsonBody(policyInput),
    async (c) => {
      const policy = await savePolicy(c.var.deps.db, {
        clinicId: c.var.clinicId,
        actorId: c.var.principal.userId,
        policy: c.req.valid("json"),
      });
      return c.json({ policy: policyJson(policy) }, 201);
    },
  );

function serviceJson(s: Awaited<ReturnType<typeof listServices>>[number]) {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    category: s.category,
    defaultPriceMinor: s.defaultPriceMinor,
    currency: s.currency,
    defaultDurationMinutes: s.defaultDurationMinutes,
    perTooth: s.perTooth,
    active: s.active,
  };
}

function policyJson(p: Awaited<ReturnType<typeof listPolicies>>[number]) {
  const { clinicId: _, createdAt, updatedAt, ...rest } = p;
  return { ...rest, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}
