/**
 * Subscription plans: every signed-in member reads the live prices (PKR minor units); the
 * superadmin changes a plan's prices and features.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { signedIn, superadminOnly } from "../../../lib/permissions/route-policy.ts";
import {
  listSubscriptionPlans,
  planPricesBody,
  updatePlanPrices,
} from "../../../lib/subscriptions/plans.ts";

export const subscriptionPlansApi = new Hono<AppEnv>()
  .get("/", signedIn(), async (c) => {
    return c.json({ plans: await listSubscriptionPlans(c.var.deps.db) });
  })
  .put("/:id", superadminOnly(), jsonBody(planPricesBody), async (c) => {
    const plan = await updatePlanPrices(
      c.var.deps.db,
      c.req.param("id"),
      c.req.valid("json"),
      c.var.principal.userId,
    );
    return c.json({ plan });
  });
