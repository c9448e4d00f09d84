/** The landing page after sign-in: the clinic at a glance, or the platform for a superadmin. */
import { Hono } from "hono";
import { ClinicDashboard } from "../components/dashboard/ClinicDashboard.tsx";
import { PlatformDashboard } from "../components/dashboard/PlatformDashboard.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { clinicOverview, platformOverview } from "../lib/dashboard/overview.ts";
import { staffPage } from "./_page.tsx";

export const dashboardRoutes = new Hono<AppEnv>()
  .get("/dashboard", staffPage(), async (c) => {
    const { deps, me } = c.var;
    const now = new Date();
    return c.render(
      me.clinic
        ? (
          <ClinicDashboard
            me={me}
            overview={await clinicOverview(deps.db, me.clinic.id)}
            now={now}
          />
        )
        : <PlatformDashboard overview={await platformOverview(deps.db)} now={now} />,
      { title: "Dashboard" },
    );
  });
