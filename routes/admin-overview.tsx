/** Superadmin → Overview (`/admin`): the platform's figures, test accounts left out. */
import { Hono } from "hono";
import { OverviewPage } from "../components/admin/OverviewPage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadOverviewFigures } from "../lib/admin/overview-figures.ts";
import { monthLabel, revenueTrendSvg } from "../lib/admin/revenue-trend-chart.ts";
import { staffPage } from "./_page.tsx";

export const adminOverviewRoutes = new Hono<AppEnv>()
  .get("/admin", staffPage({ superadmin: true }), async (c) => {
    const { db, config } = c.var.deps;
    const now = new Date();
    const figures = await loadOverviewFigures(db, { now, trialDays: config.trialDays });
    return c.render(
      <OverviewPage
        figures={figures}
        chartSvg={revenueTrendSvg(figures.trend, { testAccounts: figures.testAccounts })}
        monthLabels={figures.trend.map((m) => monthLabel(m.month))}
        now={now}
      />,
      { title: "Platform overview", current: "/admin" },
    );
  });
