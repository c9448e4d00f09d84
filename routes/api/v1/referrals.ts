/**
 * A clinic's referrals and its reward estimate, for whoever may see the clinic's plan. The
 * estimate uses the same function as the Referrals page, over the live prices and commission.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { requirePermission } from "../../../lib/permissions/route-policy.ts";
import {
  clinicReferral,
  listClinicReferrals,
  referralCodeOf,
} from "../../../lib/subscriptions/referrals.ts";
import { commissionBps, listSubscriptionPlans } from "../../../lib/subscriptions/plans.ts";
import {
  estimateReferralReward,
  MAX_REFERRED_PER_PLAN,
} from "../../../lib/subscriptions/calculator.ts";

const PERMISSION = "settings.subscription.view";

const estimateBody = z.strictObject({
  counts: z.record(
    z.string().max(40),
    z.number().int().min(0).max(MAX_REFERRED_PER_PLAN),
  ),
  billingPeriod: z.enum(["monthly", "annual"]).optional(),
});

export const referralsApi = new Hono<AppEnv>()
  .get("/", requirePermission(PERMISSION), async (c) => {
    const { db, config } = c.var.deps;
    const [code, referrals] = await Promise.all([
      referralCodeOf(db, c.var.clinicId),
      listClinicReferrals(db, c.var.clinicId),
    ]);
    return c.json({ code, link: `${config.appUrl}/refer/${code}`, referrals });
  })
  .post("/estimate", requirePermission(PERMISSION), jsonBody(estimateBody), async (c) => {
    const { db } = c.var.deps;
    const body = c.req.valid("json");
    const [plans, bps] = await Promise.all([listSubscriptionPlans(db), commissionBps(db)]);
    const estimate = estimateReferralReward({
      plans,
      counts: body.counts,
      commissionBps: bps,
      billingPeriod: body.billingPeriod ?? "monthly",
    });
    return c.json({ commissionBps: bps, ...estimate });
  })
  .get("/:id", requirePermission(PERMISSION), async (c) => {
    return c.json(await clinicReferral(c.var.deps.db, c.var.clinicId, c.req.param("id")));
  });
