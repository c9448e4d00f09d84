/** Superadmin → Revenue: trial and active cohorts, filtered by plan and cohort. */
import { Hono } from "hono";
import { RevenuePage } from "../components/admin/RevenuePage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { badRequest } from "../lib/errors.ts";
import { listPlans } from "../lib/admin/clinic-plans.ts";
import { loadRevenueCohorts, revenueFilters } from "../lib/admin/revenue.ts";
import { staffPage } from "./_page.tsx";

export const adminRevenueRoutes = new Hono<AppEnv>()
  .get("/admin/revenue", staffPage({ superadmin: true }), async (c) => {
    const { db, config } = c.var.deps;
    const parsed = revenueFilters.safeParse(c.req.query());
    if (!parsed.success) throw badRequest(parsed.error.issues[0].message);
    const filters = parsed.data;
    const [cohorts, plans] = await Promise.all([
      loadRevenueCohorts(db, { filters, now: new Date(), trialDays: config.trialDays }),
      listPlans(db),
    ]);
    return c.render(
      <RevenuePage cohorts={cohorts} filters={filters} plans={plans} />,
      { title: "Revenue", current: "/admin/revenue" },
    );
  });
