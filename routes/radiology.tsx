/** Radiology: the clinic's latest X-rays and DICOM studies across patients. */
import { Hono } from "hono";
import { RecentImages } from "../components/radiology/RecentImages.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import type { Access } from "../lib/permissions/access.ts";
import { radiologyOverview } from "../lib/radiology/overview.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { staffPage } from "./_page.tsx";

function cursor(raw: string | undefined): Date | undefined {
  return raw && !Number.isNaN(Date.parse(raw)) ? new Date(raw) : undefined;
}

export const radiologyRoutes = new Hono<AppEnv>()
  .get("/radiology", staffPage(PAGE_ACCESS.radiology), async (c) => {
    const { deps, me } = c.var;
    const before = cursor(c.req.query("before"));
    const overview = await radiologyOverview(deps.db, me.access as Access, { before });
    return c.render(
      <RecentImages
        overview={overview}
        before={before}
        timeZone={me.clinic?.timeZone ?? "Asia/Karachi"}
      />,
      { title: "Radiology" },
    );
  });
