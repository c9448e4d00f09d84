/** Settings → Permission Templates: what each staff role's members get. */
import { Hono } from "hono";
import { PermissionTemplatesPage } from "../components/staff/PermissionTemplatesPage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { templateRole } from "../lib/permissions/templates.ts";
import { templateOverview } from "../lib/staff/template-overview.ts";
import { staffPage } from "./_page.tsx";

export const permissionTemplateRoutes = new Hono<AppEnv>()
  .get(
    "/settings/permission-templates",
    staffPage({ permission: "settings.templates.view" }),
    async (c) => {
      const { deps, me } = c.var;
      const role = templateRole(c.req.query("role") ?? "doctor");
      // The permission guard guarantees a clinic member, hence their access.
      const overview = await templateOverview(deps.db, me.access!, role);
      return c.render(
        <PermissionTemplatesPage
          overview={overview}
          clinicName={me.clinic!.name}
          timeZone={me.clinic!.timeZone}
        />,
        { title: "Permission templates", current: "/settings" },
      );
    },
  );
